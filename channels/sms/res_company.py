# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from odoo.addons.sms.tools.sms_api import SmsApi

from ...tools.twilio import ExchangeRecordingTwilioSmsApi


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_sms_api_class(self):
        """The SMS of a rule go through the provider the rule names, Twilio
        noting how each request went (the SMS channel's ``_send``).

        A private method of sms_twilio, overridden because it is where
        sms.sms asks which API sends for a company, and no public setting
        chooses a provider per message (the rule may name another than the
        company's) nor lets the channel see Twilio's answer to each request.
        The context key keeps every other SMS on sms_twilio's own choice.
        tests/test_channel_sms.py (a rule naming IAP in a Twilio company,
        Twilio's error codes read at sending) breaks if it goes."""
        provider = self.env.context.get("sale_status_sms_provider")
        if not provider:
            return super()._get_sms_api_class()
        return ExchangeRecordingTwilioSmsApi if provider == "twilio" else SmsApi
