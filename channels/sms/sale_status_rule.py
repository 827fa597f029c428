# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .sms_text import sms_parts


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("sms", "SMS")], ondelete={"sms": "cascade"}
    )
    sms_body = fields.Text(
        string="SMS Text",
        translate=True,
        default=lambda self: self.env._(
            "{{ object.partner_id.name }}, your order {{ object.name }} is now "
            "{{ object.stage_id.name }}."
        ),
    )
    sms_provider = fields.Selection(
        [("default", "Company default"), ("iap", "Odoo IAP"), ("twilio", "Twilio")],
        string="SMS Provider",
        required=True,
        default="default",
        help="Company default: the provider chosen in the SMS settings.",
    )
    sms_length = fields.Char(
        string="SMS Length",
        compute="_compute_sms_warning",
        help="The text with its placeholders filled on a sample order: its "
        "characters against the company's limit (Settings ▸ Sales), and how "
        "many SMS it makes.",
    )
    sms_warning = fields.Char(compute="_compute_sms_warning")

    @api.depends("sms_body", "company_id.sale_status_sms_max_length")
    @api.depends_context("uid")
    def _compute_sms_warning(self):
        # Counted on the text as it leaves, not the template: a placeholder's
        # braces are neither the customer's characters nor Unicode.
        for rule in self:
            rule.sms_length = rule.sms_warning = False
            source = rule.sms_body or ""
            if not source.strip():
                continue
            text, sample = rule._rendered_on_sample(source)
            if text is None:
                continue  # the save says which placeholder fails
            text = text.strip()
            limit = rule.company_id.sale_status_sms_max_length
            length, parts, encoding = sms_parts(text)
            values = {
                "length": length,
                "limit": limit,
                "parts": parts,
                "encoding": encoding,
                "order": sample.name,
            }
            rule.sms_length = self.env._(
                "%(length)s/%(limit)s characters on %(order)s: %(parts)s SMS "
                "(%(encoding)s)",
                **values,
            )
            if limit and length > limit:
                rule.sms_warning = self.env._(
                    "The text has %(length)s characters, more than the %(limit)s "
                    "allowed: such an SMS is not sent.",
                    **values,
                )
