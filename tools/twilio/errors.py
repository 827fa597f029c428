# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Twilio's error codes as the automation acts on them: an extension of
sms_twilio's own reading of them.

sms_twilio reads a delivery report's code into one of Odoo's failure types
(``TWILIO_CODE_TO_FAILURE_TYPE``, each labelled on the SMS's notification),
reads its API's refusals into messages of its own, and keeps Twilio's own
message on the notification. What it lacks is what to do about a code:
send again, blacklist, tell the administrators. ``TWILIO_ERRORS`` adds that,
keyed as sms_twilio keys its table, and says what a code means only for the
codes sms_twilio does not read (tests/test_channel_sms.py fails when one
table starts or stops repeating the other)."""

from dataclasses import dataclass

import requests
from twilio.base.exceptions import TwilioRestException
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from odoo.tools import LazyTranslate

from odoo.addons.sms_twilio.models.sms_tracker import TWILIO_CODE_TO_FAILURE_TYPE

from ..sending import PermanentChannelError, TransientChannelError, UnknownOutcomeError

# Connection failures that happen before the request leaves.
REFUSED = (NewConnectionError, ConnectTimeoutError)

_lt = LazyTranslate(__name__)


@dataclass(frozen=True)
class TwilioError:
    """What the automation does about a Twilio error code: ``retry``
    (later, with backoff), ``retry_few`` (a few times: the phone may be
    off), ``unsubscribed`` (blacklist the number, skip), ``sender`` (fail,
    and tell the administrators what to fix), ``permanent`` (fail: the
    recipient cannot get it this way, the rule's fallback may send another).
    ``meaning`` only for a code sms_twilio does not read; ``advice``, what
    the shop can do about it. Both lazy translations."""

    handling: str
    meaning: object = None
    advice: object = None


# The codes of Twilio's error reference (https://www.twilio.com/docs/api/errors)
# an SMS or a WhatsApp message may meet, in its API answer or its report; any
# other code is handled by its HTTP status (429 and 5xx retried, the rest
# failed).
TWILIO_ERRORS = {
    "20429": TwilioError("retry", _lt("Too many requests to Twilio")),
    "30001": TwilioError(
        "retry", _lt("Queue overflow: too many messages wait for the sending number")
    ),
    "30003": TwilioError(
        "retry_few", advice=_lt("The phone is off or out of coverage")
    ),
    "21211": TwilioError("permanent"),
    "21614": TwilioError("permanent"),
    "21610": TwilioError(
        "unsubscribed", _lt("The customer unsubscribed from the sending number")
    ),
    "30006": TwilioError(
        "permanent", advice=_lt("An SMS cannot reach it: use a robocall")
    ),
    "30007": TwilioError(
        "sender",
        advice=_lt(
            "The carrier filtered the message as unwanted: register the sender "
            "and its use case with Twilio, and keep the texts to what the "
            "customer expects"
        ),
    ),
    "30034": TwilioError(
        "sender",
        _lt("The sending number is not registered for A2P 10DLC"),
        _lt("Register a brand and a campaign in Twilio's console"),
    ),
    # WhatsApp
    "63016": TwilioError(
        "permanent",
        _lt(
            "Outside WhatsApp's 24-hour window: only an approved template "
            "reaches the customer"
        ),
    ),
    "63003": TwilioError("permanent", _lt("The number is not on WhatsApp")),
    "63024": TwilioError("permanent", _lt("Invalid WhatsApp recipient")),
    "63018": TwilioError("retry", _lt("WhatsApp's rate limit for the sender")),
}


def twilio_error(code):
    """The TwilioError of a Twilio error ``code`` (int or str), or None."""
    return TWILIO_ERRORS.get(str(code).strip()) if code is not None else None


def sms_twilio_label(env, code):
    """sms_twilio's name for a report's ``code``: the label of the failure
    type it reads the code as, on the SMS's notification; None for a code
    it does not read."""
    failure_type = TWILIO_CODE_TO_FAILURE_TYPE.get(str(code))
    if not failure_type:
        return None
    # sudo: reading a selection's labels, not a notification.
    selection = (
        env["mail.notification"]
        .sudo()
        .fields_get(["failure_type"], ["selection"])["failure_type"]["selection"]
    )
    # sms.tracker names a provider's failure type so on the notification.
    return dict(selection).get(f"sms_{failure_type}")


def error_reason(env, code, message=None):
    """The log's reason for Twilio's error ``code``: what it means (the
    table's words for a code sms_twilio does not read, else Twilio's own
    ``message``, else sms_twilio's label) and what to do about it."""
    known = twilio_error(code)
    meaning = (known and known.meaning) or message or sms_twilio_label(env, code)
    advice = known and known.advice
    if meaning:
        reason = env._(
            "%(meaning)s (Twilio error %(code)s).", meaning=meaning, code=code
        )
    else:
        reason = env._("Twilio error %s.", code)
    return (
        env._("%(reason)s %(advice)s.", reason=reason, advice=advice)
        if advice
        else reason
    )


def message_error(env, error=None, code=None):
    """The channel error for what ``messages.create`` raised, or for the
    error ``code`` of a report, read with TWILIO_ERRORS."""
    if error is not None and not isinstance(error, TwilioRestException):
        return call_errors(error)
    code = error.code if error is not None else code
    known = twilio_error(code)
    if not known and error is not None:
        return call_errors(error)
    reason = error_reason(env, code, error.msg if error is not None else None)
    if known and known.handling in ("retry", "retry_few"):
        return TransientChannelError(reason)
    return PermanentChannelError(
        reason, unreachable=bool(known) and known.handling == "permanent"
    )


def call_errors(error):
    """The channel error for what ``calls.create`` raised."""
    if isinstance(error, TwilioRestException):
        message = (
            f"{error.msg} (Twilio error {error.code})" if error.code else error.msg
        )
        if error.status == 429 or error.status >= 500:
            return TransientChannelError(message)
        return PermanentChannelError(message)
    if isinstance(error, requests.exceptions.ConnectionError) and refused(error):
        return TransientChannelError(str(error))
    return UnknownOutcomeError(str(error))


def refused(error):
    """Whether the connection ``error`` happened before a byte was sent."""
    cause = error.args[0] if error.args else None
    return isinstance(getattr(cause, "reason", cause), REFUSED)
