# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Robocalls through the twilio SDK against the fake Twilio server, and its
signed call status callbacks."""

import logging
from base64 import b64encode
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged

from ..tools.twilio import HTTP_LOGGER
from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CALL_CHANNEL_LOGGER = "odoo.addons.sale_status_automation.channels.call"
CUSTOMER_E164 = "+32470123456"
CALLER = "+15005550006"
NOW = datetime(2026, 3, 2, 10, 0)


@tagged("post_install", "-at_install")
class TestChannelVoice(FakeTwilioCase, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caller = cls.connect_company_to_the_fake(CALLER)
        cls.customer.name = "Ada & Co"
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Delivery call",
            channel="call",
            call_text=(
                "Hello {{ object.partner_id.name }}, order {{ object.name }} <ships>."
            ),
            call_language="en-US",
            call_voice_id=cls.voice("Polly.Joanna", "en-US").id,
        )

    def call(self):
        self.order.stage_id = self.stage_paid
        self.order.stage_id = self.stage_shipped
        execution = self.executions(self.order, rule_id=self.rule.id)[-1]
        with freeze_time(NOW):
            job = self.run_job(execution)
        return execution, job

    def report(self, status, signature=None, **params):
        """Twilio reports on the last call, to the addon's controller."""
        request = self.fake_twilio.api_requests("Calls")[-1]
        with self.allow_requests(all_requests=True):
            response = self.fake_twilio.post_status_callback(
                request, status, signature=signature, **params
            )
        self.env.invalidate_all()
        return response

    def test_text_call_reads_the_rendered_escaped_text(self):
        execution, job = self.call()
        self.assertEqual(job.state, "done")
        (request,) = self.fake_twilio.api_requests("Calls")
        self.assertEqual(request.form["To"], CUSTOMER_E164)
        self.assertEqual(request.form["From"], CALLER)
        self.assertEqual(
            request.form["Twiml"],
            '<?xml version="1.0" encoding="UTF-8"?><Response>'
            '<Say language="en-US" voice="Polly.Joanna">'
            f"Hello Ada &amp; Co, order {self.order.name} &lt;ships&gt;."
            "</Say></Response>",
        )
        self.assertEqual(
            request.form["StatusCallback"],
            f"{self.base_url()}/sale_status_automation/twilio/call/{execution.id}",
        )
        self.assertEqual(
            request.form_lists["StatusCallbackEvent"],
            ["initiated", "ringing", "answered", "completed"],
        )
        self.assertNotIn("MachineDetection", request.form)
        self.assertEqual(
            (execution.state, execution.provider_ref), ("sent", request.sid)
        )

    def test_caller_number_of_the_country_called_as_for_sms(self):
        belgian = self.env["sms.twilio.number"].create(
            {
                "company_id": self.company.id,
                "number": "+3225550100",
                "country_id": self.env.ref("base.be").id,
            }
        )
        # The default caller number only serves countries without a number.
        self.company.sale_status_voice_number_id = self.caller
        self.call()
        self.assertEqual(
            self.fake_twilio.api_requests("Calls")[-1].form["From"], belgian.number
        )
        self.customer.write({"phone": "+33 6 12 34 56 78"})
        self.call()
        self.assertEqual(
            self.fake_twilio.api_requests("Calls")[-1].form["From"], CALLER
        )
        # A rule's own number always wins.
        self.customer.write({"phone": "+32 470 12 34 56"})
        self.rule.call_from_number_id = self.caller
        self.call()
        self.assertEqual(
            self.fake_twilio.api_requests("Calls")[-1].form["From"], CALLER
        )

    def test_prosody_only_when_speed_or_volume_change(self):
        self.rule.write({"call_rate": "fast", "call_volume": "loud", "call_repeat": 2})
        self.call()
        self.rule.call_volume = "medium"
        self.call()
        loud, fast = (r.form["Twiml"] for r in self.fake_twilio.api_requests("Calls"))
        self.assertIn(
            '<Say language="en-US" loop="2" voice="Polly.Joanna">'
            '<prosody rate="fast" volume="loud">Hello',
            loud,
        )
        self.assertIn('<prosody rate="fast">Hello', fast)

    def test_audio_file_and_answering_machine_detection(self):
        self.rule.write(
            {
                "call_mode": "audio",
                "call_audio_url": "https://example.com/shipped.mp3",
                "call_repeat": 3,
                "call_machine_detection": True,
            }
        )
        execution, _job = self.call()
        (request,) = self.fake_twilio.api_requests("Calls")
        self.assertIn(
            '<Play loop="3">https://example.com/shipped.mp3</Play>',
            request.form["Twiml"],
        )
        self.assertEqual(request.form["MachineDetection"], "DetectMessageEnd")
        self.assertEqual(execution.content, "https://example.com/shipped.mp3")

    def test_permanent_and_transient_twilio_errors(self):
        self.fake_twilio.fail_number(CUSTOMER_E164, 21217, message="Invalid 'To'")
        execution, job = self.call()
        self.assertEqual((execution.state, job.state), ("failed", "done"))
        self.assertEqual(
            execution.reason,
            "Unable to create record: Invalid 'To' (Twilio error 21217)",
        )

        self.fake_twilio.reset()
        self.fake_twilio.fail_next(20429, status=429, message="Too Many Requests")
        execution, job = self.call()
        self.assertEqual((execution.state, job.state), ("scheduled", "pending"))
        self.fake_twilio.fail_next(20500, status=500, message="Internal Server Error")
        job = self.run_job(execution)
        self.assertEqual(
            (execution.state, job.state, job.retry), ("scheduled", "pending", 2)
        )
        self.run_job(execution)
        self.assertEqual(execution.state, "sent")
        self.assertEqual(len(self.fake_twilio.api_requests("Calls")), 3)

    def test_credentials_are_never_logged_nor_kept(self):
        # The most verbose logging an administrator could ask for.
        HTTP_LOGGER.setLevel(logging.DEBUG)
        self.addCleanup(HTTP_LOGGER.setLevel, logging.WARNING)
        token = self.fake_twilio.auth_token
        basic = b64encode(f"{self.fake_twilio.account_sid}:{token}".encode()).decode()
        with self.assertLogs(level=logging.DEBUG) as logs:
            sent, _job = self.call()
            self.company.sms_twilio_auth_token = wrong = "wrong-" + token
            refused, _job = self.call()
        self.assertEqual(sent.state, "sent")
        self.assertEqual(refused.state, "failed")
        self.assertIn("Authenticate", refused.reason)
        self.assertTrue(any("Twilio API Request" in line for line in logs.output))
        kept = [*logs.output, *(sent + refused).mapped(lambda e: f"{e.read()}")]
        for secret in (token, basic, wrong):
            self.assertFalse([line for line in kept if secret in line])

    def test_completed_call_is_delivered_once_and_in_order(self):
        execution, _job = self.call()
        self.report("ringing")  # SequenceNumber 0
        self.report("in-progress")  # 1
        with self.assertLogs(CALL_CHANNEL_LOGGER, logging.INFO) as logs:
            self.report("ringing", SequenceNumber=0)  # sent twice by Twilio
        self.assertEqual(
            [record.getMessage() for record in logs.records],
            [f"Ignored repeated or late call report 0 of {execution.provider_ref}"],
        )
        response = self.report(
            "completed", CallDuration=23, AnsweredBy="human", SequenceNumber=2
        )
        self.assertEqual(response.status_code, 200)
        self.assertRecordValues(
            execution,
            [
                {
                    "state": "delivered",
                    "call_duration": 23,
                    "answered_by": "human",
                    "reason": "Answered by human, 23 s.",
                    "call_sequence": 2,
                }
            ],
        )
        # A late or repeated report changes nothing, and says so in the log.
        with self.assertLogs(CALL_CHANNEL_LOGGER, logging.INFO) as logs:
            late = self.report("ringing", SequenceNumber=1)
            again = self.report("completed", CallDuration=99, SequenceNumber=2)
        self.assertEqual((late.status_code, again.status_code), (200, 200))
        self.assertEqual(
            [record.getMessage() for record in logs.records],
            [
                f"Ignored call report {execution.provider_ref} {status} for "
                f"execution {execution.id} (delivered, call {execution.provider_ref})"
                for status in ("ringing", "completed")
            ],
        )
        self.assertEqual((execution.state, execution.call_duration), ("delivered", 23))
        notes = self.order.message_ids.filtered(lambda m: "Delivery call" in m.body)
        self.assertEqual(len(notes), 2)  # sent, then delivered

    def test_forged_or_unsigned_reports_are_refused(self):
        execution, _job = self.call()
        with self.assertLogs("odoo.addons.sale_status_automation", logging.WARNING):
            forged = self.report("completed", signature="forged", CallDuration=5)
            unsigned = self.report("completed", signature="", CallDuration=5)
        self.assertEqual((forged.status_code, forged.text), (403, ""))
        self.assertEqual(unsigned.status_code, 403)
        self.assertEqual(execution.state, "sent")

    def test_report_for_an_unknown_call_is_ignored(self):
        execution, _job = self.call()
        with self.assertLogs(CALL_CHANNEL_LOGGER, logging.INFO) as logs:
            response = self.report("completed", CallSid="CA" + "0" * 32)
        self.assertEqual((response.status_code, response.text), (200, ""))
        self.assertIn(f"CA{'0' * 32} completed", logs.output[0])
        self.assertEqual(execution.state, "sent")

    def test_busy_calls_again_later_then_gives_up(self):
        self.rule.write({"call_retry_max": 2, "call_retry_minutes": 15})
        execution, _job = self.call()
        with freeze_time(NOW):
            self.report("busy")
        self.assertEqual(execution.state, "scheduled")
        self.assertEqual(execution.scheduled_at, NOW + timedelta(minutes=15))
        self.assertEqual(self.jobs(execution).eta, NOW + timedelta(minutes=15))
        self.run_job(execution)
        self.assertEqual((execution.state, execution.attempts), ("sent", 2))
        self.report("no-answer")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(execution.reason, "no-answer, 2 call(s): giving up.")
        self.assertEqual(len(self.fake_twilio.api_requests("Calls")), 2)

    def test_retried_job_never_calls_twice(self):
        execution, _job = self.call()
        # queue_job runs the same job again (a requeue after a restart...).
        self.run_job(execution)
        self.assertEqual(execution.state, "sent")
        self.assertEqual(len(self.fake_twilio.api_requests("Calls")), 1)

    def test_sandbox_prepares_the_call_and_places_none(self):
        self.company.sale_status_sandbox = True
        execution, _job = self.call()
        self.assertEqual(execution.state, "sent")
        self.assertEqual(
            execution.content, f"Hello Ada & Co, order {self.order.name} <ships>."
        )
        self.assertFalse(self.fake_twilio.api_requests())

    def test_rule_settings_are_checked_on_save(self):
        def refused(message, **values):
            with self.assertRaisesRegex(ValidationError, message):
                self.make_rule(
                    self.stage_shipped,
                    "Check",
                    channel="call",
                    **{**text_call, **values},
                )

        audio = "https:// address of an .mp3"
        text_call = {"call_mode": "audio"}
        refused(audio, call_audio_url="http://x.com/a.mp3")
        refused(audio, call_audio_url="https://x.com/a.wav")
        text_call = {
            "call_mode": "text",
            "call_language": "en-US",
            "call_voice_id": self.voice("Polly.Joanna", "en-US").id,
            "call_rate": "medium",
        }
        refused("choose a voice that speaks fr-FR", call_language="fr-FR")
        refused("at most 3000 with Polly.Joanna", call_text="a" * 3001)
        refused(
            "woman does not read speed and volume",
            call_voice_id=self.voice("woman", "en-US").id,
            call_rate="slow",
        )
        refused(
            "Chirp3-HD-Kore does not read speed and volume",
            call_voice_id=self.voice("Google.en-US-Chirp3-HD-Kore", "en-US").id,
            call_volume="loud",
        )
        refused("keys need a question", call_key_ids=[Command.create({"key": "1"})])
        celine = self.voice("Polly.Celine", "fr-FR")
        self.rule.write(
            {"call_language": "fr-FR", "call_voice_id": celine.id, "call_rate": "slow"}
        )
        self.assertEqual(self.rule.call_voice_id, celine)

    def test_settings_form_sets_the_call_defaults(self):
        # The call's own block of Settings (channels/call/views/): its fields
        # are on the form, and a new language brings its own voice.
        with Form(self.env["res.config.settings"]) as settings:
            settings.sale_status_voice_number_id = self.caller
            settings.sale_status_voice_id = self.voice("Polly.Joanna", "en-US")
            settings.sale_status_voice_language = "fr-FR"
            self.assertEqual(
                settings.sale_status_voice_id,
                self.env["sale.status.voice"]._default_voice("fr-FR"),
            )
        settings.record.execute()
        self.assertEqual(
            (
                self.company.sale_status_voice_number_id,
                self.company.sale_status_voice_language,
                self.company.sale_status_voice_id.language,
            ),
            (self.caller, "fr-FR", "fr-FR"),
        )

    def test_settings_test_call(self):
        self.company.write({"sale_status_voice_number_id": self.caller.id})
        wizard = self.env["sale.status.voice.test"].create(
            {"number": "0470 12 34 56", "text": "Testing 1 2 3"}
        )
        wizard.action_call()
        (request,) = self.fake_twilio.api_requests("Calls")
        self.assertEqual(wizard.call_sid, request.sid)
        self.assertEqual(request.form["To"], CUSTOMER_E164)
        self.assertIn(">Testing 1 2 3</Say>", request.form["Twiml"])
        self.company.sms_twilio_auth_token = "wrong"
        wizard.action_call()
        self.assertIn("20003", wizard.error)
