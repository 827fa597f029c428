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
            # Whoever confirms the payment (an accountant who may not read
            # the order) pays the order. As that user, the orders they may
            # not read are left out of the transaction's orders; with sudo
            # they are not. They are searched rather than read through
            # sale_order_ids, so that no list read with sudo is left in the
            # cache that Odoo's code reads next as the user (it posts on the
            # orders it finds there: an AccessError); _fire moves them as the
            # system.
            paid = (
                self.env["sale.order"]
                .sudo()
                .search([("transaction_ids", "in", becoming_done.ids)])
            )
            self.env["sale.status.trigger"]._fire("payment_received", paid)
        return result
