# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Everything that talks to Twilio: the REST client for calls (twilio SDK,
with the company's sms_twilio credentials), the wrapper around sms_twilio's
API for SMS, how Twilio errors are classified, and callback signatures."""

import ipaddress
import logging
import mimetypes
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from werkzeug.urls import url_join

from odoo.exceptions import RedirectWarning, UserError
from odoo.tools import LazyTranslate

from odoo.addons.sms_twilio.tools.sms_api import SmsApiTwilio

from .sending import PermanentChannelError, TransientChannelError, UnknownOutcomeError

# Where Twilio posts the SMS that come in on the company's numbers
# (controllers/twilio_sms.py).
INBOUND_SMS_PATH = "/sale_status_automation/twilio/sms"
# How Twilio's Messages API addresses a number on WhatsApp.
WHATSAPP = "whatsapp:"
# Twilio's REST API, where the media of incoming MMS are served too.
TWILIO_API_HOST = "api.twilio.com"
# Twilio hands at most 10 media per MMS.
MAX_MEDIA = 10
# Seconds to wait for Twilio's REST API; the SDK waits forever by default.
REQUEST_TIMEOUT = 10
# The largest number an Integer field (a PostgreSQL integer) holds.
MAX_FIELD_INT = 2**31 - 1
# Connection failures that happen before the request leaves.
REFUSED = (NewConnectionError, ConnectTimeoutError)
# The SDK logs each request and its headers at INFO: keep that for debugging.
_logger = logging.getLogger(__name__)
HTTP_LOGGER = logging.getLogger(__name__ + ".http")
HTTP_LOGGER.setLevel(logging.WARNING)


_lt = LazyTranslate(__name__)


@dataclass(frozen=True)
class TwilioSmsError:
    """What a Twilio error code means for an SMS, and what to do about it:
    ``retry`` (later, with backoff), ``retry_few`` (a few times: the phone
    may be off), ``unsubscribed`` (blacklist the number, skip), ``sender``
    (fail, and tell the administrators what to fix), ``permanent`` (fail:
    the recipient cannot get it this way, the rule's fallback may send
    another)."""

    handling: str
    meaning: object  # a lazy translation


# The codes of Twilio's error reference (https://www.twilio.com/docs/api/errors)
# an SMS may meet, in its API answer or its delivery report; any other code is
# handled by its HTTP status (429 and 5xx retried, the rest failed).
TWILIO_SMS_ERRORS = {
    20429: TwilioSmsError("retry", _lt("Too many requests to Twilio")),
    30001: TwilioSmsError(
        "retry", _lt("Queue overflow: too many messages wait for the sending number")
    ),
    30003: TwilioSmsError(
        "retry_few",
        _lt("Unreachable handset: the phone is off or out of coverage"),
    ),
    21211: TwilioSmsError("permanent", _lt("Invalid phone number")),
    21614: TwilioSmsError("permanent", _lt("The number is not a mobile number")),
    21610: TwilioSmsError(
        "unsubscribed", _lt("The customer unsubscribed from the sending number")
    ),
    30006: TwilioSmsError(
        "permanent",
        _lt("Landline or unreachable carrier: an SMS cannot reach it, use a robocall"),
    ),
    30007: TwilioSmsError(
        "sender",
        _lt(
            "The carrier filtered the message as unwanted: register the sender "
            "and its use case with Twilio, and keep the texts to what the "
            "customer expects"
        ),
    ),
    30034: TwilioSmsError(
        "sender",
        _lt(
            "The sending number is not registered for A2P 10DLC: register a "
            "brand and a campaign in Twilio's console"
        ),
    ),
    # WhatsApp
    63016: TwilioSmsError(
        "permanent",
        _lt(
            "Outside WhatsApp's 24-hour window: only an approved template "
            "reaches the customer"
        ),
    ),
    63003: TwilioSmsError("permanent", _lt("The number is not on WhatsApp")),
    63024: TwilioSmsError("permanent", _lt("Invalid WhatsApp recipient")),
    63018: TwilioSmsError("retry", _lt("WhatsApp's rate limit for the sender")),
}


def sms_error(code):
    """The TwilioSmsError of a Twilio error ``code`` (int or str), or None."""
    try:
        return TWILIO_SMS_ERRORS.get(int(code))
    except (TypeError, ValueError):
        return None


def client_for(company):
    """A Twilio REST client on the company's account (sms_twilio settings)."""
    # sudo: the Twilio credentials are readable by administrators only.
    company = company.sudo()
    try:
        company._assert_twilio_sid()
    except UserError as error:
        raise PermanentChannelError(str(error)) from error
    if not company.sms_twilio_auth_token:
        raise PermanentChannelError(
            company.env._("The Twilio auth token of %s is missing.", company.name)
        )
    return Client(
        company.sms_twilio_account_sid,
        company.sms_twilio_auth_token,
        http_client=TwilioHttpClient(timeout=REQUEST_TIMEOUT, logger=HTTP_LOGGER),
    )


def missing_twilio_settings(company, numbers=True):
    """What the company's Twilio account lacks for a button that talks to
    Twilio (Account SID, Auth Token, its numbers when ``numbers``), as a
    list of labels; empty when nothing is missing."""
    env = company.env
    # sudo: the Twilio credentials are readable by administrators only.
    company = company.sudo()
    missing = []
    try:
        company._assert_twilio_sid()
    except UserError:
        missing.append(env._("the Account SID (AC followed by 32 characters)"))
    if not company.sms_twilio_auth_token:
        missing.append(env._("the Auth Token"))
    if numbers and not company.sms_twilio_number_ids:
        missing.append(env._("the phone numbers"))
    return missing


def assert_twilio_settings(company, numbers=True):
    """Raise a RedirectWarning naming what the company's Twilio account
    lacks, with a button to the Settings where it is entered."""
    missing = missing_twilio_settings(company, numbers=numbers)
    if not missing:
        return
    env = company.env
    # The account's button only shows once Twilio is the SMS provider.
    where = (
        env._("Configure Twilio Account")
        if company.sms_provider == "twilio"
        else env._('choose "Send via Twilio", then Configure Twilio Account')
    )
    raise RedirectWarning(
        env._(
            "The Twilio account of %(company)s lacks %(missing)s: they are "
            "entered in Settings ▸ General Settings ▸ Send SMS ▸ %(where)s.",
            company=company.name,
            missing=", ".join(missing),
            where=where,
        ),
        env.ref("base_setup.action_general_configuration").id,
        env._("Go to the Settings"),
    )


def point_inbound_sms_to(company, url):
    """Make ``url`` the webhook of "A message comes in" on the company's
    numbers in its Twilio account; return the numbers the account does not
    have. Raises UserError when Twilio cannot be asked or refuses."""
    try:
        client = client_for(company)
        missing = []
        # sudo: the Twilio numbers are administrators' settings.
        for number in company.sudo().sms_twilio_number_ids.mapped("number"):
            owned = client.incoming_phone_numbers.list(phone_number=number, limit=1)
            if not owned:
                missing.append(number)
                continue
            owned[0].update(sms_url=url, sms_method="POST")
    except PermanentChannelError as error:
        raise UserError(str(error)) from error
    except TwilioRestException as error:
        raise UserError(
            company.env._(
                "Twilio refused: %(message)s (Twilio error %(code)s)",
                message=error.msg,
                code=error.code,
            )
        ) from error
    except TwilioException as error:  # a page the SDK could not read
        raise UserError(company.env._("Twilio refused: %s", error)) from error
    except requests.exceptions.RequestException as error:
        raise UserError(
            company.env._("Twilio could not be reached: %(error)s", error=error)
        ) from error
    return missing


def inbound_media(company, params):
    """The files of an incoming MMS, as [(name, content)], fetched from
    Twilio with the account's credentials (its media URLs may require
    them). Only URLs on Twilio's API are followed: the webhook names them;
    an address that is not fetched is returned in ``missed``."""
    files, missed = [], []
    count = min(form_int(params, "NumMedia", default=0), MAX_MEDIA)
    # sudo: the Twilio credentials are readable by administrators only.
    company = company.sudo()
    auth = (company.sms_twilio_account_sid, company.sms_twilio_auth_token)
    for index in range(count):
        url = params.get(f"MediaUrl{index}", "")
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.hostname != TWILIO_API_HOST:
            missed.append(url)
            continue
        try:
            # Not the SDK's client: its responses keep the body as text only.
            response = requests.get(url, auth=auth, timeout=REQUEST_TIMEOUT)
            response.raise_for_status()
        except requests.exceptions.RequestException as error:
            _logger.warning("MMS media %s not fetched: %s", url, error)
            missed.append(url)
            continue
        content_type = params.get(f"MediaContentType{index}", "")
        extension = mimetypes.guess_extension(content_type.split(";")[0]) or ""
        files.append(
            (f"{params.get('MessageSid')}-{index}{extension}", response.content)
        )
    return files, missed


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


def whatsapp_address(number):
    """A number in E.164 as Twilio's Messages API addresses it on WhatsApp."""
    return f"{WHATSAPP}{number}"


def error_reason(env, error, code):
    """The log's reason for the Twilio ``error`` (a TwilioSmsError) of ``code``."""
    return env._(
        "%(meaning)s (Twilio error %(code)s).", meaning=error.meaning, code=code
    )


def message_error(env, error=None, code=None):
    """The channel error for what ``messages.create`` raised, or for the
    error ``code`` of a report, read with TWILIO_SMS_ERRORS."""
    if error is not None and not isinstance(error, TwilioRestException):
        return call_errors(error)
    code = error.code if error is not None else code
    known = sms_error(code)
    if not known:
        return (
            call_errors(error)
            if error is not None
            else PermanentChannelError(env._("Twilio error %s.", code))
        )
    reason = error_reason(env, known, code)
    if known.handling in ("retry", "retry_few"):
        return TransientChannelError(reason)
    return PermanentChannelError(reason, unreachable=known.handling == "permanent")


def refused(error):
    cause = error.args[0] if error.args else None
    return isinstance(getattr(cause, "reason", cause), REFUSED)


def public_url(company, path):
    """The URL Twilio calls back: the base URL Odoo is reached at."""
    return url_join(company.get_base_url(), path)


def unreachable_url_reason(env, url):
    """Why Twilio cannot (or should not) post to ``url``: a host of this
    machine or of a private network, or plain http; "" when it is public
    https."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        # A name without a dot (a container's, a LAN's) is not on the internet.
        local = (
            host in ("", "localhost")
            or "." not in host
            or host.endswith((".localhost", ".local", ".internal", ".lan"))
        )
    else:
        local = not address.is_global
    if local:
        return env._(
            "Twilio cannot reach %(host)s: it is an address of this computer or "
            "of a private network, so the customers' answers and Twilio's reports "
            "on SMS, WhatsApp messages and calls never arrive. Open Odoo at its "
            "public https address once as an administrator (Odoo takes its "
            "web.base.url from that), or set web.base.url and web.base.url.freeze "
            "in the System Parameters.",
            host=host or url,
        )
    if parts.scheme != "https":
        return env._(
            "The address is plain http: the customers' answers and Twilio's "
            "reports would travel unencrypted. Serve Odoo over https and open it "
            "at its https address once as an administrator (or set web.base.url "
            "in the System Parameters)."
        )
    return ""


def signature_is_valid(company, url, params, signature):
    # sudo: the Twilio credentials are readable by administrators only.
    token = company.sudo().sms_twilio_auth_token
    if not token or not signature:
        return False
    return RequestValidator(token).validate(url, params, signature)


def signing_companies(env, path, params, signature):
    """The companies whose Twilio account signed the request to ``path``
    (with its query): none for an unsigned or forged request. Every company
    with Twilio credentials is tried, so that what a webhook answers an
    unsigned request never depends on the records its URL names."""
    if not signature:
        return env["res.company"]
    # sudo: the Twilio credentials are readable by administrators only.
    companies = (
        env["res.company"].sudo().search([("sms_twilio_auth_token", "!=", False)])
    )
    return companies.filtered(
        lambda company: signature_is_valid(
            company, public_url(company, path), params, signature
        )
    )


def form_values(form):
    """Twilio's form as the channels read it: without NUL characters, which
    PostgreSQL refuses in any text (a search or a write with one fails the
    whole request). Signatures are checked on the form as it came."""
    return {key: value.replace("\x00", "") for key, value in form.items()}


def form_int(params, name, default=None):
    """The whole number (0 or more) Twilio posted as ``name``, or
    ``default`` when it posted none. A value that is no such number, or one
    too large for an Integer field, is logged and read as ``default``: a
    signed webhook is Twilio's, yet one odd field must not fail it (HTTP 500)
    and make Twilio post it again and again."""
    value = params.get(name)
    if value is None or value == "":
        return default
    text = str(value).strip()
    # Not int() alone: it reads "1_000", "٣" and numbers of any size.
    if text.isascii() and text.isdigit() and int(text) <= MAX_FIELD_INT:
        return int(text)
    _logger.warning(
        "Twilio posted %s=%r, not a number this webhook can read: taken as %s",
        name,
        str(value)[:40],
        default,
    )
    return default


class Exchange:
    """What one HTTP request to Twilio showed about the fate of an SMS."""

    outcome = "unknown"  # "accepted", "refused", "transient" or "unknown"
    twilio_code = None


class ExchangeRecordingSession:
    """A requests session that notes how its POST to Twilio went."""

    def __init__(self, session, exchange):
        self.session = session
        self.exchange = exchange

    def post(self, *args, **kwargs):
        try:
            response = self.session.post(*args, **kwargs)
        except requests.exceptions.ConnectionError as error:
            # Refused before a byte was sent: safe to try again. A connection
            # dropped later (or a read timeout) may have delivered the request.
            if refused(error):
                self.exchange.outcome = "transient"
            raise
        status = response.status_code
        if status == 429 or status >= 500:
            self.exchange.outcome = "transient"
        else:
            self.exchange.outcome = "accepted" if response.ok else "refused"
        if not response.ok:
            self.exchange.twilio_code = _twilio_error_code(response)
        return response


def _twilio_error_code(response):
    try:
        return response.json().get("code")
    except ValueError:  # not Twilio's JSON (a proxy's error page...)
        return None


class ExchangeRecordingTwilioSmsApi(SmsApiTwilio):
    """sms_twilio's Twilio API, unchanged, noting each SMS's HTTP exchange
    in the ``sale_status_sms_exchanges`` dict of the context (uuid ->
    Exchange), so the SMS channel can tell a refusal from a rate limit, an
    outage or a lost answer. res.company._get_sms_api_class() hands it out
    when that dict is in the context."""

    def _sms_twilio_send_request(self, session, to_number, body, uuid):
        # The SMS takes its sending number's turn (channels/sms.py) right
        # before its request, and waits for it: however long posting it on
        # the order took, it reaches Twilio at its turn.
        turn = self.env.context.get("sale_status_sms_turn")
        if turn:
            number, spacing = turn
            time.sleep(self.env["sale.status.sms.turn"]._take(number, spacing))
        exchanges = self.env.context.get("sale_status_sms_exchanges")
        if exchanges is None:
            return super()._sms_twilio_send_request(session, to_number, body, uuid)
        exchange = exchanges[uuid] = Exchange()
        return super()._sms_twilio_send_request(
            ExchangeRecordingSession(session, exchange), to_number, body, uuid
        )
