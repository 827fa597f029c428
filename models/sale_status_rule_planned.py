# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models, tools


class SaleStatusRule(models.Model):
    """Which statuses have rules to plan: most statuses have none, and an
    order entering one then costs no search of the rules."""

    _name = "sale.status.rule"
    _inherit = ("sale.status.rule", "sale.status.cached.lookups")
    # what decides whether a rule is planned (_planned_stage_ids)
    _lookup_fields = frozenset({"stage_id", "paused", "active"})

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
