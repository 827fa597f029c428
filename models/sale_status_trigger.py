# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

EVENTS = [
    ("quotation_sent", "Quotation sent"),
    ("confirmed", "Order confirmed"),
    ("cancelled", "Order cancelled"),
    ("locked", "Order locked"),
    ("payment_received", "Payment received"),
    ("invoice_paid", "Invoices paid"),
    ("shipped", "Shipped"),
]


class SaleStatusTrigger(models.Model):
    """Moves orders into a status when a business event happens to them."""

    _name = "sale.status.trigger"
    _description = "Order Status Trigger"
    _order = "stage_id, id"
    _check_company_auto = True

    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Move To",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    event = fields.Selection(
        EVENTS,
        string="When",
        required=True,
        help="Payment received: a payment transaction of the order is done. Invoices "
        "paid: every posted customer invoice of the order is paid. Shipped: every "
        "outgoing delivery of the order is done (the goods left the warehouse; "
        "Odoo does not know when the customer receives them).",
    )
    allow_back = fields.Boolean(
        string="Allow Moving Back",
        help="Also move orders that are already further in the pipeline.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty for every company; a company's own trigger for an event "
        "replaces the shared one.",
    )
    active = fields.Boolean(default=True)

    _one_status_per_event = models.UniqueIndex(
        "(event, COALESCE(company_id, 0)) WHERE active",
        "An event already moves the orders of this company to a status.",
    )

    @api.depends("event", "stage_id.name")
    def _compute_display_name(self):
        events = dict(self._fields["event"]._description_selection(self.env))
        for trigger in self:
            trigger.display_name = self.env._(
                "%(event)s → %(status)s",
                event=events.get(trigger.event, ""),
                status=trigger.stage_id.name,
            )

    @api.model
    def _fire(self, event, orders):
        """``event`` happened to ``orders``: move them where its trigger says."""
        orders = orders.filtered("id")
        if not orders:
            return
        # sudo: the event may come from a customer (an online payment) who
        # cannot read the company's triggers.
        triggers = self.sudo().search([("event", "=", event)])
        if not triggers:
            return
        shared = triggers.filtered(lambda trigger: not trigger.company_id)[:1]
        own = {
            trigger.company_id: trigger for trigger in triggers if trigger.company_id
        }
        moves = {}
        for order in orders:
            trigger = own.get(order.company_id, shared)
            if trigger and trigger._moves(order):
                moves.setdefault(trigger.stage_id, self.env["sale.order"])
                moves[trigger.stage_id] |= order
        for stage, stage_orders in moves.items():
            stage_orders.write({"stage_id": stage.id})

    def _moves(self, order):
        current, target = order.stage_id, self.stage_id
        if not current:
            return True
        if current == target:
            return False
        forward = (target.sequence, target.id) > (current.sequence, current.id)
        return forward or self.allow_back
