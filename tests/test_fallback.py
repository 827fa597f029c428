# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A rule's fallback channel: sent once, right away, when the rule's own
channel cannot reach the customer; never after an opt-out, nor once the
order left the status. Against the fake Twilio server."""

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
CONTENT_SID = "HX" + "0123456789abcdef" * 2


@tagged("post_install", "-at_install")
class TestFallback(FakeTwilioCase, MockEmail, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(TWILIO_NUMBER, sms_provider="twilio")
        cls.env["sms.twilio.number"].search(
            [("number", "=", TWILIO_NUMBER)]
        ).sale_status_whatsapp = True
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Shipped",
            channel="whatsapp",
            whatsapp_content_sid=CONTENT_SID,
            fallback_channel="sms",
            sms_body="{{ object.name }} is on its way.",
        )

    def move(self, order=None):
        order = order or self.order
        order.stage_id = self.stage_shipped
        (execution,) = self.executions(order, fallback_of_id=False)
        return execution

    def sms_otherwise_email_to_a_customer_without_phone(self):
        self.rule.write(
            {
                "channel": "sms",
                "fallback_channel": "email",
                "email_subject": "{{ object.name }} shipped",
                "email_body": "<p>On its way.</p>",
            }
        )
        self.customer.phone = False

    def fallback_of(self, execution):
        return self.env["sale.status.execution"].search(
            [("fallback_of_id", "=", execution.id)]
        )

    def report(self, status, resource="Messages", **params):
        request = self.fake_twilio.api_requests(resource)[-1]
        self.env.flush_all()  # what the test changed, for the request to see
        with self.allow_requests(all_requests=True):
            self.fake_twilio.post_status_callback(request, status, **params)
        self.env.invalidate_all()

    def sms_sent(self):
        return [
            request
            for request in self.fake_twilio.api_requests("Messages")
            if request.accepted and not request.form["To"].startswith("whatsapp:")
        ]

    def test_not_on_whatsapp_falls_back_to_an_sms_once(self):
        self.fake_twilio.fail_number(f"whatsapp:{CUSTOMER_E164}", 63003)
        execution = self.move()
        self.run_job(execution)
        self.assertEqual(execution.state, "failed")
        fallback = self.fallback_of(execution)
        self.assertEqual(
            (fallback.channel, fallback.rule_id, fallback.visit, fallback.state),
            ("sms", self.rule, execution.visit, "scheduled"),
        )
        self.run_job(fallback)
        self.assertEqual(fallback.state, "sent", fallback.reason)
        (sms,) = self.sms_sent()
        self.assertEqual(sms.form["Body"], f"{self.order.name} is on its way.")
        # Never twice, and a fallback has no fallback of its own.
        execution._finish("failed", "again", unreachable=True)
        fallback._finish("failed", "no", unreachable=True)
        self.assertEqual(
            self.env["sale.status.execution"].search_count(
                [("order_id", "=", self.order.id)]
            ),
            2,
        )

    def test_a_failure_report_falls_back_too(self):
        execution = self.move()
        self.run_job(execution)
        self.assertEqual(execution.state, "sent")
        self.report("undelivered", ErrorCode="63024")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(self.fallback_of(execution).channel, "sms")

    def test_no_phone_falls_back_to_an_email(self):
        self.sms_otherwise_email_to_a_customer_without_phone()
        execution = self.move()
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped")
        fallback = self.fallback_of(execution)
        with self.mock_mail_gateway():
            self.run_job(fallback)
        self.assertEqual(fallback.state, "sent", fallback.reason)
        (mail,) = self._mails
        self.assertEqual(mail["subject"], f"{self.order.name} shipped")

    def test_a_landline_gets_a_robocall(self):
        self.rule.write(
            {
                "channel": "sms",
                "fallback_channel": "call",
                "call_text": "Your order {{ object.name }} is on its way.",
            }
        )
        self.fake_twilio.fail_next(30006, resource="Messages")
        execution = self.move()
        self.run_job(execution)
        self.assertEqual(execution.state, "failed")
        fallback = self.fallback_of(execution)
        self.run_job(fallback)
        self.assertEqual(fallback.state, "sent", fallback.reason)
        (call,) = self.fake_twilio.api_requests("Calls")
        self.assertIn(self.order.name, call.form["Twiml"])

    def test_no_answer_after_the_calls_gets_an_sms(self):
        self.rule.write(
            {
                "channel": "call",
                "call_text": "Your order is on its way.",
                "call_retry_max": 1,
            }
        )
        execution = self.move()
        self.run_job(execution)
        self.report("no-answer", resource="Calls")
        self.assertEqual(execution.state, "failed")
        fallback = self.fallback_of(execution)
        self.run_job(fallback)
        self.assertEqual(len(self.sms_sent()), 1)

    def test_no_live_chat_gets_an_sms(self):
        self.rule.write({"channel": "chat", "chat_body": "On its way"})
        execution = self.move()
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped")
        self.assertIn("no live chat conversation", execution.reason)
        self.run_job(self.fallback_of(execution))
        self.assertEqual(len(self.sms_sent()), 1)

    def test_in_the_sandbox_the_fallback_is_logged_and_nothing_leaves(self):
        self.sms_otherwise_email_to_a_customer_without_phone()
        self.company.sale_status_sandbox = True
        execution = self.move()
        self.run_job(execution)
        fallback = self.fallback_of(execution)
        with self.mock_mail_gateway():
            self.run_job(fallback)
        self.assertEqual((fallback.state, fallback.sandbox), ("sent", True))
        self.assertEqual(fallback.recipient, "ada@example.com")
        self.assertFalse(self._mails)
        self.assertFalse(self.fake_twilio.api_requests())

    def test_the_preview_says_which_channel_reaches_the_customer_and_why(self):
        self.sms_otherwise_email_to_a_customer_without_phone()
        self.move()
        (line,) = self.env["sale.status.preview"]._lines(self.order)
        self.assertEqual(line["outcome"], "Would send by Email instead")
        self.assertEqual(line["reason"], "Ada Customer has no phone number.")
        self.assertEqual(line["recipient"], "ada@example.com")
        self.assertEqual(line["subject"], f"{self.order.name} shipped")

    def test_never_after_an_opt_out(self):
        self.env["phone.blacklist"].sudo()._add([CUSTOMER_E164])
        execution = self.move()
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped")
        self.assertIn("blacklist", execution.reason)
        self.assertFalse(self.fallback_of(execution))

    def test_never_once_the_order_left_the_status(self):
        execution = self.move()
        self.run_job(execution)
        self.order.stage_id = self.stage_paid
        self.report("failed", ErrorCode="63003")
        self.assertEqual(execution.state, "failed")
        self.assertFalse(self.fallback_of(execution))

    def test_a_sender_problem_is_no_reason_to_fall_back(self):
        self.fake_twilio.fail_number(f"whatsapp:{CUSTOMER_E164}", 63018, status=429)
        execution = self.move()
        self.run_job(execution)
        self.assertEqual(execution.state, "scheduled")  # retried, not replaced
        self.assertFalse(self.fallback_of(execution))

    def test_a_test_send_does_not_fall_back(self):
        self.fake_twilio.fail_number(f"whatsapp:{CUSTOMER_E164}", 63003)
        test = self.env["sale.status.rule.test"].create(
            {
                "rule_id": self.rule.id,
                "order_id": self.order.id,
                "destination": CUSTOMER_E164,
            }
        )
        test.action_send()
        self.assertEqual(test.state, "failed")
        self.assertFalse(self.fallback_of(test.execution_id))

    def test_the_fallback_is_checked_on_save(self):
        with self.assertRaisesRegex(ValidationError, "another channel"):
            self.make_rule(
                self.stage_shipped, "Same", channel="sms", fallback_channel="sms"
            )
        with self.assertRaisesRegex(ValidationError, "template's Content SID"):
            self.make_rule(
                self.stage_shipped, "No template", fallback_channel="whatsapp"
            )
        self.assertEqual(
            self.rule.summary,
            "WhatsApp to customer, otherwise SMS, immediately on entering",
        )
        self.assertNotIn(
            "employee",
            dict(self.env["sale.status.rule"]._selection_fallback_channel()),
        )
