# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..tools.sending import reply_word, reply_words

EVENTS = [
    ("quotation_sent", "Quotation sent"),
    ("confirmed", "Order confirmed"),
    ("cancelled", "Order cancelled"),
    ("locked", "Order locked"),
    ("payment_received", "Payment received"),
    ("invoice_paid", "Invoices paid"),
    ("shipped", "Shipped"),
    ("placed_in_shop", "Placed in the web shop"),
    ("cart_abandoned", "Cart abandoned"),
    ("customer_replied", "Customer replied"),
    ("call_key", "Customer pressed a key during a call"),
]
# Events that happen to web shop carts; every other event waits until the
# cart is placed (website_sale, see sale.order._is_web_cart).
CART_EVENTS = {"cart_abandoned"}
# How far back the first run of the abandoned carts cron looks: not every
# cart ever abandoned gets reminders when a shop turns them on.
FIRST_RUN_LOOKBACK = timedelta(hours=1)


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
        "Odoo does not know when the customer receives them). Placed in the web "
        "shop: the customer checked out a web shop cart (confirmed, paid or "
        "waiting for a pending payment). Cart abandoned: a web shop cart with a "
        "known customer and lines was left for longer than the website's "
        "abandonment delay. Customer replied: the customer answered an SMS "
        "(on the order the answer went to). Customer pressed a key during a "
        "call: at a robocall's question, a key whose action is to move the "
        "order.",
    )
    reply_keywords = fields.Char(
        string="Reply Is",
        help="Comma-separated words: the order moves only when the customer's "
        "reply is one of them, in any case and spacing (YES, OK), or the key "
        "pressed (1). Empty: any reply or key that no trigger with words "
        "matches.",
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
        "(event, COALESCE(company_id, 0), UPPER(COALESCE(reply_keywords, '')))"
        " WHERE active",
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
    def _fire(self, event, orders, reply=None, by_system=True):
        """``event`` happened to ``orders``: move them where its trigger says
        (for "customer replied", the ``reply`` text chooses among them).

        The move is the system's reaction, as Odoo's own delivery, invoice
        and payment hooks are: it reads and writes the orders with sudo,
        whoever triggered the event (an inventory user validating the
        delivery of an order they may not read, an accountant paying its
        invoice, a customer paying online), and returns nothing, so the
        user learns nothing of the orders from it. With ``by_system``, the
        chatter's tracking of the move is authored by the system (OdooBot),
        not by the user: a message's author may read it and the name of its
        record, which would tell the user of an order they may not read.
        The order's own writes (a confirmation, a cancellation) pass False:
        the user made that change, and the tracking says so.
        """
        orders = orders.sudo()
        if event not in CART_EVENTS:
            orders = orders.filtered(lambda order: not order._is_web_cart())
        orders = orders.filtered("id")
        if not orders:
            return
        # sudo: the event may come from a customer (an online payment) who
        # cannot read the company's triggers.
        triggers = self.sudo().search(
            [("event", "=", event), ("stage_id.active", "=", True)]
        )
        if not triggers:
            return
        moves = {}
        for order in orders:
            trigger = triggers._applying_to(order.company_id, reply)
            if trigger and trigger._moves(order):
                moves.setdefault(trigger.stage_id, orders.browse())
                moves[trigger.stage_id] |= order
        for stage, stage_orders in moves.items():
            if by_system:
                stage_orders._track_set_author(self.env.ref("base.partner_root"))
            stage_orders.write({"stage_id": stage.id})

    def _applying_to(self, company, reply):
        """Which of these triggers (of one event) moves an order of
        ``company``: the company's own, else the shared ones; of those, the
        one whose words the reply is, else the one without words."""
        own = self.filtered(lambda trigger: trigger.company_id == company)
        candidates = own or self.filtered(lambda trigger: not trigger.company_id)
        if reply is None:
            return candidates[:1]
        said = reply_word(reply)
        return (
            candidates.filtered(lambda trigger: said in trigger._reply_words())[:1]
            or candidates.filtered(lambda trigger: not trigger.reply_keywords)[:1]
        )

    def _reply_words(self):
        return reply_words(self.reply_keywords)

    def _moves(self, order):
        current, target = order.stage_id, self.stage_id
        # A status for orders of another Odoo state: the event (a reply, a
        # key pressed) does not move the order there, and the user whose
        # action fired it gets no error for it.
        if not target._admits(order):
            return False
        if not current:
            return True
        if current == target:
            return False
        forward = (target.sequence, target.id) > (current.sequence, current.id)
        return forward or self.allow_back

    @api.model
    def _cron_fire_cart_abandoned(self):
        """Fire "cart abandoned" for the web shop carts that website_sale
        found abandoned since the last run.

        website_sale's own rule decides (``is_abandoned_cart``: a draft
        cart with lines and a known customer, older than the website's
        abandonment delay). A cart that website_sale already sent its
        recovery email is left alone; a cart the event moves is marked as
        emailed, so that website_sale does not send it too.
        """
        orders = self.env["sale.order"]
        if "is_abandoned_cart" not in orders._fields or not self.search_count(
            [("event", "=", "cart_abandoned"), ("stage_id.active", "=", True)],
            limit=1,
        ):
            return
        since = self.env.context.get("lastcall") or (
            fields.Datetime.now() - FIRST_RUN_LOOKBACK
        )
        newly_abandoned = Domain.OR(
            Domain("website_id", "=", website.id)
            # The delay as website_sale's rule reads it.
            & Domain(
                "date_order",
                ">",
                since - timedelta(hours=website.cart_abandoned_delay or 1.0),
            )
            for website in self.env["website"].search([])
        )
        carts = orders.search(
            Domain("is_abandoned_cart", "in", [True])
            & Domain("stage_id", "=", False)
            & Domain("cart_recovery_email_sent", "=", False)
            & newly_abandoned
        )
        self._fire("cart_abandoned", carts)
        carts.filtered("stage_id").cart_recovery_email_sent = True
