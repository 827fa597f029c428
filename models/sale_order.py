# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class SaleOrder(models.Model):
    _inherit = "sale.order"

    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Order Status",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        check_company=True,
        group_expand="_read_group_stage_ids",
        help="Where the order stands in the pipeline of Sales ▸ Order Pipeline: "
        "entering a status runs its rules. It is not Odoo's own state (Quotation, "
        "Quotation Sent, Sales Order, at the top right), which Confirm and Cancel "
        "change; a status may require one (Confirmed: a sales order).",
    )
    stage_date = fields.Datetime(
        string="In Status Since",
        readonly=True,
        copy=False,
    )
    # Counts the entries into any status (it tells one entry from the next
    # for the executions), hence its label: "Visit 2" read as a second visit
    # of the status the order had just entered for the first time.
    stage_visit = fields.Integer(
        string="Statuses Entered",
        readonly=True,
        copy=False,
        help="How many statuses the order entered since it was created, a status "
        "entered again counting again: an order created in New and moved to "
        "Confirmed entered 2. The rules of a status run once per entry.",
    )

    status_execution_ids = fields.One2many(
        "sale.status.execution", "order_id", string="Automation Log"
    )
    sale_status_tracking_ref = fields.Char(
        string="Tracking Reference",
        compute="_compute_sale_status_tracking_ref",
        help="The carrier's tracking references of the order's deliveries, for "
        "the rules' texts: set by Odoo's delivery methods (stock_delivery).",
    )
    status_execution_count = fields.Integer(compute="_compute_status_execution_count")
    status_reply_count = fields.Integer(compute="_compute_status_reply_count")

    @api.depends("company_id")
    def _compute_stage_id(self):
        stage_model = self.env["sale.order.stage"]
        first_stage = {}
        for order in self:
            stage_company = order.stage_id.company_id
            if order.stage_id and (
                not stage_company or stage_company == order.company_id
            ):
                continue
            if order._is_web_cart():
                order.stage_id = False
                continue
            company = order.company_id
            if company not in first_stage:
                first_stage[company] = stage_model._first_for_company(company)
            order.stage_id = first_stage[company]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages._with_pipeline()

    def _compute_status_execution_count(self):
        counts = dict(
            self.env["sale.status.execution"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.status_execution_count = counts.get(order._origin, 0)

    def _compute_status_reply_count(self):
        counts = dict(
            self.env["sale.status.reply"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.status_reply_count = counts.get(order._origin, 0)

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        if not self.env.su:
            self.browse(
                order.id
                for order, vals in zip(orders, vals_list, strict=True)
                if vals.get("stage_id")
            )._check_moved_by_hand_to(self.env["sale.order.stage"])
        entered = orders.filtered("stage_id")
        entered._enter_stage()
        self.env["sale.status.execution"]._on_orders_enter(entered)
        return orders

    def write(self, vals):
        with self.env["sale.status.execution"]._planning_when_settled():
            placed = self._carts_placed_by(vals)
            events = self._events_in(vals)
            # A company change can recompute the status, so it can move orders.
            if not {"stage_id", "company_id"} & vals.keys():
                result = super().write(vals)
            else:
                if vals.get("stage_id") and not self.env.su:
                    stage = self.env["sale.order.stage"].browse(vals["stage_id"])
                    self.filtered(
                        lambda order: order.stage_id != stage
                    )._check_moved_by_hand_to(stage, vals.get("state"))
                self._lock_for_status_change()
                self._track_moves_whatever_the_context()
                stage_before = {order.id: order.stage_id for order in self}
                result = super().write(vals)
                moved = self.filtered(
                    lambda order: order.stage_id != stage_before[order.id]
                )
                if moved:
                    executions = self.env["sale.status.execution"]
                    executions._on_orders_leave(moved)
                    entered = moved.filtered("stage_id")
                    entered._enter_stage()
                    executions._on_orders_enter(entered)
            self.env["sale.status.execution"]._on_order_dates_changed(self, vals)
            if placed:
                placed._enter_pipeline()
                events = [
                    ("placed_in_shop", placed),
                    *events,
                    ("payment_received", placed._paid_while_a_cart()),
                ]
            # The user changed the orders (they may write them): the moves
            # that follow are tracked as theirs, in the same message.
            for event, orders in events:
                self.env["sale.status.trigger"]._fire(event, orders, by_system=False)
        return result

    def _check_moved_by_hand_to(self, stage, state=None):
        """A user moves these orders into ``stage`` (their own status when
        empty): by a drag on the board, a click on the status bar, an import
        or an API call. Refuse it for an order whose Odoo state (``state``
        once written, else its own) the status does not admit, saying which
        Odoo action takes it there.

        The pipeline's own moves (its triggers, with sudo) check the status
        first and leave the order where it is; the superuser's writes (data
        files, migrations, the tests' own arrangements) are not checked.
        """
        for order in self:
            target = stage or order.stage_id
            if target and not target._admits(order, state):
                raise UserError(target._refusal(order))

    def _is_web_cart(self):
        """A web shop cart, which the customer has not placed yet: it is
        in no status and runs no rule until then.

        website_sale is an optional integration: its ``website_id`` field is
        looked up in the registry, so that this addon installs and works
        without it and needs no bridge addon that a shop would have to find
        and install.
        """
        self.ensure_one()
        return bool("website_id" in self._fields and self.website_id) and (
            self.state == "draft"
        )

    def _carts_placed_by(self, vals):
        """The carts this write places: checkout done, the order confirmed or
        waiting for a pending payment (its quotation sent)."""
        if vals.get("state") not in ("sent", "sale"):
            return self.browse()
        return self.filtered(lambda order: order._is_web_cart())

    def _enter_pipeline(self):
        """Placed carts start at the first status, whatever status they had
        as carts (an abandoned cart's reminders stop there)."""
        stage_model = self.env["sale.order.stage"]
        for company, orders in self.grouped("company_id").items():
            orders.write({"stage_id": stage_model._first_for_company(company).id})

    def _paid_while_a_cart(self):
        """Placed orders whose payment was received while they were carts:
        the event moved no cart, so it counts once they are placed."""
        # sudo: the customer placing the order may not read its transactions.
        paid = self.sudo().filtered(
            lambda order: "done" in order.transaction_ids.mapped("state")
        )
        return self.browse(paid.ids)

    def _lock_for_status_change(self):
        """Make concurrent status changes of an order wait for each other.

        The later one then fails to serialize and is retried (as Odoo retries
        any request), sees the order where the first one put it, and starts
        no second visit. Rows are locked in id order, so that two bulk changes
        cannot deadlock.
        """
        if self.ids:
            self.env.execute_query(
                SQL(
                    "SELECT id FROM sale_order WHERE id IN %s ORDER BY id"
                    " FOR NO KEY UPDATE",
                    tuple(self.ids),
                )
            )

    def _events_in(self, vals):
        """The (event, orders) that this write makes happen."""
        state_events = {
            "sent": "quotation_sent",
            "sale": "confirmed",
            "cancel": "cancelled",
        }
        events = []
        if vals.get("state") in state_events:
            changing = self.filtered(lambda order: order.state != vals["state"])
            events.append((state_events[vals["state"]], changing))
        if vals.get("locked"):
            events.append(("locked", self.filtered(lambda order: not order.locked)))
        return [(event, orders) for event, orders in events if orders]

    def _enter_stage(self):
        """Start a new visit of the current status for these orders."""
        now = fields.Datetime.now()
        for visit, orders in self.grouped("stage_visit").items():
            orders.write({"stage_visit": visit + 1, "stage_date": now})

    @api.depends("picking_ids")
    def _compute_sale_status_tracking_ref(self):
        # stock_delivery gives deliveries the carrier's tracking reference;
        # the addon does not depend on it, so the field may not exist.
        has_ref = "carrier_tracking_ref" in self.env["stock.picking"]._fields
        for order in self:
            deliveries = order.picking_ids.filtered(
                lambda picking: (
                    picking.picking_type_code == "outgoing"
                    and picking.state != "cancel"
                )
            )
            refs = deliveries.mapped("carrier_tracking_ref") if has_ref else []
            order.sale_status_tracking_ref = ", ".join(ref for ref in refs if ref)

    def mail_allowed_qweb_expressions(self):
        # What every rule editor may write, not only template editors: the
        # status the messages are about, and the customer's language they are
        # written in.
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.stage_id.name",
            "object.partner_id.lang",
            "object.sale_status_tracking_ref",
        )
