# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class SaleStatusCachedLookups(models.AbstractModel):
    """Records that lookups kept between requests (``ormcache``) are built
    on: every order created asks for its company's first status, every
    status change for the statuses that have rules. Creating or deleting
    such a record, or changing one of its ``_lookup_fields``, clears them,
    in every worker (Odoo's registry signalling), as Odoo does for its own."""

    _name = "sale.status.cached.lookups"
    _description = "Automation: Records of Cached Lookups"

    _lookup_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if self._lookup_fields & vals.keys():
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
