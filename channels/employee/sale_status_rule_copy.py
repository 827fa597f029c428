# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleStatusRuleCopy(models.TransientModel):
    """*Copy to…* another company for an employee notification."""

    _inherit = "sale.status.rule.copy"

    def _company_bound_values(self, rule):
        values, notes = super()._company_bound_values(rule)
        # A chosen user the target company does not have is cleared: the
        # copy then tells the order's salesperson, so that it still works.
        if "employee_user_id" in values and not values["employee_user_id"]:
            values["employee_target"] = "salesperson"
        return values, notes
