# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the log and the chatter say of sandbox runs and test sends."""

import logging

from odoo.addons.mail.tests.common import MockEmail

from .common import AutomationCase

CUSTOMER_E164 = "+32470123456"


class TestSandboxAndTestSendsSaySo(MockEmail, AutomationCase):
    """Item 11: a sandbox run is not "Sent", a test send is no note in the
    customer's chatter."""

    SANDBOX_NOTE = "Not sent (sandbox: nothing left the server)"

    def notes(self, order):
        return order.message_ids.filtered(
            lambda message: message.message_type == "notification"
        )

    def test_a_sandbox_run_is_logged_as_not_sent(self):
        self.make_rule(self.stage_paid, "Paid SMS", sms_body="Paid, thanks")
        order = self.create_order()
        order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        with self.assertLogs(self.SANDBOX_LOGGER, logging.INFO):
            self.run_job(execution)
        self.assertRecordValues(
            execution, [{"state": "sent", "sandbox": True, "kind": "Sandbox"}]
        )
        note = self.notes(order)[0]
        self.assertIn(self.SANDBOX_NOTE, note.body)
        self.assertNotIn(": Sent", note.body)
        self.assertIn(f"would go to {CUSTOMER_E164}", note.body)

    def test_a_test_send_says_sandbox_and_leaves_the_customers_chatter_alone(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS", sms_body="Paid, thanks")
        order = self.create_order()
        notes_before = self.notes(order)
        test = (
            self.env["sale.status.rule.test"]
            .with_user(self.manager)
            .create({"rule_id": rule.id, "order_id": order.id})
        )
        with self.assertLogs(self.SANDBOX_LOGGER, logging.INFO):
            test.action_send()
        self.assertEqual(test.outcome, self.SANDBOX_NOTE)
        self.assertEqual(test.execution_id.kind, "Test, sandbox")
        order.invalidate_recordset(["message_ids"])
        self.assertEqual(self.notes(order), notes_before)

    def test_a_real_test_send_is_marked_as_a_test(self):
        self.company.sale_status_sandbox = False
        rule = self.make_rule(
            self.stage_paid,
            "Paid email",
            channel="email",
            email_subject="Paid",
            email_body="<p>Thanks</p>",
        )
        order = self.create_order()
        notes_before = self.notes(order)
        test = self.env["sale.status.rule.test"].create(
            {"rule_id": rule.id, "order_id": order.id, "destination": "me@example.com"}
        )
        with self.mock_mail_gateway():
            test.action_send()
        self.assertEqual(test.outcome, "Sent")
        self.assertEqual(test.execution_id.kind, "Test send")
        self.assertIn("me@example.com", test.execution_id.kind_help)
        order.invalidate_recordset(["message_ids"])
        self.assertEqual(self.notes(order), notes_before)
