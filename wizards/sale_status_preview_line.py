# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleStatusPreviewLine(models.TransientModel):
    _name = "sale.status.preview.line"
    _inherit = "sale.status.wizard.rights"
    _description = "Automation Preview Line"
    # The preview fills its lines; whoever writes one names only a rule and
    # a preview they may read (its channel is read as superuser).
    _user_record_fields = ("preview_id", "rule_id")
    _order = "sequence, id"

    preview_id = fields.Many2one(
        "sale.status.preview", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    rule_id = fields.Many2one("sale.status.rule", readonly=True)
    channel = fields.Selection(related="rule_id.channel")
    timing = fields.Char(string="When", readonly=True)
    due = fields.Datetime(readonly=True)
    outcome = fields.Char(readonly=True)
    recipient = fields.Char(readonly=True)
    subject = fields.Char(readonly=True)
    content = fields.Text(readonly=True)
    reason = fields.Text(readonly=True)
