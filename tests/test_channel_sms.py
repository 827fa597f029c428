# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SMS rules through Odoo's SMS stack: Twilio (sms_twilio, against the fake
Twilio server, with its signed delivery callbacks) and Odoo IAP (its mock)."""

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.sms.tests.common import MockSMS
from odoo.addons.sms_twilio.models.sms_tracker import TWILIO_CODE_TO_FAILURE_TYPE
from odoo.addons.sms_twilio.tools.sms_api import SmsApiTwilio

from ..tools.twilio import TWILIO_ERRORS
from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"


@tagged("post_install", "-at_install")
class TestChannelSms(FakeTwilioCase, MockSMS, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(TWILIO_NUMBER, sms_provider="twilio")
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_paid,
            "Payment received",
            sms_body="{{ object.partner_id.name }}: {{ object.name }} is paid.",
        )

    def callback(self, status, signature=None, **params):
        """Twilio reports on the last SMS, to sms_twilio's controller."""
        request = self.fake_twilio.api_requests("Messages")[-1]
        # Twilio's requests carry no test cookie: let them in.
        with self.allow_requests(all_requests=True):
            response = self.fake_twilio.post_status_callback(
                request, status, signature=signature, **params
            )
        self.env.invalidate_all()  # the request changed the records
        return response

    def send(self):
        self.order.stage_id = self.stage_shipped
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)[-1]
        job = self.run_job(execution)
        return execution, job

    def notes(self):
        return self.order.message_ids.filtered(lambda m: m.message_type != "sms")

    def test_twilio_receives_the_rendered_sms_in_e164(self):
        execution, job = self.send()
        self.assertEqual(job.state, "done")
        (request,) = self.fake_twilio.api_requests("Messages")
        self.assertTrue(request.authenticated)
        self.assertEqual(request.form["To"], CUSTOMER_E164)
        self.assertEqual(request.form["From"], TWILIO_NUMBER)
        self.assertEqual(
            request.form["Body"], f"Ada Customer: {self.order.name} is paid."
        )
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(execution.provider_ref, request.sid)
        self.assertEqual(execution.recipient, CUSTOMER_E164)
        message = execution.mail_message_id
        self.assertEqual((message.message_type, message.res_id), ("sms", self.order.id))
        # The SMS is the chatter's trace of the send: no note repeats it.
        self.assertNotIn("Sent to", " ".join(self.notes().mapped("body")))

    def sms_queue_wake_ups(self):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.env.ref("sms.ir_cron_sms_scheduler_action").id)]
        )

    def test_a_rules_sms_leaves_at_once_without_waking_the_sms_queue(self):
        wake_ups = self.sms_queue_wake_ups()
        execution, _job = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)
        self.assertEqual(self.sms_queue_wake_ups(), wake_ups)
        # Any other SMS still wakes it up.
        self.order._message_sms("Hello", sms_numbers=[CUSTOMER_E164])
        self.assertEqual(self.sms_queue_wake_ups(), wake_ups + 1)

    def test_delivery_report_marks_the_execution_delivered(self):
        execution, _job = self.send()
        notes_before = self.notes()
        response = self.callback("delivered")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(execution.state, "delivered")
        # The SMS in the chatter shows it, through its own notification; no
        # note repeats it.
        sms_message = execution.mail_message_id
        self.assertEqual(sms_message.notification_ids.notification_status, "sent")
        self.assertEqual(self.notes(), notes_before)

    def test_an_undelivered_report_fails_the_execution_with_its_reason(self):
        execution, _job = self.send()
        self.callback("undelivered", ErrorCode="30008", ErrorMessage="Unknown error")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(execution.reason, "Unknown error")

    def test_an_unreachable_handset_is_texted_again_a_few_times(self):
        execution, _job = self.send()
        for attempt in (1, 2):
            self.callback(
                "undelivered", ErrorCode="30003", ErrorMessage="Unreachable handset"
            )
            self.assertEqual(execution.state, "scheduled")
            self.assertIn("phone is off or out of coverage", execution.reason)
            self.assertIn("Sending again at", execution.reason)
            self.run_job(execution)
            self.assertEqual(execution.state, "sent", execution.reason)
            self.assertEqual(
                len(self.fake_twilio.api_requests("Messages")), attempt + 1
            )
        self.callback("undelivered", ErrorCode="30003", ErrorMessage="Unreachable")
        self.assertEqual(execution.state, "failed")
        self.assertIn("Not delivered after 3 attempt(s)", execution.reason)

    def test_a_landline_fails_and_says_to_call_instead(self):
        execution, _job = self.send()
        self.callback("undelivered", ErrorCode="30006", ErrorMessage="Landline")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason,
            "Landline (Twilio error 30006). An SMS cannot reach it: use a robocall.",
        )

    def test_a_report_without_twilio_message_says_sms_twilios_name_for_it(self):
        # Twilio's reports carry a code, seldom a message: sms_twilio's own
        # reading of the code names it, the automation only adds what to do.
        execution, _job = self.send()
        self.callback("undelivered", ErrorCode="30006")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason,
            "Not Allowed (Twilio error 30006). An SMS cannot reach it: use a robocall.",
        )

    def test_carrier_filtering_tells_the_administrators_once_a_day(self):
        admin = self.env.ref("base.user_admin")
        execution, _job = self.send()
        self.callback("undelivered", ErrorCode="30007", ErrorMessage="Filtered")
        self.assertEqual(execution.state, "failed")
        self.assertIn("register the sender", execution.reason)
        other = self.create_order()
        other.stage_id = self.stage_paid
        self.run_job(self.executions(other, rule_id=self.rule.id))
        self.callback("undelivered", ErrorCode="30007", ErrorMessage="Filtered")
        todo = self.env["mail.activity"].search(
            [("summary", "=", "SMS blocked by carriers (Twilio error 30007)")]
        )
        self.assertEqual(todo.user_id, admin, "one to-do, for the administrator")
        self.assertEqual((todo.res_model, todo.res_id), ("sale.order", self.order.id))
        self.assertIn("register the sender", todo.note)

    def test_a_late_report_never_takes_a_delivered_sms_back(self):
        execution, _job = self.send()
        self.callback("delivered")
        self.callback("sent")
        self.callback("undelivered", ErrorCode="30003", ErrorMessage="Unreachable")
        self.assertEqual(execution.state, "delivered")
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)

    def test_a_landline_refused_by_the_api_fails(self):
        self.fake_twilio.fail_number(CUSTOMER_E164, 21614, message="Not a mobile")
        execution, job = self.send()
        self.assertEqual((execution.state, job.state), ("failed", "done"))
        # Twilio's message, as sms_twilio keeps it.
        self.assertEqual(execution.reason, "Not a mobile (Twilio error 21614).")

    def test_forged_delivery_report_is_ignored(self):
        execution, _job = self.send()
        response = self.callback("delivered", signature="forged")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(execution.state, "sent")

    def test_invalid_number_refused_by_twilio_fails(self):
        self.fake_twilio.fail_number(
            CUSTOMER_E164, 21211, message="Invalid 'To' Phone Number"
        )
        execution, job = self.send()
        self.assertEqual(job.state, "done")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason, "Invalid 'To' Phone Number (Twilio error 21211)."
        )
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)

    def test_rate_limit_and_outage_retry_then_send(self):
        self.fake_twilio.fail_next(20429, status=429, message="Too Many Requests")
        execution, job = self.send()
        self.assertEqual((execution.state, job.state), ("scheduled", "pending"))
        self.assertEqual(
            execution.reason, "Too many requests to Twilio (Twilio error 20429)."
        )
        self.fake_twilio.fail_next(20500, status=503, message="Service Unavailable")
        job = self.run_job(execution)
        self.assertEqual(
            (execution.state, job.state, job.retry), ("scheduled", "pending", 2)
        )
        job = self.run_job(execution)
        self.assertEqual(execution.state, "sent")
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 3)

    def test_lasting_outage_fails_with_twilio_message_after_the_last_attempt(self):
        self.fake_twilio.fail_next(
            20500, status=503, message="Service Unavailable", count=5
        )
        execution, job = self.send()
        for _attempt in range(4):
            self.assertEqual((execution.state, job.state), ("scheduled", "pending"))
            job = self.run_job(execution)
        self.assertEqual((execution.state, job.state), ("failed", "failed"))
        self.assertIn("Service Unavailable", execution.reason)
        self.assertIn("gave up after 5 attempts", execution.reason)
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 5)

    def test_refused_connection_is_retried(self):
        self.fake_twilio.refuse_connections = True
        execution, job = self.send()
        self.assertEqual((execution.state, job.state), ("scheduled", "pending"))
        self.fake_twilio.refuse_connections = False
        self.run_job(execution)
        self.assertEqual(execution.state, "sent")
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)

    def test_lost_answer_is_unknown_and_never_resent(self):
        # sms_twilio waits 5 seconds for Twilio's answer.
        self.fake_twilio.delay_next(6)
        execution, job = self.send()
        self.assertEqual((execution.state, job.state), ("unknown", "done"))
        self.assertIn("may have left", execution.reason)
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)

    def test_iap_provider_of_the_company(self):
        self.company.sms_provider = "iap"
        with self.mockSMSGateway():
            execution, _job = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(
            self._sms,
            [
                {
                    "number": CUSTOMER_E164,
                    "body": f"Ada Customer: {self.order.name} is paid.",
                    "uuid": self._sms[0]["uuid"],
                }
            ],
        )
        self.assertFalse(self.fake_twilio.api_requests())

    def test_rule_can_choose_iap_over_the_company_twilio(self):
        self.rule.sms_provider = "iap"
        with self.mockSMSGateway():
            execution, _job = self.send()
        self.assertEqual(execution.state, "sent")
        self.assertEqual(len(self._sms), 1)
        self.assertFalse(self.fake_twilio.api_requests())

    def test_rule_can_choose_twilio_over_the_company_iap(self):
        self.company.sms_provider = "iap"
        self.rule.sms_provider = "twilio"
        with self.mockSMSGateway():
            execution, _job = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertFalse(self._sms)
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)

    def test_broken_placeholder_is_refused_on_save(self):
        with self.assertRaisesRegex(
            ValidationError,
            r"cannot be rendered: the placeholder object.no_such_field reads "
            r"no_such_field, which is not a field of Sales Order",
        ):
            self.rule.sms_body = "Hi {{ object.no_such_field }}"
        # What only rendering finds out is named with its error's type.
        with self.assertRaisesRegex(
            ValidationError,
            r"cannot be rendered: the placeholder object.amount_total / 0 fails "
            r"\(ZeroDivisionError\)",
        ):
            self.rule.sms_body = "Hi {{ object.amount_total / 0 }}"

    def test_placeholder_that_breaks_on_one_order_fails_its_execution(self):
        # Renders on the latest order (the check on save), not on this one.
        self.create_order(client_order_ref="PO-7")
        self.rule.sms_body = "Your order {{ object.client_order_ref.upper() }}"
        execution, job = self.send()
        self.assertEqual((execution.state, job.state), ("failed", "done"))
        self.assertEqual(
            execution.reason,
            "The message could not be prepared: Failed to render inline_template "
            "template: Your order {{ object.client_order_ref.upper() }} ('bool' "
            "object has no attribute 'upper')",
        )
        self.assertEqual(self.order.stage_id, self.stage_paid)
        self.assertFalse(self.fake_twilio.api_requests("Messages"))
        self.assertIn(execution.reason, self.order.message_ids[0].body)

    def test_iap_errors(self):
        self.company.sms_provider = "iap"
        with self.mockSMSGateway(sim_error="wrong_number_format"):
            execution, _job = self.send()
        self.assertEqual(execution.state, "failed")
        with self.mockSMSGateway(sim_error="server_error"):
            execution, _job = self.send()
        self.assertEqual(execution.state, "unknown")

    def test_invalid_missing_and_blacklisted_numbers_are_skipped(self):
        # Too short, letters, and a French mobile for a Belgian contact.
        for phone in ("12", "call me", "06 12 34 56 78"):
            self.customer.phone = phone
            execution, _job = self.send()
            self.assertEqual(
                (execution.state, execution.reason),
                ("skipped", f"{phone} is not a valid phone number."),
            )
        self.customer.phone = False
        execution, _job = self.send()
        self.assertEqual(
            (execution.state, execution.reason),
            ("skipped", "Ada Customer has no phone number."),
        )
        self.customer.phone = "0470 12 34 56"  # national format, Belgian contact
        entry = self.env["phone.blacklist"].create({"number": CUSTOMER_E164})
        self.assertTrue(self.customer.phone_sanitized_blacklisted)
        execution, _job = self.send()
        self.assertEqual(execution.state, "skipped")
        self.assertEqual(
            execution.reason, f"{CUSTOMER_E164} is on the phone blacklist."
        )
        self.assertFalse(self.fake_twilio.api_requests())
        # Unblocked (archived), as Odoo's mixin reads it: the SMS leaves.
        entry.action_archive()
        self.assertFalse(self.customer.phone_sanitized_blacklisted)
        execution, _job = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)

    def test_delivery_address_phone(self):
        delivery = self.env["res.partner"].create(
            {
                "name": "Ada's warehouse",
                "parent_id": self.customer.id,
                "type": "delivery",
                "phone": "+32 2 555 12 12",
            }
        )
        self.order.partner_shipping_id = delivery
        self.rule.recipient = "delivery"
        execution, _job = self.send()
        self.assertEqual(execution.recipient, "+3225551212")
        self.assertEqual(
            self.fake_twilio.api_requests("Messages")[0].form["To"], "+3225551212"
        )

    def test_overlong_rendered_sms_fails_and_is_not_cut(self):
        self.company.sale_status_sms_max_length = 30
        self.rule.sms_body = "{{ object.partner_id.name }}, thank you for your payment!"
        self.assertIn("more than the 30 allowed", self.rule.sms_warning)
        execution, _job = self.send()
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason,
            "The SMS has 41 characters, more than the 30 allowed (Settings ▸ Sales): "
            "it was not sent.",
        )
        self.assertFalse(self.fake_twilio.api_requests())


class TestTwilioErrorTable(TransactionCase):
    """The automation's table of Twilio's codes extends sms_twilio's reading
    of them: it says what a code means only where sms_twilio does not."""

    @mute_logger("odoo.addons.sms_twilio.tools.sms_api")  # "Unknown error"
    def sms_twilio_reads(self, code):
        refusal = SmsApiTwilio(self.env)._twilio_error_code_to_odoo_state(
            {"code": int(code)}
        )
        return code in TWILIO_CODE_TO_FAILURE_TYPE or refusal != "unknown"

    def test_a_code_is_described_by_one_table(self):
        for code, error in TWILIO_ERRORS.items():
            with self.subTest(code=code):
                if self.sms_twilio_reads(code):
                    self.assertFalse(error.meaning, "sms_twilio names it already")
                else:
                    self.assertTrue(error.meaning, "nothing else names it")
