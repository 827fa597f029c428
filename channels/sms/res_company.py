# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.sms.tools.sms_api import SmsApi

from ...tools.twilio import ExchangeRecordingTwilioSmsApi


class ResCompany(models.Model):
    _inherit = "res.company"

    sale_status_sms_max_length = fields.Integer(
        string="SMS Length Limit",
        default=200,
        help="An automation SMS longer than this, once its placeholders are "
        "filled, is not sent (never cut).",
    )
    sale_status_sms_per_second = fields.Integer(
        string="Sending Rate per Twilio Number",
        default=1,
        help="How many SMS each of the company's Twilio numbers sends per "
        "second, across all workers and servers: Twilio's rate for the number "
        "(1 for a US or Canadian long code, 3 for a toll-free number, up to 100 "
        "for a short code). The messages beyond it wait for their turn in the "
        "job queue, rather than in Twilio's, where they would overflow (error "
        "30001) and hold back the orders moved one by one. 0: no limit.",
    )
    sale_status_sms_opt_out_words = fields.Char(
        string="More Opt-out Words",
        translate=True,
        help="Comma-separated words that unsubscribe a customer who answers "
        "one of them to an SMS, on top of Twilio's STOP, STOPALL, UNSUBSCRIBE, "
        "CANCEL, END and QUIT. Translate the field for each language: the words "
        "of every language count.",
    )
    sale_status_sms_opt_in_words = fields.Char(
        string="More Opt-in Words",
        translate=True,
        help="Comma-separated words that subscribe a customer again, on top of "
        "START, UNSTOP and YES (YES only after an opt-out).",
    )
    sale_status_sms_help_text = fields.Char(
        string="SMS Help Answer",
        translate=True,
        default=lambda self: self.env._(
            "Reply STOP to stop receiving our messages, START to receive them again."
        ),
        help="Answered, in the customer's language, to HELP or INFO.",
    )

    @api.constrains("sale_status_sms_max_length", "sale_status_sms_per_second")
    def _check_sale_status_sms_settings(self):
        for company in self:
            if not 0 < company.sale_status_sms_max_length <= 1600:
                raise ValidationError(
                    self.env._(
                        "The SMS length limit must be between 1 and 1600 characters "
                        "(Twilio's limit for a long SMS)."
                    )
                )
            if company.sale_status_sms_per_second < 0:
                raise ValidationError(
                    self.env._(
                        "The sending rate per Twilio number must be 0 (no limit) "
                        "or more SMS per second."
                    )
                )

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
