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
from odoo.tools.translate import LazyTranslate

from odoo.addons.phone_validation.tools.phone_validation import (
    phone_get_country_code_for_number,
)
from odoo.addons.sms_twilio.tools.sms_twilio import get_twilio_from_number

from ...tools.sending import Delivery, PermanentChannelError, SendResult
from ...tools.twilio import call_errors, client_for, form_int, public_url
from .sale_status_voice import twilio_language_of, twilio_to_odoo_lang

_logger = logging.getLogger(__name__)

# Twilio refuses inline TwiML longer than this.
TWIML_LIMIT = 4000
# Seconds the phone rings before Twilio gives up (no-answer).
RING_SECONDS = 30
CALL_EVENTS = ["initiated", "ringing", "answered", "completed"]
# Bitrix24's robocall speed and volume: SSML <prosody> keywords.
RATES = [
    ("x-slow", "Very slow"),
    ("slow", "Slow"),
    ("medium", "Normal"),
    ("fast", "Fast"),
    ("x-fast", "Very fast"),
]
VOLUMES = [
    ("x-soft", "Very soft"),
    ("soft", "Soft"),
    ("medium", "Normal"),
    ("loud", "Loud"),
    ("x-loud", "Very loud"),
]
CUSTOMER_LANGUAGE = "customer"
# Seconds Twilio waits for a key after the question.
KEY_SECONDS = 6
# What Twilio may post as the key pressed at the question.
KEYPAD = frozenset("0123456789*#")

_lt = LazyTranslate(__name__)
# What the call says of itself, in the language of its voice (i18n/*.po).
NO_ANSWER = _lt("We did not get your answer. Goodbye.")
NOT_AN_ANSWER = _lt("This key is not one of the answers.")
GOODBYE = _lt("Goodbye.")
THANK_YOU = _lt("Thank you. Goodbye.")
NOBODY_THERE = _lt("Nobody can take your call right now; we will call you back.")


class Speech:
    """How a call's voice reads its texts: a <Say> in the voice and its
    language, in SSML <prosody> when the rule changes speed or volume and
    the voice reads them."""

    def __init__(self, voice, language, rule, prosody):
        self.options = {"voice": voice, "language": language}
        # The call's own phrases come in the voice's language even where
        # Odoo does not have it installed: the addon's translations are
        # read from its i18n files (fr-CA: fr_CA.po, else fr.po). LazyGettext
        # has no public way to name the language; test_call_keys breaks if
        # this one goes.
        self.phrase_lang = twilio_to_odoo_lang(language)
        speed = {"rate": rule.call_rate, "volume": rule.call_volume}
        self.prosody = (
            {key: value for key, value in speed.items() if value != "medium"}
            if prosody
            else {}
        )

    def say_phrase(self, parent, phrase):
        self.say(parent, phrase._translate(self.phrase_lang))

    def say(self, parent, text, loop=None):
        if not self.prosody:
            parent.say(text, loop=loop, **self.options)
            return
        parent.say(loop=loop, **self.options).prosody(text, **self.prosody)


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
        selection="_selection_sale_status_voice_language",
        string="Default Call Language",
        default="en-US",
    )
    sale_status_voice_id = fields.Many2one(
        "sale.status.voice",
        string="Default Voice",
        domain="[('language', '=', sale_status_voice_language)]",
        help="Twilio's usual voice of the language when empty.",
    )

    @api.model
    def _selection_sale_status_voice_language(self):
        return self.env["sale.status.voice"]._selection_languages()

    def _sale_status_default_voice(self):
        """The voice of the company's test calls and default call language."""
        return self.sale_status_voice_id or self.env[
            "sale.status.voice"
        ]._default_voice(self.sale_status_voice_language or "en-US")

    @api.constrains(
        "sale_status_voice_language",
        "sale_status_voice_id",
        "sale_status_voice_number_id",
    )
    def _check_sale_status_voice(self):
        for company in self:
            voice, language = (
                company.sale_status_voice_id,
                company.sale_status_voice_language,
            )
            if voice and language and voice.language != language:
                raise ValidationError(
                    self.env._(
                        "The default voice %(voice)s does not speak %(language)s.",
                        voice=voice.name,
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
    sale_status_voice_id = fields.Many2one(
        related="company_id.sale_status_voice_id", readonly=False
    )

    @api.onchange("sale_status_voice_language")
    def _onchange_sale_status_voice_language(self):
        voice = self.sale_status_voice_id
        if voice and voice.language != self.sale_status_voice_language:
            self.sale_status_voice_id = self.env["sale.status.voice"]._default_voice(
                self.sale_status_voice_language
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
        selection="_selection_call_language",
        required=True,
        default=lambda self: self.env.company.sale_status_voice_language or "en-US",
        help="The customer's language: the text in the language of the order's "
        "customer, read by the voice the settings give that language (Settings "
        "▸ Sales ▸ Voices per customer language), else by Twilio's usual voice "
        "of the language.",
    )
    call_voice_id = fields.Many2one(
        "sale.status.voice",
        string="Voice",
        domain="[('language', '=', call_language)]",
        help="Amazon Polly and Google voices read speed and volume, except "
        "Polly generative and Google Chirp 3 HD voices; basic voices speak "
        "six languages only.",
    )
    call_rate = fields.Selection(RATES, string="Speed", required=True, default="medium")
    call_volume = fields.Selection(
        VOLUMES, string="Volume", required=True, default="medium"
    )
    call_question = fields.Text(
        string="Question",
        translate=True,
        help='Asked once the message was read, with the keys below: "Press 1 '
        'to confirm, 2 to talk to us." Without an answer it is asked once '
        "more, then the call ends politely.",
    )
    call_key_ids = fields.One2many(
        "sale.status.call.key", "rule_id", string="Keys", copy=True
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

    @api.model
    def default_get(self, fields):
        # Not a field default: Odoo would compute it for the existing rules
        # when the column is added, before the voices are loaded.
        values = super().default_get(fields)
        language = values.get("call_language")
        if "call_voice_id" in fields and "call_voice_id" not in values and language:
            values["call_voice_id"] = self._voice_speaking(language).id
        return values

    @api.model_create_multi
    def create(self, vals_list):
        # A language given without a voice gets that language's voice, not
        # the default voice of another language.
        for vals in vals_list:
            language = vals.get("call_language")
            if (
                language
                and language != CUSTOMER_LANGUAGE
                and "call_voice_id" not in vals
            ):
                vals["call_voice_id"] = self._voice_speaking(language).id
        return super().create(vals_list)

    def _voice_speaking(self, language):
        """The company's default voice if it speaks ``language``, else
        Twilio's usual voice of it."""
        voice = self.env.company._sale_status_default_voice()
        if voice.language != language:
            voice = self.env["sale.status.voice"]._default_voice(language)
        return voice

    @api.model
    def _selection_call_language(self):
        return [
            (CUSTOMER_LANGUAGE, self.env._("The customer's language")),
            *self.env["sale.status.voice"]._selection_languages(),
        ]

    @api.onchange("call_language")
    def _onchange_call_language(self):
        if self.call_language == CUSTOMER_LANGUAGE:
            self.call_voice_id = False
        elif self.call_voice_id.language != self.call_language:
            self.call_voice_id = self._voice_speaking(self.call_language)


class SaleStatusExecution(models.Model):
    _inherit = "sale.status.execution"

    call_sequence = fields.Integer(
        readonly=True,
        default=-1,
        help="The last call status report taken into account (Twilio numbers "
        "them): older or repeated reports are ignored.",
    )
    call_duration = fields.Integer(string="Call Duration (s)", readonly=True)
    call_key = fields.Char(
        string="Key Pressed", readonly=True, help="The customer's answer to the call."
    )
    call_keys_pressed = fields.Integer(
        string="Keys Pressed",
        readonly=True,
        help="1 when the customer answered the call's question with a key.",
    )
    answered_by = fields.Char(readonly=True)


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

    def _ask(self, response, execution, speech, question, again=False):
        """The question, then Twilio posts the key pressed to the execution;
        without a key, the question once more, then goodbye."""
        company = execution.company_id
        # The question is asked twice at most: a wrong key at the second
        # asking ends the call (``again``).
        for asking_again in (True,) if again else (False, True):
            gather = response.gather(
                input="dtmf",
                num_digits=1,
                timeout=KEY_SECONDS,
                action=public_url(company, self._key_path(execution, asking_again)),
                method="POST",
            )
            speech.say(gather, question)
        speech.say_phrase(response, NO_ANSWER)
        response.hangup()

    def _speaker(self, rule, order, partner):
        """(voice, Twilio language, Odoo language of the text) of the rule's
        call to ``partner``: the rule's, or in the customer's language the
        company's voice of that language, else its default voice."""
        voices = self.env["sale.status.voice"]
        company = order.company_id
        if rule.call_language == CUSTOMER_LANGUAGE:
            lang = self._text_lang(
                rule, partner.lang or order.partner_id.lang or company.partner_id.lang
            )
            voice = lang and self.env["sale.status.call.language"]._voice_for(
                company, lang
            )
            if voice:
                return voice, voice.language, lang
            # No voice of the customer's language reads a text written in
            # it: the company's voice reads the text in its own language.
            voice = company._sale_status_default_voice()
        else:
            # Twilio's usual voice when the rule's left Twilio's list.
            voice = rule.call_voice_id or voices._default_voice(rule.call_language)
        if not voice:
            raise PermanentChannelError(self.env._("The rule has no voice."))
        return voice, voice.language, self._lang_speaking(voice.language)

    def _text_lang(self, rule, lang):
        """The installed language the rule's text to read is written in for
        a customer of ``lang``: ``lang``, else another variant of its
        language (fr_FR for fr_CH); None when neither has it."""
        # The stored translations: the ORM reads a missing one as the
        # English text, and a French voice would read English. A private
        # method of Odoo's translated fields (test_call_voices breaks when
        # it changes).
        if not lang:
            return None
        written = rule._fields["call_text"]._get_stored_translations(rule) or {}
        base = lang.split("_")[0]
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        variants = [code for code in installed if code.split("_")[0] == base]
        for code in [lang, *variants]:
            if (written.get(code) or "").strip():
                return code
        return None

    def _lang_speaking(self, language):
        """The installed Odoo language of a Twilio language, else one of the
        same language (fr-CA: fr_FR), else none."""
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        same = [code for code in installed if twilio_language_of(code) == language]
        base = language.split("-")[0]
        return (same or [code for code in installed if code.startswith(base)] or [""])[
            0
        ]

    def _twiml(self, rule, order, partner, execution=None):
        """(TwiML, what the customer hears) of the rule's call on ``order``
        to ``partner``; with a question, Twilio posts the key pressed to
        ``execution``'s key callback."""
        response = VoiceResponse()
        loop = rule.call_repeat if rule.call_repeat > 1 else None
        if rule.call_mode == "audio":
            response.play(rule.call_audio_url, loop=loop)
            return str(response), rule.call_audio_url
        voice, language, lang = self._speaker(rule, order, partner)
        texts = {
            fname: (self._render(rule, fname, order, lang) or "").strip()
            for fname in ("call_text", "call_question")
        }
        if not texts["call_text"]:
            raise PermanentChannelError(self.env._("The rule has no text to read."))
        # Speed and volume of a rule in the customer's language are left out
        # for a voice that cannot read them: the rule was saved without
        # knowing which voice each customer gets.
        problem = self._speech_problem(
            voice,
            "".join(texts.values()),
            rule,
            speed=rule.call_language != CUSTOMER_LANGUAGE,
        )
        if problem:
            raise PermanentChannelError(problem)
        speech = Speech(voice.name, language, rule, voice._prosody())
        speech.say(response, texts["call_text"], loop=loop)
        if rule.call_key_ids and execution:
            self._ask(response, execution, speech, texts["call_question"])
        return str(response), "\n".join(filter(None, texts.values()))

    def _render(self, rule, fname, order, lang):
        if lang:
            return rule._render_field(fname, order.ids, set_lang=lang)[order.id]
        return rule._render_field(fname, order.ids, compute_lang=True)[order.id]

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

    # ------------------------------------------------------------ reports
    def _on_call_status(self, execution, params):
        """Take a Twilio call status report into account, once, in order."""
        sid, status = params.get("CallSid"), params.get("CallStatus")
        # A report whose place in the call cannot be read is ignored as late.
        sequence = form_int(params, "SequenceNumber", default=-1)
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
            # The call was answered, whatever its duration says: a missing
            # or unreadable one is kept as 0 and shown as unknown.
            duration = form_int(params, "CallDuration")
            answered_by = params.get("AnsweredBy") or ""
            execution.write(
                {"call_duration": duration or 0, "answered_by": answered_by}
            )
            execution._finish(
                "delivered",
                self.env._(
                    "Answered%(by)s, %(duration)s s.",
                    by=self.env._(" by %s", answered_by) if answered_by else "",
                    duration="?" if duration is None else duration,
                ),
            )
        elif status in ("busy", "no-answer"):
            self._call_again_or_fail(execution, status)
        elif status in ("failed", "canceled"):
            execution._finish(
                "failed", self.env._("The call %(status)s.", status=status)
            )

    def _on_key(self, execution, params, again=False):
        """The customer pressed a key at the call's question: note it, once,
        and do what the rule says of the key. Return the TwiML of what the
        call does next."""
        rule, order = execution.rule_id, execution.order_id
        response = VoiceResponse()
        if params.get("CallSid") != execution.provider_ref:
            _logger.info(
                "Ignored key of call %s for %s", params.get("CallSid"), execution
            )
            response.hangup()
            return str(response)
        voice, language, lang = self._speaker(rule, order, execution.partner_id)
        speech = Speech(voice.name, language, rule, voice._prosody())
        if execution.call_key:
            # Twilio posts again when our answer was late: answer the same,
            # act once.
            key = rule.call_key_ids.filtered(
                lambda line: line.key == execution.call_key
            )
            self._answer_key(response, key, order, speech, lang)
            return str(response)
        digits = params.get("Digits") or ""
        if digits and digits not in KEYPAD:
            # The question asks for one key (numDigits=1): anything else is
            # read as no answer, never as the key it starts with.
            _logger.warning(
                "Twilio posted Digits=%r for %s, not one key: read as no answer",
                digits[:20],
                execution,
            )
            digits = ""
        key = rule.call_key_ids.filtered(lambda line: line.key == digits)
        if not key:
            speech.say_phrase(response, NOT_AN_ANSWER)
            if again:
                speech.say_phrase(response, GOODBYE)
                response.hangup()
            else:
                question = self._render(rule, "call_question", order, lang)
                self._ask(response, execution, speech, question, again=True)
            return str(response)
        if execution.is_test and key.action == "move":
            # A test call goes to the tester, about an order of the customer.
            outcome = self.env._("a test call moves no order.")
        else:
            outcome = self._act_on_key(key, order)
        execution.write({"call_key": digits, "call_keys_pressed": 1})
        # sudo: the note is the automation's (OdooBot), as the engine's log.
        order.sudo()._message_log(
            body=self.env._(
                "The customer pressed %(key)s during the call of %(rule)s: %(outcome)s",
                key=digits,
                rule=rule.name,
                outcome=outcome,
            ),
            author_id=self.env.ref("base.partner_root").id,
        )
        self._answer_key(response, key, order, speech, lang)
        return str(response)

    def _act_on_key(self, key, order):
        """Do what ``key`` says; return what became of it, for the chatter."""
        env = self.env
        if key.action == "move":
            before = order.stage_id
            env["sale.status.trigger"]._fire("call_key", order, reply=key.key)
            if order.stage_id != before:
                return env._("the order moved to %s.", order.stage_id.name)
            # sudo: the company's triggers, read for the chatter's explanation.
            target = key.sudo()._trigger_stage(order.company_id)
            if target and not target._admits(order):
                return env._(
                    "the order stays in %(current)s: %(status)s is for orders in "
                    "another state than the order's.",
                    current=before.name,
                    status=target.name,
                )
            return env._(
                'no trigger "Customer pressed a key during a call" moves the '
                "order further for this key."
            )
        if key.action == "note":
            return env._("noted.")
        number = self._number_of_key(key, order)
        if not number:
            return env._("the salesperson has no phone number to connect to.")
        return env._("connected to %s.", number)

    def _number_of_key(self, key, order):
        if key.action == "number":
            return key._phone_e164()
        if key.action == "salesperson":
            return order.user_id.partner_id._phone_format(fname="phone")
        return False

    def _answer_key(self, response, key, order, speech, lang):
        env = self.with_context(lang=lang or self.env.lang).env
        answer = key.with_env(env).answer
        number = self._number_of_key(key, order)
        if number:
            if answer:
                speech.say(response, answer)
            response.dial(number)
        elif key.action in ("salesperson", "number"):
            speech.say_phrase(response, NOBODY_THERE)
        elif answer:
            speech.say(response, answer)
        else:
            speech.say_phrase(response, THANK_YOU)
        response.hangup()

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
