# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Email rules, through Odoo's mail stack and its SMTP mock."""

import smtplib
from unittest.mock import patch

from odoo.exceptions import ValidationError

from odoo.addons.mail.tests.common import MockEmail

from .common import AutomationCase


class TestChannelEmail(MockEmail, AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "sale_status_sandbox": False,
                "email": "shop@example.com",
                "name": "Ada Shop",
            }
        )
        cls.customer.write({"email": "ada@example.com", "lang": "en_US"})
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.rule = cls.make_rule(
            cls.stage_paid,
            "Payment received",
            channel="email",
            email_subject="Order {{ object.name }} is {{ object.stage_id.name }}",
            email_body='<p>Thank you <t t-out="object.partner_id.name"/>!</p>',
        )

    def send(self):
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)
        with self.mock_mail_gateway():
            self.run_job(execution)
        return execution

    def test_rendered_email_to_the_contact_only(self):
        self.order.message_subscribe(partner_ids=self.salesman.partner_id.ids)
        execution = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        (mail,) = self._mails
        self.assertEqual(mail["email_to"], ['"Ada Customer" <ada@example.com>'])
        self.assertEqual(mail["email_from"], '"Ada Shop" <shop@example.com>')
        self.assertEqual(mail["subject"], f"Order {self.order.name} is Paid")
        self.assertIn("Thank you Ada Customer!", mail["body"])
        message = execution.mail_message_id
        self.assertEqual(message.model, "sale.order")
        self.assertEqual(message.res_id, self.order.id)
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(message.partner_ids, self.customer)
        self.assertEqual(execution.provider_ref, message.message_id)
        self.assertEqual(execution.subject, f"Order {self.order.name} is Paid")
        self.assertEqual(execution.content.strip(), "Thank you Ada Customer!")
        self.assertEqual(self.rule.last_email_from, '"Ada Shop" <shop@example.com>')

    def test_sender_choices(self):
        self.company.sale_status_email_from = "orders@example.com"
        self.assertEqual(self.send_from("auto"), "orders@example.com")
        self.assertEqual(
            self.send_from("salesperson"), f'"{self.salesman.name}" <s.s@example.com>'
        )
        self.assertEqual(self.send_from("company"), '"Ada Shop" <shop@example.com>')
        self.rule.email_from = "news@example.com"
        self.assertEqual(self.send_from("fixed"), "news@example.com")
        # Automatic: the address the rule last sent from wins.
        self.rule.last_email_from = "last@example.com"
        self.assertEqual(self.send_from("auto"), "last@example.com")

    def send_from(self, sender):
        self.rule.email_sender = sender
        self.order.stage_id = self.stage_shipped
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)[-1]
        with self.mock_mail_gateway():
            self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        return self._mails[0]["email_from"]

    def test_chosen_mail_server_must_accept_the_sender(self):
        server = self.env["ir.mail_server"].create(
            {
                "name": "Shop SMTP",
                "smtp_host": "smtp.example.com",
                "from_filter": "example.com",
            }
        )
        self.rule.write(
            {
                "email_sender": "fixed",
                "email_from": "news@example.com",
                "mail_server_id": server.id,
            }
        )
        execution = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(self._new_mails.mail_server_id, server)
        with self.assertRaisesRegex(ValidationError, "does not send from"):
            self.rule.email_from = "news@elsewhere.org"
        with self.assertRaisesRegex(ValidationError, "not a valid email"):
            self.rule.email_from = "not an address"

    def test_recipient_choices(self):
        company = self.env["res.partner"].create(
            {"name": "Ada Corp", "is_company": True, "email": "corp@example.com"}
        )
        invoicing = self.env["res.partner"].create(
            {
                "name": "Ada Accounts",
                "parent_id": company.id,
                "type": "invoice",
                "email": "accounts@example.com",
            }
        )
        self.customer.parent_id = company
        self.order.partner_invoice_id = invoicing
        for choice, expected in (
            ("contact", "ada@example.com"),
            ("company", "corp@example.com"),
            ("invoice", "accounts@example.com"),
            ("auto", "ada@example.com"),
        ):
            self.rule.recipient = choice
            self.order.stage_id = self.stage_shipped
            self.order.stage_id = self.stage_paid
            execution = self.executions(self.order, rule_id=self.rule.id)[-1]
            with self.mock_mail_gateway():
                self.run_job(execution)
            self.assertEqual(execution.recipient, expected, choice)
        # Auto falls back to the company when the contact has no email.
        self.customer.email = False
        self.order.stage_id = self.stage_shipped
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)[-1]
        with self.mock_mail_gateway():
            self.run_job(execution)
        self.assertEqual(execution.recipient, "corp@example.com")

    def test_missing_email_is_skipped(self):
        self.customer.email = False
        execution = self.send()
        self.assertEqual(execution.state, "skipped")
        self.assertEqual(execution.reason, "Ada Customer has no email address.")
        self.assertFalse(self._mails)

    def test_blacklisted_email_is_skipped(self):
        self.env["mail.blacklist"].create({"email": "ada@example.com"})
        execution = self.send()
        self.assertEqual(execution.state, "skipped")
        self.assertEqual(execution.reason, "ada@example.com is on the email blacklist.")
        self.assertFalse(self._mails)

    def test_mail_template_and_order_pdf(self):
        template = self.env["mail.template"].create(
            {
                "name": "Paid",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "subject": "Template: {{ object.name }}",
                "body_html": (
                    '<p>From the template, <t t-out="object.partner_id.name"/></p>'
                ),
            }
        )
        self.rule.write({"mail_template_id": template.id, "attach_order_pdf": True})
        execution = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        (mail,) = self._mails
        self.assertEqual(mail["subject"], f"Template: {self.order.name}")
        self.assertIn("From the template, Ada Customer", mail["body"])
        self.assertEqual(
            execution.mail_message_id.attachment_ids.mapped("name"),
            [f"{self.order.name}.pdf"],
        )
        self.assertEqual(len(mail["attachments"]), 1)

    def test_unreachable_smtp_server_retries_then_fails(self):
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)
        with (
            self.mock_mail_gateway(),
            patch(
                "smtplib.SMTP",
                side_effect=ConnectionRefusedError(111, "Connection refused"),
            ),
        ):
            for _attempt in range(5):
                job = self.run_job(execution)
        self.assertEqual(job.state, "failed")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(execution.attempts, 5)
        self.assertIn("gave up after 5 attempts", execution.reason)
        self.assertFalse(self._mails)

    def test_session_lost_while_sending_is_an_unknown_outcome(self):
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)
        with (
            self.mock_mail_gateway(),
            patch.object(
                self.testing_smtp_session,
                "send_message",
                side_effect=smtplib.SMTPServerDisconnected(
                    "Connection unexpectedly closed"
                ),
            ),
        ):
            job = self.run_job(execution)
        self.assertEqual(job.state, "done")
        self.assertEqual(execution.state, "unknown")
        self.assertIn("Connection unexpectedly closed", execution.reason)

    def test_bounce_marks_the_execution_failed(self):
        execution = self.send()
        notification = execution.mail_message_id.notification_ids
        # What Odoo's bounce handling writes when the customer's server refuses.
        notification.write(
            {
                "notification_status": "bounce",
                "failure_type": "mail_bounce",
                "failure_reason": "550 No such user",
            }
        )
        self.assertEqual(
            (execution.state, execution.reason), ("failed", "550 No such user")
        )
        note = self.order.message_ids.filtered(
            lambda m: "Payment received" in m.body and "Failed" in m.body
        )
        self.assertEqual(len(note), 1)

    def test_broken_placeholder_is_refused_on_save(self):
        with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
            self.rule.email_body = '<p><t t-out="object.no_such_field"/></p>'
        with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
            self.rule.email_subject = "{{ object.no_such_field }}"
