# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.fields import Domain

CUSTOMER_INVOICE = Domain("move_type", "=", "out_invoice") & Domain(
    "state", "=", "posted"
)


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        invoices = self.filtered(lambda move: move.is_invoice())
        if not invoices:
            return result
        # Whoever pays the invoice (an accountant who may not read the order)
        # pays the order: every posted customer invoice of the order is paid.
        # As that user, the sales lines of an order they may not read are
        # left out of the invoice lines' sales lines; with sudo they are not.
        # The orders are searched rather than read through the invoice lines,
        # so that no list read with sudo is left in the cache that Odoo's
        # code reads next as the user; _fire moves them as the system.
        paid = (
            self.env["sale.order"]
            .sudo()
            .search(
                Domain("order_line.invoice_lines.move_id", "in", invoices.ids)
                & Domain("order_line.invoice_lines.move_id", "any", CUSTOMER_INVOICE)
                & ~Domain(
                    "order_line.invoice_lines.move_id",
                    "any",
                    CUSTOMER_INVOICE
                    & Domain("payment_state", "not in", ("paid", "in_payment")),
                )
            )
        )
        self.env["sale.status.trigger"]._fire("invoice_paid", paid)
        return result
