# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The cases of the migration scripts that the update of a database made with
the previous version (scripts/test.sh) cannot meet in the same database."""

from pathlib import Path

from odoo.modules.migration import load_script
from odoo.tools import SQL

from .common import AutomationCase

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class TestShippedMigration(AutomationCase):
    """19.0.1.3.0: the seeded trigger of the shipping event goes to Shipped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seeded = cls.env.ref("sale_status_automation.trigger_shipped")

    def migrate(self, step="post"):
        script = MIGRATIONS / "19.0.1.3.0" / f"{step}-migrate.py"
        load_script(str(script), f"sale_status_automation_1_3_0_{step}").migrate(
            self.env.cr, "19.0.1.2.0"
        )
        self.env.invalidate_all()
        self.env.registry.clear_cache()  # the xmlids

    def as_installed_by_the_previous_version(self, edited=False):
        """The seeded trigger as 19.0.1.2.0 seeded it, then maybe edited."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE sale_status_trigger SET stage_id = %s, write_date = "
                "create_date + %s::interval WHERE id = %s",
                self.stage_delivered.id,
                "1 day" if edited else "0 seconds",
                self.seeded.id,
            )
        )
        self.env.invalidate_all()

    def test_the_untouched_seeded_trigger_moves_to_shipped(self):
        self.as_installed_by_the_previous_version()
        self.assertEqual(self.seeded.stage_id, self.stage_delivered)
        self.migrate()
        self.assertEqual(self.seeded.stage_id, self.stage_shipped)

    def test_an_edited_seeded_trigger_stays_where_the_user_put_it(self):
        self.as_installed_by_the_previous_version(edited=True)
        self.migrate()
        self.assertEqual(self.seeded.stage_id, self.stage_delivered)

    def test_a_trigger_made_instead_of_a_deleted_seeded_one_takes_its_name(self):
        self.seeded.unlink()
        own = self.env["sale.status.trigger"].create(
            {"event": "shipped", "stage_id": self.stage_delivered.id}
        )
        self.migrate("pre")
        # Loading the data then finds it, and seeds no second trigger that
        # the one-status-per-event index would refuse.
        self.assertEqual(self.env.ref("sale_status_automation.trigger_shipped"), own)
        self.migrate()
        self.assertEqual(own.stage_id, self.stage_delivered)


class TestVoicesMigration(AutomationCase):
    """19.0.1.6.0: the voice a rule or a company named became a record."""

    def as_saved_by_the_previous_version(self, rule, voice, company_voice):
        """The old columns, as 19.0.1.5.0 stored the voices, and no record."""
        self.env.flush_all()
        for table, column, value, row in (
            ("sale_status_rule", "call_voice", voice, rule.id),
            ("res_company", "sale_status_voice", company_voice, self.company.id),
        ):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %(table)s ADD COLUMN %(column)s varchar;"
                    "UPDATE %(table)s SET %(column)s = %(value)s WHERE id = %(row)s",
                    table=SQL.identifier(table),
                    column=SQL.identifier(column),
                    value=value,
                    row=row,
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE sale_status_rule SET call_voice_id = NULL WHERE id = %s",
                rule.id,
            )
        )
        self.env.invalidate_all()

    def migrate(self):
        script = MIGRATIONS / "19.0.1.6.0" / "post-migrate.py"
        load_script(str(script), "sale_status_automation_1_6_0_post").migrate(
            self.env.cr, "19.0.1.5.0"
        )
        self.env.invalidate_all()

    def test_a_voice_becomes_that_voice_in_the_rule_language(self):
        rule = self.make_rule(
            self.stage_shipped, "Call", channel="call", call_language="en-GB"
        )
        self.company.sale_status_voice_language = "en-US"
        # Twilio's basic voice speaks six languages: the rule's is kept.
        self.as_saved_by_the_previous_version(rule, "woman", "Polly.Joanna")
        self.migrate()
        self.assertEqual(
            (rule.call_voice_id, self.company.sale_status_voice_id),
            (self.voice("woman", "en-GB"), self.voice("Polly.Joanna", "en-US")),
        )
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE column_name "
            "IN ('call_voice', 'sale_status_voice')"
        )
        self.assertFalse(self.env.cr.fetchall())

    def test_a_voice_twilio_no_longer_lists_leaves_twilios_usual_voice(self):
        rule = self.make_rule(
            self.stage_shipped,
            "Call",
            channel="call",
            call_language="en-US",
            call_text="Hello",
        )
        self.as_saved_by_the_previous_version(rule, "Polly.Gone", "Polly.Joanna")
        self.migrate()
        self.assertFalse(rule.call_voice_id)
        twiml, _text = self.env["sale.status.channel.call"]._twiml(
            rule, self.create_order(), self.customer
        )
        self.assertIn('<Say language="en-US" voice="Polly.Joanna-Neural">', twiml)


class TestRequiredOrderStateMigration(AutomationCase):
    """19.0.1.8.0: the seeded Confirmed and Cancelled of existing databases
    require their state, unless the user renamed them."""

    def migrate(self):
        script = MIGRATIONS / "19.0.1.8.0" / "post-required_order_state.py"
        load_script(str(script), "sale_status_automation_1_8_0_required").migrate(
            self.env.cr, "19.0.1.7.0"
        )
        self.env.invalidate_all()

    def as_installed_by_the_previous_version(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE sale_order_stage SET required_order_state = NULL"
                " WHERE id IN %s",
                (self.stage_confirmed.id, self.stage_cancelled.id),
            )
        )
        self.env.invalidate_all()

    def test_the_seeded_statuses_get_their_state(self):
        self.as_installed_by_the_previous_version()
        # Reordered and recolored: still what they were seeded as.
        self.stage_confirmed.write({"sequence": 35, "color": 3})
        self.migrate()
        self.assertEqual(self.stage_confirmed.required_order_state, "sale")
        self.assertEqual(self.stage_cancelled.required_order_state, "cancel")

    def test_a_renamed_seeded_status_is_the_users(self):
        self.as_installed_by_the_previous_version()
        self.stage_confirmed.name = "Waiting for the deposit"
        self.migrate()
        self.assertFalse(self.stage_confirmed.required_order_state)
        self.assertEqual(self.stage_cancelled.required_order_state, "cancel")

    def test_a_requirement_the_user_set_stays(self):
        self.as_installed_by_the_previous_version()
        self.stage_confirmed.required_order_state = "sent"
        self.migrate()
        self.assertEqual(self.stage_confirmed.required_order_state, "sent")
