# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.fields import Domain


class SaleOrderStage(models.Model):
    """A status of the sale order pipeline.

    A status without company is shared by every company, which is how the
    seeded pipeline works out of the box in a multi-company database; a
    company can add statuses of its own next to the shared ones.
    """

    _name = "sale.order.stage"
    _inherit = "sale.status.cached.lookups"
    _description = "Sale Order Status"
    _order = "sequence, id"
    # what decides the first status of a company (_first_id_for_company)
    _lookup_fields = frozenset({"company_id", "sequence", "active"})

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(
        string="Folded in Pipeline",
        help="Folded in the order pipeline when empty, and shown collapsed "
        "in the order status bar.",
    )
    color = fields.Integer(help="The status's color on the order pipeline board.")
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share this status between all companies.",
    )
    description = fields.Text(
        translate=True,
        help="What this status means for the team and the customer.",
    )
    required_order_state = fields.Selection(
        selection="_selection_order_states",
        string="Only Orders In State",
        help="The Odoo state an order must be in to be in this status (Confirmed: "
        "a sales order; Cancelled: a cancelled order). Moving an order here by hand "
        "is refused otherwise, with the action to take in Odoo (Confirm, Cancel); "
        "business events do not move it here either. Empty: any order.",
    )
    rule_ids = fields.One2many("sale.status.rule", "stage_id", string="Rules")
    trigger_ids = fields.One2many(
        "sale.status.trigger",
        "stage_id",
        string="Triggers",
        help="The business events that move orders into this status.",
    )
    trigger_summary = fields.Char(
        string="Moves Here On", compute="_compute_trigger_summary"
    )

    @api.model
    def _selection_order_states(self):
        return self.env["sale.order"]._fields["state"]._description_selection(self.env)

    @api.depends("active", "trigger_ids.event", "trigger_ids.active")
    def _compute_trigger_summary(self):
        events = dict(
            self.env["sale.status.trigger"]
            ._fields["event"]
            ._description_selection(self.env)
        )
        for stage in self:
            if not stage.active:
                # The triggers of an archived status never fire.
                stage.trigger_summary = self.env._("nothing: the status is archived")
                continue
            stage.trigger_summary = ", ".join(
                events[trigger.event] for trigger in stage.trigger_ids
            ) or self.env._("manual moves only")

    @api.model
    def _first_for_company(self, company):
        """The status a new order of ``company`` starts in."""
        return self.browse(self._first_id_for_company(company.id))

    @api.model
    @tools.ormcache("company_id")
    def _first_id_for_company(self, company_id):
        # Every order created looks it up, and statuses rarely change: cached
        # until a status is created, deleted, archived, moved or changes its
        # company. sudo: the cache is shared by every user, so the answer may
        # not depend on which companies the first one to ask may read.
        first = self.sudo().with_context(active_test=True)
        return first.search(Domain("company_id", "in", [False, company_id]), limit=1).id

    @api.model
    def _company_domain(self, companies):
        return Domain("company_id", "in", [False, *companies.ids])

    def _with_pipeline(self):
        """These statuses and every status of the active companies, in
        pipeline order: the columns of a board grouped by status."""
        return self.search(
            self._company_domain(self.env.companies) | Domain("id", "in", self.ids)
        )

    def _admits(self, order, state=None):
        """Whether ``order`` (in ``state``, its own by default) may be in
        this status."""
        self.ensure_one()
        required = self.required_order_state
        return not required or (state or order.state) == required

    def _refusal(self, order):
        """Why ``order`` may not move into this status by hand, and the Odoo
        action that would take it there."""
        self.ensure_one()
        states = dict(self._selection_order_states())
        actions = {
            "draft": self.env._("set it back to a quotation (Set to Quotation)"),
            "sent": self.env._("send the quotation (the Send button)"),
            "sale": self.env._("confirm it (the Confirm button)"),
            "cancel": self.env._("cancel it (the Cancel button)"),
        }
        required = self.required_order_state
        return self.env._(
            "%(order)s cannot be moved to %(status)s by hand: that status is for "
            "orders in state “%(required)s”, and %(order)s is in state "
            "“%(current)s”. To move it there, %(action)s.",
            order=order.display_name,
            status=self.name,
            required=states.get(required, required),
            current=states.get(order.state, order.state),
            action=actions.get(required, states.get(required, required)),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_orders(self):
        # sudo: a status used by orders the manager cannot see is used too.
        used = (
            self.env["sale.order"]
            .sudo()
            ._read_group([("stage_id", "in", self.ids)], ["stage_id"], ["__count"])
        )
        if used:
            stage, count = used[0]
            raise UserError(
                self.env._(
                    "The status %(status)s is used by %(count)s order(s): archive "
                    "it instead of deleting it.",
                    status=stage.name,
                    count=count,
                )
            )
