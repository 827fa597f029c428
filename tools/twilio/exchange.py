# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""sms_twilio's Twilio API for the SMS of a rule: unchanged, but for the
sending number's turn taken right before each request and a note of how
each request went."""

import time

import requests

from odoo.addons.sms_twilio.tools.sms_api import SmsApiTwilio

from .errors import refused


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
    for the SMS of a rule (channels/sms/res_company.py).

    It overrides sms_twilio's private ``_sms_twilio_send_request``: the one
    place that holds both the requests session and the SMS's uuid, and the
    moment right before the request leaves. sms_twilio offers no public
    hook for either; tests/test_channel_sms.py (the exchanges) and
    tests/test_sms_pace.py (the turns) break if it goes."""

    def _sms_twilio_send_request(self, session, to_number, body, uuid):
        # The SMS takes its sending number's turn (channels/sms/) right
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
