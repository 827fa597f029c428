# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What Twilio posts to Odoo: the addresses it posts to, the signature that
proves a post is Twilio's, the form it posts and the media of an incoming
message, which it serves on its API."""

import ipaddress
import logging
import mimetypes
from urllib.parse import urlsplit

import requests
from twilio.request_validator import RequestValidator
from werkzeug.urls import url_join

from .client import REQUEST_TIMEOUT

# Where Twilio posts the SMS that come in on the company's numbers
# (controllers/twilio_sms.py).
INBOUND_SMS_PATH = "/sale_status_automation/twilio/sms"
# How Twilio's Messages API addresses a number on WhatsApp.
WHATSAPP = "whatsapp:"
# Twilio's REST API, where the media of incoming MMS are served too.
TWILIO_API_HOST = "api.twilio.com"
# Twilio hands at most 10 media per MMS.
MAX_MEDIA = 10
# The largest number an Integer field (a PostgreSQL integer) holds.
MAX_FIELD_INT = 2**31 - 1

_logger = logging.getLogger(__name__)


def whatsapp_address(number):
    """A number in E.164 as Twilio's Messages API addresses it on WhatsApp."""
    return f"{WHATSAPP}{number}"


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
