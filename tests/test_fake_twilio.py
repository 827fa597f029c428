# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The fake Twilio server answers the real ``twilio`` SDK like Twilio does."""

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from odoo.tests.common import TransactionCase

from .fake_twilio import FakeTwilioCase

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
