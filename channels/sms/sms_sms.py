# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _split_by_api(self):
        # sms_twilio splits by the company's provider; a rule may name the
        # other one, so the API of its SMS is the one the company hands out
        # for the rule (channels/sms/res_company.py). A private method of
        # sms (overridden by sms_twilio the same way): the only place the
        # API of a batch is chosen. tests/test_channel_sms.py (a rule naming
        # IAP in a Twilio company, and the reverse) breaks if it goes.
        provider = self.env.context.get("sale_status_sms_provider")
        for sms_api, batch in super()._split_by_api():
            if provider:
                company = batch[:1]._get_sms_company()
                api_class = company._get_sms_api_class()
                if type(sms_api) is not api_class:
                    sms_api = api_class(self.env)
                    sms_api._set_company(company)
            yield sms_api, batch
