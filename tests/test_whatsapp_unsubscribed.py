# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""WhatsApp's "unsubscribed" (Twilio error 21610), at sending or in a
report: the execution is skipped and the number blacklisted."""

from odoo import fields
from odoo.tests import tagged

from .common import CUSTOMER_MOBILE, TwilioOrderCase

CONTENT_SID = "HX" + "0123456789abcdef" * 2


@tagged("post_install", "-at_install")
class TestWhatsappUnsubscribed(TwilioOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.whatsapp_rule = cls.make_rule(
            cls.stage_shipped,
            "Shipped on WhatsApp",
            channel="whatsapp",
            whatsapp_content_sid=CONTENT_SID,
            whatsapp_variable_ids=[
                fields.Command.create({"key": "1", "value": "{{ object.name }}"})
            ],
        )

    def send_whatsapp(self, order=None):
        order = order or self.order
        order.stage_id = self.stage_shipped
        execution = self.executions(order, rule_id=self.whatsapp_rule.id)
        job = self.run_job(execution)
        return execution, job

    def blacklisted(self):
        return self.env["phone.blacklist"].search([("number", "=", CUSTOMER_MOBILE)])

    def assert_skipped_and_blacklisted(self, execution):
        self.assertEqual(execution.state, "skipped", execution.reason)
        self.assertEqual(
            execution.reason,
            "The customer unsubscribed (Twilio error 21610): their number is on "
            "the phone blacklist now.",
        )
        self.assertTrue(self.blacklisted().active)

    def test_twilio_refusing_21610_skips_and_blacklists(self):
        self.fake_twilio.fail_number(
            f"whatsapp:{CUSTOMER_MOBILE}",
            21610,
            message="Attempt to send to unsubscribed recipient",
        )
        execution, job = self.send_whatsapp()
        self.assertEqual(job.state, "done", "not retried")
        self.assert_skipped_and_blacklisted(execution)
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)
        # The next message to the number, WhatsApp or SMS, does not leave.
        self.fake_twilio.reset()
        later, _job = self.send_whatsapp(self.create_order())
        self.assertEqual(later.state, "skipped")
        self.order.stage_id = self.stage_paid
        sms = self.executions(self.order, rule_id=self.rule.id)[-1]
        self.run_job(sms)
        self.assertEqual(sms.state, "skipped")
        self.assertFalse(self.fake_twilio.api_requests("Messages"))

    def test_a_report_of_21610_skips_and_blacklists(self):
        execution, _job = self.send_whatsapp()
        self.assertEqual(execution.state, "sent")
        request = self.fake_twilio.api_requests("Messages")[-1]
        with self.allow_requests(all_requests=True):
            response = self.fake_twilio.post_status_callback(
                request, "undelivered", ErrorCode="21610"
            )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assert_skipped_and_blacklisted(execution)

    def test_the_log_shows_it_skipped_with_the_reason(self):
        self.fake_twilio.fail_number(f"whatsapp:{CUSTOMER_MOBILE}", 21610)
        execution, _job = self.send_whatsapp()
        self.start_tour(
            f"/odoo/action-sale_status_automation.sale_status_execution_action/"
            f"{execution.id}",
            "sale_status_automation_first_hour_whatsapp_unsubscribed_tour",
            login=self.manager.login,
        )
