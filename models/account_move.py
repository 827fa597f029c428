# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        orders = self.filtered(
            lambda move: move.is_invoice()
        ).line_ids.sale_line_ids.order_id
        paid = orders.filtered(
            lambda order: (
                (
                    invoices := order.invoice_ids.filtered(
                        lambda move: (
                            move.move_type == "out_invoice" and move.state == "posted"
                        )
                    )
                )
                and all(
                    invoice.payment_state in ("paid", "in_payment")
                    for invoice in invoices
                )
            )
        )
        self.env["sale.status.trigger"]._fire("invoice_paid", paid)
        return result
