# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..tools.twilio import INBOUND_SMS_PATH, public_url


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sale_status_sandbox = fields.Boolean(
        related="company_id.sale_status_sandbox", readonly=False
    )
    sale_status_email_from = fields.Char(
        related="company_id.sale_status_email_from", readonly=False
    )
    sale_status_sms_max_length = fields.Integer(
        related="company_id.sale_status_sms_max_length", readonly=False
    )
    sale_status_calendar_id = fields.Many2one(
        related="company_id.sale_status_calendar_id", readonly=False
    )
    sale_status_sms_inbound_url = fields.Char(
        string="Incoming SMS URL",
        compute="_compute_sale_status_sms_inbound_url",
        help="Paste it in Twilio, on each of the company's numbers, as the "
        'webhook of "A message comes in" (HTTP POST).',
    )

    @api.depends("company_id")
    def _compute_sale_status_sms_inbound_url(self):
        for settings in self:
            settings.sale_status_sms_inbound_url = public_url(
                settings.company_id, INBOUND_SMS_PATH
            )
