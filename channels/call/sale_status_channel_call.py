# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The robocall: a rule's text read by a Twilio voice, or an mp3, played to
the customer. This file holds the channel's checks of the rule and placing
the call; what the call says is in sale_status_channel_call_twiml.py, and
Twilio's reports of the call and the keys the customer presses (posted to
controllers/twilio_reports.py) in sale_status_channel_call_reports.py."""

from urllib.parse import urlsplit

from twilio.base.exceptions import TwilioException
from twilio.twiml.voice_response import VoiceResponse

from odoo import models
from odoo.exceptions import ValidationError

from odoo.addons.phone_validation.tools.phone_validation import (
    phone_get_country_code_for_number,
)
from odoo.addons.sms_twilio.tools.sms_twilio import get_twilio_from_number

from ...tools.sending import Delivery, PermanentChannelError, SendResult
from ...tools.twilio import call_errors, client_for, public_url
from .speech import CUSTOMER_LANGUAGE

# Twilio refuses inline TwiML longer than this.
TWIML_LIMIT = 4000
# Seconds the phone rings before Twilio gives up (no-answer).
RING_SECONDS = 30
CALL_EVENTS = ["initiated", "ringing", "answered", "completed"]


class SaleStatusChannelCall(models.AbstractModel):
    """A robocall with Twilio Voice; Twilio reports the call's progress to
    ``/sale_status_automation/twilio/call/<execution>``."""

    _name = "sale.status.channel.call"
    _inherit = "sale.status.channel"
    _icon = "fa-phone"
    _has_recipient = True
    _text_fields = ("call_text", "call_question")
    _description = "Automation Channel: Robocall"

    # Twilio reports an answered call: that is its delivery.
    _reports_delivery = True
    _rule_fields = (
        "call_from_number_id",
        "company_id",
        "call_mode",
        "call_text",
        "call_question",
        "call_key_ids",
        "call_language",
        "call_voice_id",
        "call_rate",
        "call_volume",
        "call_audio_url",
        "call_repeat",
        "call_retry_max",
        "call_retry_minutes",
    )

    # ------------------------------------------------------------ the rule
    def _rendered_fields(self, rule):
        return ["call_text", "call_question"] if rule.call_mode == "text" else []

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
            if rule.call_key_ids:
                raise ValidationError(
                    env._(
                        "Rule %(rule)s: a question with keys is read by a voice; "
                        "call with a text.",
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
        """A voice that speaks the rule's language and reads its text; in
        the customer's language, each call's voice is checked when placed."""
        env = self.env
        if rule.call_key_ids and not (rule.call_question or "").strip():
            raise ValidationError(
                env._(
                    "Rule %(rule)s: keys need a question that says them.",
                    rule=rule.name,
                )
            )
        if rule.call_language == CUSTOMER_LANGUAGE:
            return
        voice = rule.call_voice_id
        if not voice or voice.language != rule.call_language:
            raise ValidationError(
                env._(
                    "Rule %(rule)s: choose a voice that speaks %(language)s.",
                    rule=rule.name,
                    language=rule.call_language,
                )
            )
        problem = self._speech_problem(
            voice, (rule.call_text or "") + (rule.call_question or ""), rule
        )
        if problem:
            raise ValidationError(
                env._("Rule %(rule)s: %(problem)s", rule=rule.name, problem=problem)
            )

    def _speech_problem(self, voice, text, rule, speed=True):
        """Why ``voice`` cannot read ``text`` as the rule says, if it cannot
        (its ``speed`` and volume too, unless told not to)."""
        if len(text) > voice._text_limit():
            return self.env._(
                "the text has %(length)s characters; Twilio reads at most "
                "%(limit)s with %(voice)s.",
                length=len(text),
                limit=voice._text_limit(),
                voice=voice.name,
            )
        if (
            speed
            and not voice._prosody()
            and {rule.call_rate, rule.call_volume} != {"medium"}
        ):
            return self.env._(
                "%(voice)s does not read speed and volume; choose another voice "
                "or Normal.",
                voice=voice.name,
            )
        return ""

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
        partner, number = self._phone_recipient(execution)
        caller = self._caller_number(order.company_id, number, rule)
        # The sandbox calls nobody: a shop tries it before it has a number.
        if not caller and not order.company_id.sale_status_sandbox:
            raise PermanentChannelError(
                env._(
                    "No Twilio number to call from: add one to the company's Twilio "
                    "account (Settings ▸ SMS)."
                )
            )
        twiml, content = self._twiml(rule, order, partner, execution)
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

    def _key_path(self, execution, again=False):
        path = f"/sale_status_automation/twilio/call/{execution.id}/key"
        return f"{path}?again=1" if again else path

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
        voice = company._sale_status_default_voice()
        response = VoiceResponse()
        response.say(text, voice=voice.name, language=voice.language)
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
