# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import SEEDED_STATUSES, AutomationCase


class TestRule(AutomationCase):
    def test_summary_tells_what_when_and_how(self):
        rule = self.make_rule(
            self.stage_shipped,
            "Call",
            channel="call",
            timing="delay",
            delay=2,
            delay_unit="hours",
            run_mode="after_previous",
        )
        self.assertEqual(
            rule.summary, "Robocall to customer, 2 h after the previous rule"
        )
        rule.write(
            {
                "channel": "email",
                "timing": "immediately",
                "run_mode": "parallel",
                "once_per_order": True,
                "condition_domain": "[('amount_total', '>', 100)]",
            }
        )
        self.assertEqual(
            rule.summary,
            "Email to customer, immediately on entering, if conditions match, "
            "once per order",
        )
        rule.channel = "employee"
        self.assertTrue(rule.summary.startswith("Employee notification to salesperson"))

    def test_delays_must_be_positive_and_below_a_year(self):
        rule = self.make_rule(self.stage_shipped, "Later")
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            rule.write({"timing": "delay", "delay": 0})
        with self.assertRaisesRegex(ValidationError, "cannot exceed 365 days"):
            rule.write({"timing": "delay", "delay": 366, "delay_unit": "days"})
        rule.write({"timing": "delay", "delay": 365, "delay_unit": "days"})
        self.assertEqual(rule._delay_minutes(), 365 * 24 * 60)

    def test_conditions_must_be_a_valid_filter(self):
        rule = self.make_rule(self.stage_shipped, "Filtered")
        with self.assertRaisesRegex(ValidationError, "not a valid filter"):
            rule.condition_domain = "[('no_such_field', '=', 1)]"
        with self.assertRaisesRegex(ValidationError, "not a valid filter"):
            rule.condition_domain = "[('amount_total', '>'"
        rule.condition_domain = "[('date_order', '>=', context_today())]"

    def test_form_shows_the_delay_only_when_delayed(self):
        form = Form(self.env["sale.status.rule"].with_user(self.manager))
        form.name = "Shipping notice"
        form.stage_id = self.stage_shipped
        self.assertTrue(form._get_modifier("delay", "invisible"))
        form.timing = "delay"
        self.assertFalse(form._get_modifier("delay", "invisible"))
        form.delay = 3
        form.delay_unit = "days"
        self.assertEqual(form.summary, "Email to customer, 3 day(s) after entering")
        form.once_per_order = True
        self.assertEqual(
            form.summary, "Email to customer, 3 day(s) after entering, once per order"
        )
        rule = form.save()
        self.assertEqual(
            rule.summary, "Email to customer, 3 day(s) after entering, once per order"
        )

    def test_board_shows_every_status_in_pipeline_order(self):
        self.make_rule(self.stage_paid, "Thanks")
        self.make_rule(self.stage_delivered, "Review request")
        # What the board asks for its columns and cards.
        result = (
            self.env["sale.status.rule"]
            .with_context(read_group_expand=True, allowed_company_ids=self.company.ids)
            .web_read_group(
                [("active", "=", True)],
                ["stage_id"],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification={"name": {}},
            )
        )
        self.assertEqual(
            [group["stage_id"][1] for group in result["groups"]],
            [name for _xmlid, name in SEEDED_STATUSES],
        )
        self.assertEqual(
            [group["__count"] for group in result["groups"]], [0, 0, 0, 1, 0, 1, 0]
        )
        # Delivered is folded in the order pipeline, not on the rules board.
        delivered = result["groups"][5]
        self.assertEqual(
            [card["name"] for card in delivered["__records"]], ["Review request"]
        )

    def test_drag_to_another_status_and_reorder(self):
        first = self.make_rule(self.stage_paid, "First", sequence=1)
        second = self.make_rule(self.stage_paid, "Second", sequence=2)
        # What the board sends when a card is dropped in another column...
        second.web_save({"stage_id": self.stage_shipped.id}, {})
        self.assertEqual(second.stage_id, self.stage_shipped)
        # ... and when cards are reordered in a column.
        (second + first).web_resequence({"id": {}}, field_name="sequence")
        self.assertLess(second.sequence, first.sequence)

    def test_salesman_reads_rules_but_cannot_edit(self):
        rule = self.make_rule(self.stage_paid, "Thanks").with_user(self.salesman)
        self.assertEqual(rule.read(["name"])[0]["name"], "Thanks")
        with self.assertRaises(AccessError):
            rule.name = "Changed"
        with self.assertRaises(AccessError):
            rule.create({"name": "Mine", "stage_id": self.stage_paid.id})

    def test_rules_of_another_company_are_invisible(self):
        rule = self.make_rule(self.stage_paid, "Elsewhere")
        rule.company_id = self.other_company
        rules = self.env["sale.status.rule"].with_user(self.manager)
        self.assertNotIn(rule, rules.search([]))

    def test_rule_with_a_log_is_archived_not_deleted(self):
        rule = self.make_rule(self.stage_paid, "Logged")
        self.create_order().stage_id = self.stage_paid
        with self.assertRaisesRegex(UserError, "archive them instead"):
            rule.unlink()
        unused = self.make_rule(self.stage_paid, "Unused")
        unused.action_archive()
        unused.unlink()
        self.assertFalse(unused.exists())
