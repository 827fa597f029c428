# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The fake Twilio server answers the real ``twilio`` SDK like Twilio does."""

import threading
import time

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from odoo.tests.common import TransactionCase

from .fake_twilio import FakeTwilioCase, Faults

CUSTOMER = "+32470123456"
SHOP = "+15005550006"


class TestFakeTwilio(FakeTwilioCase, TransactionCase):
    def client(self, token=None, timeout=10):
        return Client(
            self.fake_twilio.account_sid,
            token or self.fake_twilio.auth_token,
            http_client=TwilioHttpClient(timeout=timeout),
        )

    def test_sdk_places_a_call_through_twilio_url(self):
        call = self.client().calls.create(
            to=CUSTOMER,
            from_=SHOP,
            twiml="<Response><Say>Your order shipped</Say></Response>",
            status_callback="http://127.0.0.1:8069/callback",
            status_callback_event=["initiated", "completed"],
        )
        self.assertTrue(call.sid.startswith("CA"))
        self.assertEqual(call.status, "queued")
        (request,) = self.fake_twilio.api_requests("Calls")
        self.assertTrue(request.authenticated)
        self.assertEqual(request.sid, call.sid)
        self.assertEqual(request.form["To"], CUSTOMER)
        self.assertEqual(request.form["From"], SHOP)
        self.assertIn("<Say>Your order shipped</Say>", request.form["Twiml"])
        # The SDK fetches what the server created.
        self.assertEqual(self.client().calls(call.sid).fetch().to, CUSTOMER)

    def test_sdk_with_base_url_sends_a_message(self):
        client = self.client()
        client.api.base_url = self.fake_twilio.url
        message = client.messages.create(
            to=CUSTOMER, from_=SHOP, body="Paid, thank you!"
        )
        self.assertTrue(message.sid.startswith("SM"))
        self.assertEqual(message.body, "Paid, thank you!")
        self.assertEqual(
            self.fake_twilio.api_requests("Messages")[0].form["Body"], message.body
        )

    def test_wrong_credentials_are_refused(self):
        with self.assertRaises(TwilioRestException) as refused:
            self.client(token="not-the-token").messages.create(
                to=CUSTOMER, from_=SHOP, body="hello"
            )
        self.assertEqual(
            (refused.exception.status, refused.exception.code), (401, 20003)
        )
        self.assertFalse(self.fake_twilio.api_requests()[0].authenticated)

    def test_invalid_numbers_get_twilio_error_codes(self):
        with self.assertRaises(TwilioRestException) as call_error:
            self.client().calls.create(to="12", from_=SHOP, twiml="<Response/>")
        with self.assertRaises(TwilioRestException) as sms_error:
            self.client().messages.create(to="call me", from_=SHOP, body="hi")
        self.assertEqual(call_error.exception.code, 21217)
        self.assertEqual(sms_error.exception.code, 21211)
        self.assertEqual(sms_error.exception.status, 400)

    def test_scripted_failures_then_recovery(self):
        self.fake_twilio.fail_next(20429, status=429, message="Too Many Requests")
        self.fake_twilio.fail_next(20500, status=500, message="Internal Server Error")
        self.fake_twilio.fail_number("+32470000000", 21610, message="Unsubscribed")
        codes = []
        for to in (CUSTOMER, CUSTOMER, "+32470000000", CUSTOMER):
            try:
                self.client().messages.create(to=to, from_=SHOP, body="hi")
                codes.append("sent")
            except TwilioRestException as error:
                codes.append((error.status, error.code))
        self.assertEqual(codes, [(429, 20429), (500, 20500), (400, 21610), "sent"])
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 4)

    def test_slow_answer_times_out_the_client(self):
        self.fake_twilio.delay_next(1.5, resource="Calls")
        with self.assertRaises(requests.exceptions.ReadTimeout):
            self.client(timeout=0.3).calls.create(
                to=CUSTOMER, from_=SHOP, twiml="<Response/>"
            )
        # The server still placed the call: a retry must not call twice.
        self.assertEqual(len(self.fake_twilio.api_requests("Calls")), 1)

    def send_messages(self, count, timeout=10):
        """What became of ``count`` messages: "sent", an HTTP status, "timeout"."""
        outcomes = []
        for index in range(count):
            try:
                self.client(timeout=timeout).messages.create(
                    to=CUSTOMER, from_=SHOP, body=f"Message {index}"
                )
                outcomes.append("sent")
            except TwilioRestException as error:
                outcomes.append(error.status)
            except requests.exceptions.ReadTimeout:
                outcomes.append("timeout")
        return outcomes

    def test_random_faults_reproducible_from_a_seed(self):
        faults = Faults(transient=0.3, timeout=0.2, max_timeouts=2, hang=1, seed=7)
        self.fake_twilio.inject_faults(faults)
        outcomes = self.send_messages(20, timeout=0.3)
        recorded = self.fake_twilio.api_requests("Messages")
        self.assertEqual(outcomes.count("timeout"), 2)
        self.assertEqual(self.fake_twilio.timeouts_injected, 2)
        transient = [r for r in recorded if r.fault == "transient"]
        self.assertTrue(transient)
        self.assertEqual(
            sorted(o for o in outcomes if isinstance(o, int)),
            sorted(r.status for r in transient),
        )
        self.assertLessEqual({r.status for r in transient}, {429, 503})
        self.assertEqual({r.answer["code"] for r in transient} - {20429, 20503}, set())
        # A request that timed out was accepted: the message left.
        lost = [r for r in recorded if r.fault == "timeout"]
        self.assertTrue(all(r.accepted and r.sid for r in lost))
        self.assertEqual(outcomes.count("sent") + 2, sum(r.accepted for r in recorded))
        # The same seed injects the same faults in the same order.
        self.fake_twilio.reset()
        self.fake_twilio.inject_faults(faults)
        self.assertEqual(self.send_messages(20, timeout=0.3), outcomes)

    def test_held_requests_wait_until_released(self):
        self.fake_twilio.hold()
        sender = threading.Thread(target=self.send_messages, args=(1,))
        sender.start()
        deadline = time.time() + 10
        while not self.fake_twilio.held_requests() and time.time() < deadline:
            time.sleep(0.01)
        (held,) = self.fake_twilio.held_requests()
        self.assertEqual((held.status, held.client[0]), (0, "127.0.0.1"))
        self.fake_twilio.release()
        sender.join(10)
        self.assertTrue(held.accepted)
        self.assertFalse(self.fake_twilio.held_requests())

    def test_status_callbacks_are_signed_like_twilio(self):
        callback_url = f"{self.fake_twilio.url}/status/call"
        call = self.client().calls.create(
            to=CUSTOMER, from_=SHOP, twiml="<Response/>", status_callback=callback_url
        )
        (request,) = self.fake_twilio.api_requests("Calls")
        self.fake_twilio.post_status_callback(request, "ringing")
        self.fake_twilio.post_status_callback(
            request, "completed", CallDuration=12, AnsweredBy="human"
        )
        ringing, completed = self.fake_twilio.callbacks
        self.assertEqual(completed.form["CallSid"], call.sid)
        self.assertEqual(completed.form["CallStatus"], "completed")
        self.assertEqual(completed.form["CallDuration"], "12")
        self.assertEqual(
            [ringing.form["SequenceNumber"], completed.form["SequenceNumber"]],
            ["0", "1"],
        )
        signature = completed.headers["X-Twilio-Signature"]
        validator = RequestValidator(self.fake_twilio.auth_token)
        self.assertTrue(validator.validate(callback_url, completed.form, signature))
        self.assertFalse(
            RequestValidator("other").validate(callback_url, completed.form, signature)
        )
