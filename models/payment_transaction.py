# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def write(self, vals):
        becoming_done = (
            self.filtered(lambda tx: tx.state != "done")
            if vals.get("state") == "done"
            else self.browse()
        )
        result = super().write(vals)
        if becoming_done:
            self.env["sale.status.trigger"]._fire(
                "payment_received", becoming_done.sale_order_ids
            )
        return result
