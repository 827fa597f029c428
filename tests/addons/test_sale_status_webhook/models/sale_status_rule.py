# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleStatusRule(models.Model):
    """The channel's value and the rule fields it needs."""

    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("webhook", "Webhook")], ondelete={"webhook": "cascade"}
    )
    webhook_url = fields.Char(string="Webhook URL")
    webhook_text = fields.Text(
        translate=True,
        default="{{ object.name }} is now {{ object.stage_id.name }}",
    )
