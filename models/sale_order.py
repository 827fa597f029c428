# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import api, fields, models
from odoo.fields import Domain


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
    )
    stage_date = fields.Datetime(
        string="In Status Since",
        readonly=True,
        copy=False,
    )
    stage_visit = fields.Integer(
        string="Status Visit",
        readonly=True,
        copy=False,
        help="Number of times the order entered a status. Each entry is a new "
        "visit: the rules of the status run again for it.",
    )

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
            company = order.company_id
            if company not in first_stage:
                first_stage[company] = stage_model._first_for_company(company)
            order.stage_id = first_stage[company]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        stage_model = self.env["sale.order.stage"]
        return stages.search(
            stage_model._company_domain(self.env.companies)
            | Domain("id", "in", stages.ids)
        )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered("stage_id")._enter_stage()
        return orders

    def write(self, vals):
        # A company change can recompute the status, so it is an entry too.
        if not {"stage_id", "company_id"} & vals.keys():
            return super().write(vals)
        stage_before = {order.id: order.stage_id for order in self}
        result = super().write(vals)
        self.filtered(
            lambda order: order.stage_id and order.stage_id != stage_before[order.id]
        )._enter_stage()
        return result

    def _enter_stage(self):
        """Start a new visit of the current status for these orders."""
        now = fields.Datetime.now()
        for visit, orders in self.grouped("stage_visit").items():
            orders.write({"stage_visit": visit + 1, "stage_date": now})
