# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Send test and preview, the tools a rule editor checks a rule with."""

import logging

from odoo.tests import Form

from odoo.addons.mail.tests.common import MockEmail

from .common import AutomationCase


class TestRuleTools(MockEmail, AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"email": "shop@example.com"})
        cls.customer.email = "ada@example.com"
        cls.older = cls.create_order()
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.email_rule = cls.make_rule(
            cls.stage_paid,
            "Thanks",
            channel="email",
            email_subject="Paid: {{ object.name }}",
            email_body="<p>Thanks!</p>",
        )
        cls.sms_rule = cls.make_rule(
            cls.stage_paid,
            "Big orders",
            sequence=20,
            run_mode="after_previous",
            timing="delay",
            delay=2,
            delay_unit="hours",
            condition_domain="[('amount_total', '>', 1000000)]",
        )

    def test_send_test_defaults_to_the_latest_order_and_logs_a_test(self):
        self.company.sale_status_sandbox = False
        wizard = Form(
            self.env["sale.status.rule.test"]
            .with_user(self.manager)
            .with_context(default_rule_id=self.email_rule.id)
        )
        self.assertEqual(wizard.order_id, self.order)
        wizard.destination = "me@example.com"
        test = wizard.save()
        with self.mock_mail_gateway():
            test.action_send()
        self.assertEqual(test.state, "sent", test.reason)
        self.assertEqual(test.recipient, "me@example.com")
        self.assertEqual(test.subject, f"Paid: {self.order.name}")
        (mail,) = self._mails
        self.assertEqual(mail["email_to"], ["me@example.com"])
        execution = test.execution_id
        self.assertTrue(execution.is_test)
        self.assertEqual(execution.visit, 0)
        # The order's own visit is untouched, and a second test is allowed.
        self.assertEqual(
            (self.order.stage_id, self.order.stage_visit), (self.stage_new, 1)
        )
        with self.mock_mail_gateway():
            test.action_send()
        self.assertEqual(len(self._mails), 1)

    def test_send_test_in_the_sandbox_shows_the_message(self):
        test = self.env["sale.status.rule.test"].create(
            {"rule_id": self.email_rule.id, "order_id": self.order.id}
        )
        with (
            self.assertLogs(self.SANDBOX_LOGGER, logging.INFO),
            self.mock_mail_gateway(),
        ):
            test.action_send()
        self.assertEqual(test.state, "sent")
        self.assertTrue(test.sandbox)
        self.assertEqual(test.recipient, "ada@example.com")
        self.assertEqual(test.content.strip(), "Thanks!")
        self.assertFalse(self._mails)

    def test_preview_on_an_order(self):
        self.order.stage_id = self.stage_paid
        # What the order's "Preview automation" button opens.
        preview = (
            self.env["sale.status.preview"]
            .with_user(self.salesman)
            .with_context(default_order_id=self.order.id)
            .create({})
        )
        email_line, sms_line = preview.line_ids
        self.assertRecordValues(
            email_line,
            [
                {
                    "rule_id": self.email_rule.id,
                    "outcome": "Scheduled",
                    "recipient": "ada@example.com",
                    "subject": f"Paid: {self.order.name}",
                    "timing": "immediately on entering",
                }
            ],
        )
        self.assertEqual(email_line.due, self.order.stage_date)
        self.assertRecordValues(
            sms_line,
            [
                {
                    "outcome": "Would be skipped",
                    "reason": "The order does not match the conditions.",
                    "timing": "2 h after the previous rule",
                }
            ],
        )

    def test_preview_of_a_rule_added_after_the_entry(self):
        self.order.stage_id = self.stage_paid
        self.make_rule(self.stage_paid, "Late rule", sequence=30)
        preview = (
            self.env["sale.status.preview"]
            .with_context(default_order_id=self.order.id)
            .create({})
        )
        late = preview.line_ids[-1]
        self.assertIn("runs on the next entry", late.outcome)
        self.assertEqual(late.recipient, "+32470123456")
