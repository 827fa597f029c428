# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a manager does on the log: cancel, send again, mark as sent, one
execution or a selection; a salesperson reads the log but cannot act."""

import logging

from odoo.exceptions import AccessError, UserError

from .common import AutomationCase, LogCase


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


class TestManagerActions(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.first = cls.make_rule(
            cls.stage_paid, "First", timing="delay", delay=1, delay_unit="days"
        )
        cls.second = cls.make_rule(
            cls.stage_paid, "Second", sequence=20, run_mode="after_previous"
        )

    def test_manager_cancels_a_scheduled_execution_and_the_chain_goes_on(self):
        self.order.stage_id = self.stage_paid
        first, second = self.executions(self.order, stage_id=self.stage_paid.id)
        self.act_on(first, "cancel", self.manager)
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(first.reason, f"Cancelled by {self.manager.name}.")
        self.assertEqual(self.jobs(first).state, "cancelled")
        self.assertEqual(second.state, "scheduled")

    def test_manager_sends_a_failed_execution_again(self):
        self.company.sale_status_sms_max_length = 10  # the SMS is too long: fails
        self.order.stage_id = self.stage_paid
        first, _second = self.executions(self.order, stage_id=self.stage_paid.id)
        self.run_job(first)
        self.assertEqual(first.state, "failed")
        old_job = first.job_uuid

        self.company.sale_status_sms_max_length = 200
        self.act_on(first, "retry", self.manager)
        self.assertEqual(first.state, "scheduled")
        self.assertNotEqual(first.job_uuid, old_job)
        with self.assertLogs(self.SANDBOX_LOGGER, logging.INFO):
            self.run_job(first)
        self.assertEqual(first.state, "sent")

    def test_retry_refused_once_the_order_left(self):
        self.company.sale_status_sms_max_length = 10
        self.order.stage_id = self.stage_paid
        first, _second = self.executions(self.order, stage_id=self.stage_paid.id)
        self.run_job(first)
        self.order.stage_id = self.stage_shipped
        with self.assertRaisesRegex(UserError, "left the status"):
            self.act_on(first, "retry", self.manager)

    def test_the_dialog_says_what_it_refuses_before_anything_happens(self):
        self.order.stage_id = self.stage_paid
        first, second = self.executions(self.order, stage_id=self.stage_paid.id)
        first.sudo().state = "unknown"
        wizard = (
            self.env["sale.status.execution.action"]
            .with_user(self.manager)
            .with_context(
                active_model="sale.status.execution", active_ids=(first | second).ids
            )
            .create({"action": "mark_sent"})
        )
        self.assertEqual(wizard.execution_ids, first | second)
        # Issue 26: a mixed selection is acted on where it can be, the rest
        # listed with the reason (it was all-or-nothing).
        self.assertEqual(wizard.actionable_ids, first)
        self.assertEqual(
            wizard.refused,
            f"{second.display_name}: only executions with an unknown outcome can "
            "be marked as sent (this one: Waiting for previous rule).",
        )
        self.assertEqual((first.state, second.state), ("unknown", "waiting"))
        wizard.action_apply()
        self.assertEqual((first.state, second.state), ("sent", "waiting"))

    def test_manager_marks_an_unknown_outcome_as_sent(self):
        self.order.stage_id = self.stage_paid
        first, _second = self.executions(self.order, stage_id=self.stage_paid.id)
        first.sudo().state = "unknown"
        self.act_on(first, "mark_sent", self.manager)
        self.assertEqual(first.state, "sent")

    def test_salesman_sees_the_log_but_cannot_act(self):
        self.order.stage_id = self.stage_paid
        first, _second = self.executions(self.order, stage_id=self.stage_paid.id)
        as_salesman = first.with_user(self.salesman)
        self.assertEqual(as_salesman.read(["state"])[0]["state"], "scheduled")
        with self.assertRaises(AccessError):
            self.act_on(first, "cancel", self.salesman)
        with self.assertRaises(AccessError):
            as_salesman.write({"state": "sent"})
