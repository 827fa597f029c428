# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Twilio webhooks seen from outside: an unsigned request learns nothing
of the ids its URL names, a signed one with an odd field never fails (HTTP
500), and a STOP from a sender that is no phone number is kept."""

import logging

import requests
from twilio.request_validator import RequestValidator

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase, new_sid

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
CONTENT_SID = "HX" + "0123456789abcdef" * 2
LEA = "Polly.Lea-Neural"
INBOUND = "/sale_status_automation/twilio/sms"
ADDON_LOGGER = "odoo.addons.sale_status_automation"
ODOO_LOGGER = "odoo"
# An unsigned or forged request, whatever it names.
REFUSED = (403, "")


@tagged("post_install", "-at_install")
class TestWebhookRights(FakeTwilioCase, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(TWILIO_NUMBER, sms_provider="twilio")
        cls.env["sms.twilio.number"].search(
            [("number", "=", TWILIO_NUMBER)]
        ).sale_status_whatsapp = True
        cls.whatsapp_rule = cls.make_rule(
            cls.stage_paid,
            "Paid on WhatsApp",
            channel="whatsapp",
            whatsapp_content_sid=CONTENT_SID,
            whatsapp_variable_ids=[
                Command.create({"key": "1", "value": "{{ object.name }}"})
            ],
        )
        cls.call_rule = cls.make_rule(
            cls.stage_shipped,
            "Livraison",
            channel="call",
            call_language="fr-FR",
            call_voice_id=cls.voice(LEA, "fr-FR").id,
            call_text="Bonjour, votre commande {{ object.name }} arrive demain.",
            call_question="Appuyez sur 1 pour confirmer.",
            call_key_ids=[
                Command.create({"key": "1", "action": "note", "answer": "Merci."})
            ],
        )

    # ------------------------------------------------------------ helpers
    def message_and_call(self):
        """An order written to on WhatsApp, then called: both executions
        sent, waiting for Twilio's reports."""
        order = self.create_order(user_id=self.salesman.id)
        order.stage_id = self.stage_paid
        message = self.executions(order, rule_id=self.whatsapp_rule.id)
        self.run_job(message)
        order.stage_id = self.stage_shipped
        call = self.executions(order, rule_id=self.call_rule.id)
        self.run_job(call)
        self.assertEqual((message.state, call.state), ("sent", "sent"))
        return message, call

    def post(self, path, params, signature=None, token=None):
        """POST ``params`` to ``path`` as Twilio does, signed with the
        account's token (or ``token``), unless ``signature`` is given ("":
        none). Return (status, body)."""
        url = self.base_url() + path
        if signature is None:
            signature = RequestValidator(
                token or self.fake_twilio.auth_token
            ).compute_signature(url, params)
        headers = {"X-Twilio-Signature": signature} if signature else {}
        self.env.flush_all()  # what the test wrote, for the request to see
        with self.allow_requests(all_requests=True):
            response = requests.post(url, data=params, headers=headers, timeout=30)
        self.env.invalidate_all()  # the request changed the records
        return response.status_code, response.text

    def call_report(self, call, status="completed", **params):
        return {
            "AccountSid": self.fake_twilio.account_sid,
            "CallSid": call.provider_ref,
            "CallStatus": status,
            "SequenceNumber": "3",
            "From": TWILIO_NUMBER,
            "To": CUSTOMER_E164,
            **params,
        }

    def key_report(self, call, digits):
        return {
            "AccountSid": self.fake_twilio.account_sid,
            "CallSid": call.provider_ref,
            "CallStatus": "in-progress",
            "Digits": digits,
        }

    def message_report(self, message, status="delivered"):
        return {
            "AccountSid": self.fake_twilio.account_sid,
            "MessageSid": message.provider_ref,
            "MessageStatus": status,
        }

    def inbound(self, from_, body, **params):
        sid = new_sid("SM")
        return {
            "AccountSid": self.fake_twilio.account_sid,
            "MessageSid": sid,
            "SmsSid": sid,
            "From": from_,
            "To": TWILIO_NUMBER,
            "Body": body,
            "NumMedia": "0",
            **params,
        }

    def replies(self):
        return self.env["sale.status.reply"].search([])

    def reply_to(self, form):
        return self.replies().filtered(
            lambda reply: reply.provider_ref == form["MessageSid"]
        )

    def assertLogged(self, logs, text):
        self.assertTrue(
            [line for line in logs.output if text in line],
            f"{text!r} not in the log: {logs.output}",
        )

    def blacklisted(self):
        return self.env["phone.blacklist"].with_context(active_test=False).search([])

    # ------------------------------------------------ one answer, any id
    def test_unsigned_reports_answer_alike_whatever_the_id(self):
        message, call = self.message_and_call()
        missing = message.search([], order="id desc", limit=1).id + 1000
        reports = {
            "/sale_status_automation/twilio/call/%s": self.call_report(call),
            "/sale_status_automation/twilio/call/%s/key": self.key_report(call, "1"),
            "/sale_status_automation/twilio/whatsapp/%s": self.message_report(message),
        }
        forgeries = {
            "unsigned": {"signature": ""},
            "forged": {"signature": "forged"},
            "another token": {"token": "wrong-" + self.fake_twilio.auth_token},
        }
        answers = {}
        with self.assertLogs(ADDON_LOGGER, logging.WARNING):
            for path, params in reports.items():
                for record_id in (call.id, message.id, missing):
                    for forgery, options in forgeries.items():
                        answer = self.post(path % record_id, params, **options)
                        answers[path % record_id, forgery] = answer
        self.assertEqual(
            {key: answer for key, answer in answers.items() if answer != REFUSED},
            {},
        )
        self.assertEqual((message.state, call.state), ("sent", "sent"))
        self.assertFalse(call.call_key)

    def test_signed_reports_are_taken_or_ignored(self):
        """The positive control: Twilio's reports still work, and a signed
        report for an id that is no execution of the channel is ignored."""
        message, call = self.message_and_call()
        missing = message.search([], order="id desc", limit=1).id + 1000
        with self.assertLogs(ADDON_LOGGER, logging.INFO) as logs:
            for record_id in (message.id, missing):
                self.assertEqual(
                    self.post(
                        f"/sale_status_automation/twilio/call/{record_id}",
                        self.call_report(call),
                    ),
                    (200, ""),
                )
        self.assertIn(f"call report for unknown execution {missing}", logs.output[-1])
        self.assertEqual((message.state, call.state), ("sent", "sent"))
        status, twiml = self.post(
            f"/sale_status_automation/twilio/call/{call.id}/key",
            self.key_report(call, "1"),
        )
        self.assertEqual(status, 200)
        self.assertIn("Merci.", twiml)
        self.assertEqual(call.call_key, "1")
        status, _body = self.post(
            f"/sale_status_automation/twilio/call/{call.id}",
            self.call_report(call, CallDuration="42", AnsweredBy="human"),
        )
        self.assertEqual(status, 200)
        self.assertRecordValues(
            call,
            [
                {
                    "state": "delivered",
                    "call_duration": 42,
                    "reason": "Answered by human, 42 s.",
                }
            ],
        )
        status, _body = self.post(
            f"/sale_status_automation/twilio/whatsapp/{message.id}",
            self.message_report(message),
        )
        self.assertEqual((status, message.state), (200, "delivered"))

    def test_unsigned_inbound_messages_answer_alike(self):
        unsigned = {"signature": ""}
        forms = {
            "the company's account": (self.inbound(CUSTOMER_E164, "STOP"), unsigned),
            "another account": (
                self.inbound(CUSTOMER_E164, "STOP", AccountSid="AC" + "0" * 32),
                unsigned,
            ),
            "no MessageSid": (
                {**self.inbound(CUSTOMER_E164, "STOP"), "MessageSid": ""},
                unsigned,
            ),
            # PostgreSQL refuses NUL in text: looked up as is, it was a 500.
            "a NUL in the account": (
                self.inbound(
                    CUSTOMER_E164,
                    "STOP",
                    AccountSid=self.fake_twilio.account_sid + "\0",
                ),
                unsigned,
            ),
            "forged": (self.inbound(CUSTOMER_E164, "STOP"), {"signature": "forged"}),
            "another token": (
                self.inbound(f"whatsapp:{CUSTOMER_E164}", "STOP"),
                {"token": "wrong-" + self.fake_twilio.auth_token},
            ),
        }
        with self.assertLogs(ADDON_LOGGER, logging.WARNING):
            answers = {
                name: self.post(INBOUND, form, **options)
                for name, (form, options) in forms.items()
            }
        self.assertEqual(
            {name: answer for name, answer in answers.items() if answer != REFUSED},
            {},
        )
        self.assertFalse(self.replies())
        self.assertFalse(self.blacklisted())
        # Signed, but without the id it is kept by: unusable, and said so.
        with self.assertLogs(ADDON_LOGGER, logging.WARNING) as logs:
            answer = self.post(
                INBOUND, {**self.inbound(CUSTOMER_E164, "Hello"), "MessageSid": ""}
            )
        self.assertEqual(answer, (400, ""))
        self.assertIn("without a MessageSid", logs.output[0])
        self.assertFalse(self.replies())

    # ------------------------------------------------ malformed, signed
    def test_an_unreadable_call_duration_still_delivers(self):
        for duration in ("xyz", "99999999999999", "-5", "4.5"):
            _message, call = self.message_and_call()
            with self.assertLogs(ODOO_LOGGER, logging.WARNING) as logs:
                answer = self.post(
                    f"/sale_status_automation/twilio/call/{call.id}",
                    self.call_report(call, CallDuration=duration, AnsweredBy="human"),
                )
            self.assertEqual(answer, (200, ""), duration)
            self.assertLogged(logs, f"CallDuration={duration!r}")
            self.assertRecordValues(
                call,
                [
                    {
                        "state": "delivered",
                        "call_duration": 0,
                        "call_sequence": 3,
                        "reason": "Answered by human, ? s.",
                    }
                ],
            )

    def test_an_unreadable_sequence_number_is_ignored(self):
        _message, call = self.message_and_call()
        for sequence in ("xyz", "99999999999999", "-3", ""):
            with self.assertLogs(ODOO_LOGGER, logging.INFO) as logs:
                answer = self.post(
                    f"/sale_status_automation/twilio/call/{call.id}",
                    self.call_report(call, "ringing", SequenceNumber=sequence),
                )
            self.assertEqual(answer, (200, ""), sequence)
            if sequence:  # an empty one is no number at all, as a missing one
                self.assertLogged(logs, f"SequenceNumber={sequence!r}")
            self.assertLogged(logs, "Ignored repeated or late call report -1")
            self.assertEqual((call.state, call.call_sequence), ("sent", -1))
        # The call goes on: the next readable report counts.
        self.post(
            f"/sale_status_automation/twilio/call/{call.id}",
            self.call_report(call, CallDuration="7"),
        )
        self.assertEqual((call.state, call.call_duration), ("delivered", 7))

    def test_a_nul_in_a_stored_field_is_dropped(self):
        _message, call = self.message_and_call()
        answer = self.post(
            f"/sale_status_automation/twilio/call/{call.id}",
            self.call_report(call, CallDuration="7", AnsweredBy="human\0"),
        )
        self.assertEqual(answer, (200, ""))
        self.assertEqual((call.state, call.answered_by), ("delivered", "human"))

    def test_digits_that_are_not_one_key_are_no_answer(self):
        _message, call = self.message_and_call()
        for digits in ("12", "x", "#1"):
            with self.assertLogs(ODOO_LOGGER, logging.WARNING) as logs:
                status, twiml = self.post(
                    f"/sale_status_automation/twilio/call/{call.id}/key",
                    self.key_report(call, digits),
                )
            self.assertEqual(status, 200, digits)
            self.assertLogged(logs, "not one key")
            # Not an answer: the question is asked again.
            self.assertIn("<Gather", twiml)
            self.assertFalse(call.call_key)
        status, twiml = self.post(
            f"/sale_status_automation/twilio/call/{call.id}/key",
            self.key_report(call, "1"),
        )
        self.assertEqual((status, call.call_key), (200, "1"))

    def test_an_unreadable_media_count_keeps_the_message(self):
        for count in ("xyz", "-1", "99999999999999"):
            form = self.inbound(CUSTOMER_E164, f"Photo {count}", NumMedia=count)
            with self.assertLogs(ODOO_LOGGER, logging.WARNING) as logs:
                status, _twiml = self.post(INBOUND, form)
            self.assertEqual(status, 200, count)
            self.assertLogged(logs, f"NumMedia={count!r}")
            reply = self.reply_to(form)
            self.assertEqual(reply.body, f"Photo {count}")

    # ------------------------------------------------ STOP from no number
    def test_stop_from_a_sender_that_is_no_phone_number_is_kept(self):
        for sender in ("12345", "ACME"):
            form = self.inbound(sender, "STOP")
            with self.assertLogs(ODOO_LOGGER, logging.WARNING) as logs:
                status, _twiml = self.post(INBOUND, form)
            self.assertEqual(status, 200, sender)
            reply = self.reply_to(form)
            self.assertRecordValues(
                reply,
                [{"from_number": sender, "body": "STOP", "keyword": "opt_out"}],
            )
            self.assertLogged(
                logs,
                f"from {sender!r}: not a phone number, so nothing was put on the "
                "phone blacklist",
            )
        self.assertFalse(self.blacklisted())
        # The positive control: a STOP from a phone number blacklists it.
        status, _twiml = self.post(INBOUND, self.inbound(CUSTOMER_E164, "STOP"))
        self.assertEqual(status, 200)
        self.assertEqual(self.blacklisted().mapped("number"), [CUSTOMER_E164])
