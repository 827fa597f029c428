# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from odoo.addons.sms.tools.sms_api import SmsApi

from ..channels.twilio import TwilioSmsApi


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _split_by_api(self):
        """Send the SMS of an automation rule with the provider it names, and
        note how each Twilio request went (see channels/twilio.py)."""
        transport = self.env.context.get("sale_status_sms_transport")
        if transport is None:
            yield from super()._split_by_api()
            return
        provider = self.env.context.get("sale_status_sms_provider")
        for company, sms in self.grouped(lambda sms: sms._get_sms_company()).items():
            if (provider or company.sms_provider) == "twilio":
                api = TwilioSmsApi(self.env, transport)
                api._set_company(company)
                yield api, sms
            else:
                yield SmsApi(self.env), sms
