# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


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
    sale_status_voice_number_id = fields.Many2one(
        related="company_id.sale_status_voice_number_id", readonly=False
    )
    sale_status_voice_language = fields.Selection(
        related="company_id.sale_status_voice_language", readonly=False
    )
    sale_status_voice = fields.Selection(
        related="company_id.sale_status_voice", readonly=False
    )
    sale_status_quiet_hours = fields.Boolean(
        related="company_id.sale_status_quiet_hours", readonly=False
    )
    sale_status_quiet_start = fields.Float(
        related="company_id.sale_status_quiet_start", readonly=False
    )
    sale_status_quiet_end = fields.Float(
        related="company_id.sale_status_quiet_end", readonly=False
    )
    sale_status_quiet_mon = fields.Boolean(
        related="company_id.sale_status_quiet_mon", readonly=False
    )
    sale_status_quiet_tue = fields.Boolean(
        related="company_id.sale_status_quiet_tue", readonly=False
    )
    sale_status_quiet_wed = fields.Boolean(
        related="company_id.sale_status_quiet_wed", readonly=False
    )
    sale_status_quiet_thu = fields.Boolean(
        related="company_id.sale_status_quiet_thu", readonly=False
    )
    sale_status_quiet_fri = fields.Boolean(
        related="company_id.sale_status_quiet_fri", readonly=False
    )
    sale_status_quiet_sat = fields.Boolean(
        related="company_id.sale_status_quiet_sat", readonly=False
    )
    sale_status_quiet_sun = fields.Boolean(
        related="company_id.sale_status_quiet_sun", readonly=False
    )
