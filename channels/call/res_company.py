# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The company's robocall defaults: caller number, language and voice."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    sale_status_voice_number_id = fields.Many2one(
        "sms.twilio.number",
        string="Default Caller Number",
        domain="[('company_id', '=', id)]",
        help="The Twilio number robocalls come from when the company has none "
        "of the country called and the rule names none.",
    )
    sale_status_voice_language = fields.Selection(
        selection="_selection_sale_status_voice_language",
        string="Default Call Language",
        default="en-US",
    )
    sale_status_voice_id = fields.Many2one(
        "sale.status.voice",
        string="Default Voice",
        domain="[('language', '=', sale_status_voice_language)]",
        help="Twilio's usual voice of the language when empty.",
    )

    @api.model
    def _selection_sale_status_voice_language(self):
        return self.env["sale.status.voice"]._selection_languages()

    def _sale_status_default_voice(self):
        """The voice of the company's test calls and default call language."""
        return self.sale_status_voice_id or self.env[
            "sale.status.voice"
        ]._default_voice(self.sale_status_voice_language or "en-US")

    @api.constrains(
        "sale_status_voice_language",
        "sale_status_voice_id",
        "sale_status_voice_number_id",
    )
    def _check_sale_status_voice(self):
        for company in self:
            voice, language = (
                company.sale_status_voice_id,
                company.sale_status_voice_language,
            )
            if voice and language and voice.language != language:
                raise ValidationError(
                    self.env._(
                        "The default voice %(voice)s does not speak %(language)s.",
                        voice=voice.name,
                        language=language,
                    )
                )
            number = company.sale_status_voice_number_id
            if number and number.company_id != company:
                raise ValidationError(
                    self.env._(
                        "%(number)s is not one of the Twilio numbers of %(company)s.",
                        number=number.number,
                        company=company.name,
                    )
                )
