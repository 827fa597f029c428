# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The twilio SDK's REST client on a company's account (sms_twilio's
credentials), and what that account must hold for a button that talks to
Twilio."""

import logging

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from odoo.exceptions import RedirectWarning, UserError

from ..sending import PermanentChannelError

# Seconds to wait for Twilio's REST API; the SDK waits forever by default.
REQUEST_TIMEOUT = 10
# The SDK logs each request and its headers at INFO: keep that for debugging.
# Named after the package, as it was before the package was split.
HTTP_LOGGER = logging.getLogger(__package__ + ".http")
HTTP_LOGGER.setLevel(logging.WARNING)


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
