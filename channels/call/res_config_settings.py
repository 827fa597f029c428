# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sale_status_voice_number_id = fields.Many2one(
        related="company_id.sale_status_voice_number_id", readonly=False
    )
    sale_status_voice_language = fields.Selection(
        related="company_id.sale_status_voice_language", readonly=False
    )
    sale_status_voice_id = fields.Many2one(
        related="company_id.sale_status_voice_id", readonly=False
    )

    @api.onchange("sale_status_voice_language")
    def _onchange_sale_status_voice_language(self):
        voice = self.sale_status_voice_id
        if voice and voice.language != self.sale_status_voice_language:
            self.sale_status_voice_id = self.env["sale.status.voice"]._default_voice(
                self.sale_status_voice_language
            )
