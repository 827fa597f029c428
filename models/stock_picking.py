# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        orders = self.filtered(
            lambda picking: picking.picking_type_code == "outgoing"
        ).sale_id
        shipped = orders.filtered(
            lambda order: (
                (
                    deliveries := order.picking_ids.filtered(
                        lambda picking: picking.picking_type_code == "outgoing"
                    )
                )
                and all(picking.state in ("done", "cancel") for picking in deliveries)
                and any(picking.state == "done" for picking in deliveries)
            )
        )
        self.env["sale.status.trigger"]._fire("shipped", shipped)
        return result
