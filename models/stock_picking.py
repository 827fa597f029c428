# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        orders = self.filtered(
            lambda picking: picking.picking_type_code == "outgoing"
        ).sale_id
        if not orders:
            return result
        # Whoever validates the delivery (an inventory user who may not read
        # the order) ships the order: its deliveries are looked up with sudo,
        # in one query rather than through order.picking_ids, so that no list
        # read with sudo is left in the cache that Odoo's code reads next as
        # the user; _fire moves the order as the system.
        states = defaultdict(set)
        for order, state in (
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                [("sale_id", "in", orders.ids), ("picking_type_code", "=", "outgoing")],
                ["sale_id", "state"],
            )
        ):
            states[order.id].add(state)
        shipped = orders.browse(
            order_id
            for order_id, order_states in states.items()
            if "done" in order_states and order_states <= {"done", "cancel"}
        )
        self.env["sale.status.trigger"]._fire("shipped", shipped)
        return result
