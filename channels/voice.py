# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from twilio.base.exceptions import TwilioException
from twilio.twiml.voice_response import VoiceResponse

from . import register
from .base import ChannelAdapter, Delivery, PermanentChannelError, SendResult
from .recipients import phone_recipient
from .twilio import call_errors, client_for, public_url
from .voices import voice_family

# Twilio refuses inline TwiML longer than this.
TWIML_LIMIT = 4000
# Seconds the phone rings before Twilio gives up (no-answer).
RING_SECONDS = 30
CALL_EVENTS = ["initiated", "ringing", "answered", "completed"]


@register
class VoiceAdapter(ChannelAdapter):
    """A robocall with Twilio Voice: the rule's text read by a voice, or an
    mp3, played to the customer; Twilio reports the call's progress to
    ``/sale_status_automation/twilio/call/<execution>``."""

    channel = "call"

    def prepare(self, execution):
        env = execution.env
        rule, order = execution.rule_id, execution.order_id
        _partner, number = phone_recipient(execution)
        caller = rule._caller_number(order.company_id)
        if not caller:
            raise PermanentChannelError(
                env._(
                    "No Twilio number to call from: add one to the company's Twilio "
                    "account (Settings ▸ SMS)."
                )
            )
        twiml, content = build_twiml(rule, order)
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

    def send(self, execution, delivery):
        company = execution.order_id.company_id
        client = client_for(company)
        options = {}
        if execution.rule_id.call_machine_detection:
            # Wait for the voicemail's beep, then leave the message.
            options["machine_detection"] = "DetectMessageEnd"
        try:
            call = client.calls.create(
                to=delivery.recipient,
                from_=delivery.payload["caller"],
                twiml=delivery.payload["twiml"],
                status_callback=public_url(company, callback_path(execution)),
                status_callback_event=CALL_EVENTS,
                status_callback_method="POST",
                timeout=RING_SECONDS,
                **options,
            )
        except (TwilioException, OSError) as error:
            raise call_errors(error) from error
        execution.call_sequence = -1
        return SendResult(
            provider_ref=call.sid,
            note=execution.env._("Call placed, waiting for Twilio's report."),
        )


def callback_path(execution):
    return f"/sale_status_automation/twilio/call/{execution.id}"


def build_twiml(rule, order):
    """(TwiML, what the customer hears) of the rule's call on ``order``."""
    response = VoiceResponse()
    loop = rule.call_repeat if rule.call_repeat > 1 else None
    if rule.call_mode == "audio":
        response.play(rule.call_audio_url, loop=loop)
        return str(response), rule.call_audio_url
    text = rule._render_field("call_text", order.ids, compute_lang=True)[order.id]
    text = (text or "").strip()
    if not text:
        raise PermanentChannelError(rule.env._("The rule has no text to read."))
    options = {"voice": rule.call_voice, "language": rule.call_language, "loop": loop}
    speech = {"rate": rule.call_rate, "volume": rule.call_volume}
    if voice_family(rule.call_voice) != "basic" and set(speech.values()) != {"medium"}:
        say = response.say(**options)
        say.prosody(
            text, **{key: value for key, value in speech.items() if value != "medium"}
        )
    else:
        response.say(text, **options)
    return str(response), text


def place_test_call(company, number, text):
    """Call ``number`` from the company's default caller number and read
    ``text``: checks the Twilio voice settings. Returns the call SID."""
    env = company.env
    partner = env["res.partner"]
    number = partner._phone_format(number=number, country=company.country_id) or number
    caller = company._sale_status_caller_number()
    if not caller:
        raise PermanentChannelError(
            env._("The company has no Twilio number to call from.")
        )
    response = VoiceResponse()
    response.say(
        text,
        voice=company.sale_status_voice,
        language=company.sale_status_voice_language,
    )
    try:
        call = client_for(company).calls.create(
            to=number, from_=caller.number, twiml=str(response), timeout=RING_SECONDS
        )
    except (TwilioException, OSError) as error:
        raise call_errors(error) from error
    return call.sid
