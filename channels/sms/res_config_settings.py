# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ...tools.twilio import (
    INBOUND_SMS_PATH,
    assert_twilio_settings,
    point_inbound_sms_to,
    public_url,
    unreachable_url_reason,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sale_status_sms_max_length = fields.Integer(
        related="company_id.sale_status_sms_max_length", readonly=False
    )
    sale_status_sms_per_second = fields.Integer(
        related="company_id.sale_status_sms_per_second", readonly=False
    )
    sale_status_sms_opt_out_words = fields.Char(
        related="company_id.sale_status_sms_opt_out_words", readonly=False
    )
    sale_status_sms_opt_in_words = fields.Char(
        related="company_id.sale_status_sms_opt_in_words", readonly=False
    )
    sale_status_sms_help_text = fields.Char(
        related="company_id.sale_status_sms_help_text", readonly=False
    )
    sale_status_sms_inbound_url = fields.Char(
        string="Incoming SMS URL",
        compute="_compute_sale_status_sms_inbound_url",
        help="Paste it in Twilio, on each of the company's numbers, as the "
        'webhook of "A message comes in" (HTTP POST).',
    )

    sale_status_webhook_warning = fields.Char(
        compute="_compute_sale_status_sms_inbound_url"
    )

    @api.depends("company_id")
    def _compute_sale_status_sms_inbound_url(self):
        for settings in self:
            url = public_url(settings.company_id, INBOUND_SMS_PATH)
            settings.sale_status_sms_inbound_url = url
            settings.sale_status_webhook_warning = unreachable_url_reason(self.env, url)

    def action_sale_status_point_inbound_sms(self):
        """Set the incoming SMS URL on the company's numbers in Twilio."""
        self.ensure_one()
        company = self.company_id
        assert_twilio_settings(company)
        missing = point_inbound_sms_to(company, self.sale_status_sms_inbound_url)
        if missing:
            raise UserError(
                self.env._(
                    "The Twilio account has no number %(numbers)s: the others now "
                    "post their incoming SMS here.",
                    numbers=", ".join(missing),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Twilio now posts the SMS that come in on %(numbers)s here.",
                    numbers=", ".join(company.sms_twilio_number_ids.mapped("number")),
                ),
            },
        }
