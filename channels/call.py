# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The robocall: a rule's text read by a Twilio voice, or an mp3, played to
the customer; Twilio reports the call's progress to the controller of
controllers/twilio_reports.py, which hands the report to this channel."""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from twilio.base.exceptions import TwilioException
from twilio.twiml.voice_response import VoiceResponse

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.phone_validation.tools.phone_validation import (
    phone_get_country_code_for_number,
)
from odoo.addons.sms_twilio.tools.sms_twilio import get_twilio_from_number

from ..tools.sending import Delivery, PermanentChannelError, SendResult
from ..tools.twilio import call_errors, client_for, public_url
from ..tools.twilio_voices import (
    LANGUAGES,
    RATES,
    TEXT_LIMITS,
    VOICE_SELECTION,
    VOLUMES,
    speaks,
    voice_family,
    voices_for,
)

_logger = logging.getLogger(__name__)

# Twilio refuses inline TwiML longer than this.
TWIML_LIMIT = 4000
# Seconds the phone rings before Twilio gives up (no-answer).
RING_SECONDS = 30
CALL_EVENTS = ["initiated", "ringing", "answered", "completed"]


class ResCompany(models.Model):
    _inherit = "res.company"

    sale_status_voice_number_id = fields.Many2one(
        "sms.twilio.number",
        string="Default Caller Number",
        domain="[('company_id', '=', id)]",
        help="The Twilio number robocalls come from when the company has none "
        "of the country called and the rule names none.",
    )
    sale_status_voice_language = fields.Selection(
        LANGUAGES, string="Default Call Language", default="en-US"
    )
    sale_status_voice = fields.Selection(
        VOICE_SELECTION, string="Default Voice", default="Polly.Joanna"
    )

    @api.constrains(
        "sale_status_voice_language", "sale_status_voice", "sale_status_voice_number_id"
    )
    def _check_sale_status_voice(self):
        for company in self:
            voice, language = (
                company.sale_status_voice,
                company.sale_status_voice_language,
            )
            if voice and language and not speaks(voice, language):
                raise ValidationError(
                    self.env._(
                        "The default voice %(voice)s does not speak %(language)s.",
                        voice=voice,
                        language=language,
                    )
                )
            number = company.sale_status_voice_number_id
            if number and number.company_id != company:
                raise ValidationError(
                    self.env._(
                        "%(number)s is not one of the Twilio numbers of %(company)s.",
                        number=number.number,
                        company=company.name,
                    )
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sale_status_voice_number_id = fields.Many2one(
        related="company_id.sale_status_voice_number_id", readonly=False
    )
    sale_status_voice_language = fields.Selection(
        related="company_id.sale_status_voice_language", readonly=False
    )
    sale_status_voice = fields.Selection(
        related="company_id.sale_status_voice", readonly=False
    )


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("call", "Robocall")], ondelete={"call": "cascade"}
    )
    call_from_number_id = fields.Many2one(
        "sms.twilio.number",
        string="Call From",
        domain="[('company_id', '=', company_id)]",
        help="One of the company's Twilio numbers. When empty: the company's "
        "number of the country called, else the default caller number of the "
        "settings.",
    )
    call_mode = fields.Selection(
        [("text", "Text read by a voice"), ("audio", "Audio file")],
        string="Call Using",
        required=True,
        default="text",
    )
    call_text = fields.Text(
        string="Text to Read",
        translate=True,
        default=lambda self: self.env._(
            "Hello {{ object.partner_id.name }}. Your order {{ object.name }} is now "
            "{{ object.stage_id.name }}. Thank you!"
        ),
    )
    call_language = fields.Selection(
        LANGUAGES,
        required=True,
        default=lambda self: self.env.company.sale_status_voice_language or "en-US",
    )
    call_voice = fields.Selection(
        VOICE_SELECTION,
        string="Voice",
        required=True,
        default=lambda self: self.env.company.sale_status_voice or "Polly.Joanna",
        help="Basic voices speak English, French, German, Spanish and Italian; "
        "Polly and Google voices speak their own language, with speed and volume.",
    )
    call_rate = fields.Selection(RATES, string="Speed", required=True, default="medium")
    call_volume = fields.Selection(
        VOLUMES, string="Volume", required=True, default="medium"
    )
    call_audio_url = fields.Char(
        string="Audio URL", help="A public https:// address of an .mp3 file."
    )
    call_repeat = fields.Integer(
        string="Repeat", default=1, help="How many times the message is played."
    )
    call_machine_detection = fields.Boolean(
        string="Answering Machines",
        help="When a voicemail answers, wait for the beep and leave the message.",
    )
    call_retry_max = fields.Integer(
        string="Calls When Busy",
        default=2,
        help="How many calls at most when the line is busy or nobody answers.",
    )
    call_retry_minutes = fields.Integer(
        string="Minutes Between Calls",
        default=15,
        help="The sending hours still apply to the next call.",
    )

    @api.onchange("call_language")
    def _onchange_call_language(self):
        if not speaks(self.call_voice, self.call_language):
            self.call_voice = voices_for(self.call_language)[0]


class SaleStatusExecution(models.Model):
    _inherit = "sale.status.execution"

    call_sequence = fields.Integer(
        readonly=True,
        default=-1,
        help="The last call status report taken into account (Twilio numbers "
        "them): older or repeated reports are ignored.",
    )
    call_duration = fields.Integer(string="Call Duration (s)", readonly=True)
    answered_by = fields.Char(readonly=True)


class SaleStatusChannelCall(models.AbstractModel):
    """A robocall with Twilio Voice; Twilio reports the call's progress to
    ``/sale_status_automation/twilio/call/<execution>``."""

    _name = "sale.status.channel.call"
    _inherit = "sale.status.channel"
    _description = "Automation Channel: Robocall"

    _rule_fields = (
        "call_from_number_id",
        "company_id",
        "call_mode",
        "call_text",
        "call_language",
        "call_voice",
        "call_rate",
        "call_volume",
        "call_audio_url",
        "call_repeat",
        "call_retry_max",
        "call_retry_minutes",
    )

    # ------------------------------------------------------------ the rule
    def _rendered_fields(self, rule):
        return ["call_text"] if rule.call_mode == "text" else []

    def _check_rule(self, rule):
        env = self.env
        number = rule.call_from_number_id
        if number and number.company_id != rule.company_id:
            raise ValidationError(
                env._(
                    "Rule %(rule)s: %(number)s is not one of the Twilio numbers of "
                    "%(company)s.",
                    rule=rule.name,
                    number=number.number,
                    company=rule.company_id.name,
                )
            )
        if rule.call_mode == "audio":
            url = urlsplit(rule.call_audio_url or "")
            if (
                url.scheme != "https"
                or not url.netloc
                or not url.path.lower().endswith(".mp3")
            ):
                raise ValidationError(
                    env._(
                        "Rule %(rule)s: the audio file must be a public https:// "
                        "address of an .mp3 file.",
                        rule=rule.name,
                    )
                )
        else:
            self._check_speech(rule)
        if not 1 <= rule.call_repeat <= 5:
            raise ValidationError(
                env._("Rule %(rule)s: a message plays 1 to 5 times.", rule=rule.name)
            )
        if rule.call_retry_max < 1 or rule.call_retry_minutes < 1:
            raise ValidationError(
                env._(
                    "Rule %(rule)s: at least one call, and at least a minute between "
                    "calls.",
                    rule=rule.name,
                )
            )

    def _check_speech(self, rule):
        env = self.env
        if not speaks(rule.call_voice, rule.call_language):
            raise ValidationError(
                env._(
                    "Rule %(rule)s: the voice %(voice)s does not speak this language; "
                    "choose one of %(voices)s.",
                    rule=rule.name,
                    voice=rule.call_voice,
                    voices=", ".join(voices_for(rule.call_language)),
                )
            )
        family = voice_family(rule.call_voice)
        limit = TEXT_LIMITS[family]
        if len(rule.call_text or "") > limit:
            raise ValidationError(
                env._(
                    "Rule %(rule)s: the text has %(length)s characters; Twilio "
                    "reads at most %(limit)s with this voice.",
                    rule=rule.name,
                    length=len(rule.call_text),
                    limit=limit,
                )
            )
        if family == "basic" and {rule.call_rate, rule.call_volume} != {"medium"}:
            raise ValidationError(
                env._(
                    "Rule %(rule)s: speed and volume need a Polly or Google voice.",
                    rule=rule.name,
                )
            )

    # ------------------------------------------------------------ sending
    def _caller_number(self, company, destination, rule=None):
        """The Twilio number a call to ``destination`` comes from: the rule's,
        else the company's number of the destination's country (as sms_twilio
        picks the sender of an SMS), else the default caller number, else
        the company's first number."""
        if rule and rule.call_from_number_id:
            return rule.call_from_number_id
        # sudo: the Twilio numbers are readable by admins only.
        company = company.sudo()
        by_country = get_twilio_from_number(company, destination)
        country = phone_get_country_code_for_number(destination)
        if country and by_country.country_code == country:
            return by_country
        return company.sale_status_voice_number_id or by_country

    def _prepare(self, execution):
        env = self.env
        rule, order = execution.rule_id, execution.order_id
        _partner, number = self._phone_recipient(execution)
        caller = self._caller_number(order.company_id, number, rule)
        if not caller:
            raise PermanentChannelError(
                env._(
                    "No Twilio number to call from: add one to the company's Twilio "
                    "account (Settings ▸ SMS)."
                )
            )
        twiml, content = self._twiml(rule, order)
        if len(twiml) > TWIML_LIMIT:
            raise PermanentChannelError(
                env._(
                    "The call script has %(length)s characters once rendered; Twilio "
                    "takes %(limit)s at most.",
                    length=len(twiml),
                    limit=TWIML_LIMIT,
                )
            )
        return Delivery(
            recipient=number,
            content=content,
            payload={"twiml": twiml, "caller": caller.number},
        )

    def _send(self, execution, delivery):
        company = execution.order_id.company_id
        options = {}
        if execution.rule_id.call_machine_detection:
            # Wait for the voicemail's beep, then leave the message.
            options["machine_detection"] = "DetectMessageEnd"
        try:
            call = client_for(company).calls.create(
                to=delivery.recipient,
                from_=delivery.payload["caller"],
                twiml=delivery.payload["twiml"],
                status_callback=public_url(company, self._callback_path(execution)),
                status_callback_event=CALL_EVENTS,
                status_callback_method="POST",
                timeout=RING_SECONDS,
                **options,
            )
        except (TwilioException, OSError) as error:
            raise call_errors(error) from error
        return SendResult(
            provider_ref=call.sid,
            note=self.env._("Call placed, waiting for Twilio's report."),
            values={"call_sequence": -1},
        )

    def _callback_path(self, execution):
        return f"/sale_status_automation/twilio/call/{execution.id}"

    def _twiml(self, rule, order):
        """(TwiML, what the customer hears) of the rule's call on ``order``."""
        response = VoiceResponse()
        loop = rule.call_repeat if rule.call_repeat > 1 else None
        if rule.call_mode == "audio":
            response.play(rule.call_audio_url, loop=loop)
            return str(response), rule.call_audio_url
        text = rule._render_field("call_text", order.ids, compute_lang=True)[order.id]
        text = (text or "").strip()
        if not text:
            raise PermanentChannelError(self.env._("The rule has no text to read."))
        options = {
            "voice": rule.call_voice,
            "language": rule.call_language,
            "loop": loop,
        }
        speech = {"rate": rule.call_rate, "volume": rule.call_volume}
        if voice_family(rule.call_voice) != "basic" and set(speech.values()) != {
            "medium"
        }:
            say = response.say(**options)
            say.prosody(
                text,
                **{key: value for key, value in speech.items() if value != "medium"},
            )
        else:
            response.say(text, **options)
        return str(response), text

    def _place_test_call(self, company, number, text):
        """Call ``number`` and read ``text`` with the company's default voice:
        checks the Twilio voice settings. Returns the call SID."""
        number = (
            company.partner_id._phone_format(number=number, country=company.country_id)
            or number
        )
        caller = self._caller_number(company, number)
        if not caller:
            raise PermanentChannelError(
                self.env._("The company has no Twilio number to call from.")
            )
        response = VoiceResponse()
        response.say(
            text,
            voice=company.sale_status_voice,
            language=company.sale_status_voice_language,
        )
        try:
            call = client_for(company).calls.create(
                to=number,
                from_=caller.number,
                twiml=str(response),
                timeout=RING_SECONDS,
            )
        except (TwilioException, OSError) as error:
            raise call_errors(error) from error
        return call.sid

    # ------------------------------------------------------------ reports
    def _on_call_status(self, execution, params):
        """Take a Twilio call status report into account, once, in order."""
        sid, status = params.get("CallSid"), params.get("CallStatus")
        try:
            sequence = int(params.get("SequenceNumber", -1))
        except ValueError:
            sequence = -1
        if sid != execution.provider_ref or execution.state != "sent":
            _logger.info(
                "Ignored call report %s %s for execution %s (%s, call %s)",
                sid,
                status,
                execution.id,
                execution.state,
                execution.provider_ref,
            )
            return
        if sequence <= execution.call_sequence:
            _logger.info("Ignored repeated or late call report %s of %s", sequence, sid)
            return
        execution.call_sequence = sequence
        if status == "completed":
            duration = int(params.get("CallDuration") or 0)
            answered_by = params.get("AnsweredBy") or ""
            execution.write({"call_duration": duration, "answered_by": answered_by})
            execution._finish(
                "delivered",
                self.env._(
                    "Answered%(by)s, %(duration)s s.",
                    by=self.env._(" by %s", answered_by) if answered_by else "",
                    duration=duration,
                ),
            )
        elif status in ("busy", "no-answer"):
            self._call_again_or_fail(execution, status)
        elif status in ("failed", "canceled"):
            execution._finish(
                "failed", self.env._("The call %(status)s.", status=status)
            )

    def _call_again_or_fail(self, execution, status):
        rule = execution.rule_id
        if execution.is_test or execution.attempts >= rule.call_retry_max:
            execution._finish(
                "failed",
                self.env._(
                    "%(status)s, %(attempts)s call(s): giving up.",
                    status=status,
                    attempts=execution.attempts,
                ),
                unreachable=True,
            )
            return
        due = fields.Datetime.now() + timedelta(minutes=rule.call_retry_minutes)
        execution._schedule_again(
            due,
            self.env._(
                "%(status)s: calling again at %(due)s (UTC).", status=status, due=due
            ),
        )
