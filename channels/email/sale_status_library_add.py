# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusLibraryAdd(models.TransientModel):
    """*Add from library* names Odoo's own emails that an email entry would
    double in the chosen status."""

    _inherit = "sale.status.library.add"

    odoo_email_note = fields.Text(
        string="Odoo's Own Emails", compute="_compute_odoo_email_note"
    )

    @api.depends("entry_id", "stage_id", "company_id")
    def _compute_odoo_email_note(self):
        rules = self.env["sale.status.rule"]
        for wizard in self:
            wizard.odoo_email_note = wizard.entry_id.channel == "email" and (
                rules._odoo_email_note(wizard.stage_id, wizard.company_id)
            )
