# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusRule(models.Model):
    """The rules board: a column per status, the rules in the order they
    run, a new rule last."""

    _inherit = "sale.status.rule"

    chain_position = fields.Integer(
        string="Order in the Status",
        compute="_compute_chain_position",
        help="Where the rule runs among the live rules of its status and "
        "company: a rule that starts after the previous rule waits for the "
        "one numbered before it.",
    )
    stage_active = fields.Boolean(related="stage_id.active", string="Status Active")

    @api.model_create_multi
    def create(self, vals_list):
        # Last in its status unless a place is given: the order of a status's
        # rules is the order of its "after the previous rule" chain, which a
        # new rule must not reorder behind the user's back.
        last_of = {}
        for vals in vals_list:
            if vals.get("sequence") is not None:
                continue
            stage_id = vals.get("stage_id") or self.env.context.get("default_stage_id")
            company_id = vals.get("company_id") or self.env.context.get(
                "default_company_id", self.env.company.id
            )
            key = (stage_id, company_id)
            if key not in last_of:
                last_of[key] = self._last_sequence(stage_id, company_id)
            last_of[key] += 1
            vals["sequence"] = last_of[key]
        return super().create(vals_list)

    @api.model
    def _last_sequence(self, stage_id, company_id):
        # sudo: a rule the user may not read still holds its place; an
        # archived one has none in the chain.
        last = self.sudo().search(
            [("stage_id", "=", stage_id), ("company_id", "=", company_id)],
            order="sequence desc",
            limit=1,
        )
        return last.sequence if last else 9

    @api.depends("sequence", "stage_id", "company_id", "active", "paused")
    def _compute_chain_position(self):
        live = self.filtered(lambda rule: rule.active and not rule.paused and rule.id)
        (self - live).chain_position = 0
        if not live:
            return
        # sudo: the place of a rule counts every live rule of its status.
        chains = (
            self.sudo()
            .search(
                [
                    ("stage_id", "in", live.stage_id.ids),
                    ("company_id", "in", live.company_id.ids),
                    ("paused", "=", False),
                ]
            )
            .grouped(lambda rule: (rule.stage_id.id, rule.company_id.id))
        )
        for rule in live:
            chain = chains.get((rule.stage_id.id, rule.company_id.id), self.browse())
            ids = chain.ids
            rule.chain_position = ids.index(rule.id) + 1 if rule.id in ids else 0

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages._with_pipeline()

    @api.model
    @api.readonly
    def formatted_read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        groups = super().formatted_read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )
        # A status folded in the order pipeline keeps its rules in view on the
        # rules board.
        for group in groups:
            group.pop("__fold", None)
        if groupby and groupby[0] == "stage_id":
            self._mark_archived_stages(groups)
        return groups

    def _mark_archived_stages(self, groups):
        """An archived status's column says so: orders no longer move there,
        and its rules run on nothing new."""
        stage_ids = [group["stage_id"][0] for group in groups if group.get("stage_id")]
        archived = (
            self.env["sale.order.stage"]
            .with_context(active_test=False)
            .search([("id", "in", stage_ids), ("active", "=", False)])
        )
        for group in groups:
            value = group.get("stage_id")
            if value and value[0] in archived.ids:
                group["stage_id"] = (
                    value[0],
                    self.env._("%(status)s (archived)", status=value[1]),
                )
