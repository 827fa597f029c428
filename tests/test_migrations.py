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
