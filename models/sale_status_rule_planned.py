# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models, tools

# The rule fields that decide whether a rule is planned when an order enters
# its status (sale.status.execution._plan).
PLANNED_FIELDS = {"stage_id", "paused", "active"}


class SaleStatusRule(models.Model):
    """Which statuses have rules to plan: most statuses have none, and an
    order entering one then costs no search of the rules."""

    _inherit = "sale.status.rule"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _planned_stage_ids
        return super().create(vals_list)

    def write(self, vals):
        if PLANNED_FIELDS & vals.keys():
            self.env.registry.clear_cache()  # _planned_stage_ids
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # _planned_stage_ids
        return super().unlink()

    @api.model
    @tools.ormcache()
    def _planned_stage_ids(self):
        """The statuses with an active rule that is not paused, in any
        company: kept between requests (every status change asks), until a
        rule is created, deleted, archived, paused or moved. A deleted status
        takes its rules with it (and no order is in it any more)."""
        # sudo, active_test: the cache is shared by every user and context.
        rules = self.sudo().with_context(active_test=True)
        groups = rules._read_group([("paused", "=", False)], ["stage_id"])
        return frozenset(stage.id for (stage,) in groups)
