# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusPreview(models.TransientModel):
    """What the rules of an order's current status do, or would do, for it:
    to whom, with which text, when, or why not."""

    _name = "sale.status.preview"
    _description = "Automation Preview"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    stage_id = fields.Many2one(related="order_id.stage_id")
    line_ids = fields.One2many("sale.status.preview.line", "preview_id", readonly=True)

    @api.model
    def default_get(self, fields_list):
        # Filled when the dialog opens, before anything is saved.
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        if order and "line_ids" in fields_list:
            values["line_ids"] = [
                fields.Command.create(line)
                for line in self.env["sale.status.execution"]._preview(order)
            ]
        return values
