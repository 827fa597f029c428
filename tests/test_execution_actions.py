# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sending again and cancelling a selection of the log's executions."""

from odoo.exceptions import UserError

from .common import LogCase


class TestBulkLogActions(LogCase):
    """Item 18: a mixed selection is acted on where it can be; the dialog
    says what it did and what it left out."""

    def wizard(self, executions, action):
        return (
            self.env["sale.status.execution.action"]
            .with_user(self.manager)
            .with_context(
                active_model="sale.status.execution", active_ids=executions.ids
            )
            .create({"action": action})
        )

    def test_send_again_sends_the_failed_ones_and_lists_the_others(self):
        order = self.create_order()
        order.stage_id = self.stage_paid  # no rule yet: nothing planned
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        failed = self.log(rule, "failed", order=order)
        delivered = self.log(rule, "delivered")
        wizard = self.wizard(failed | delivered, "retry")
        self.assertEqual(wizard.actionable_ids, failed)
        self.assertEqual(
            wizard.refused,
            f"{delivered.display_name}: only failed executions, or executions with "
            "an unknown outcome, can be sent again (this one: Delivered).",
        )
        wizard.action_apply()
        self.assertEqual((failed.state, delivered.state), ("scheduled", "delivered"))
        self.assertEqual(
            wizard.done,
            "Scheduled to be sent again now:\n"
            f"• {failed.display_name}\n\n"
            "Left out:\n"
            f"• {delivered.display_name}: only failed executions, or executions "
            "with an unknown outcome, can be sent again (this one: Delivered).",
        )

    def test_cancel_cancels_what_did_not_start_and_lists_the_rest(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        scheduled = self.log(rule, "scheduled", finished_at=False)
        sent = self.log(rule, "sent")
        wizard = self.wizard(scheduled | sent, "cancel")
        wizard.action_apply()
        self.assertEqual((scheduled.state, sent.state), ("cancelled", "sent"))
        self.assertIn(f"Cancelled:\n• {scheduled.display_name}", wizard.done)
        self.assertIn(f"Left out:\n• {sent.display_name}: only executions", wizard.done)

    def test_nothing_to_act_on_says_why(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        sent = self.log(rule, "sent")
        wizard = self.wizard(sent, "mark_sent")
        self.assertFalse(wizard.actionable_ids)
        with self.assertRaisesRegex(UserError, "only executions with an unknown"):
            wizard.action_apply()
        self.assertEqual(sent.state, "sent")

    def test_a_test_send_is_not_sent_again(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        test = self.log(rule, "failed", is_test=True, visit=0)
        wizard = self.wizard(test, "retry")
        self.assertIn("a test send is not sent again", wizard.refused)
