# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusLibraryEntry(models.Model):
    """The texts a library entry holds for the channel: named as the rule
    fields they fill (the channel's ``_text_fields``), translatable; and
    Odoo's own emails that an email entry would double."""

    _inherit = "sale.status.library.entry"

    email_subject = fields.Char(translate=True)
    email_body = fields.Html(translate=True, sanitize="email_outgoing")

    odoo_email_note = fields.Text(
        string="Odoo's Own Emails",
        compute="_compute_odoo_email_note",
        help="Odoo's own emails to the customer that go out when orders enter "
        "the suggested status: this rule would send a second one.",
    )

    @api.depends("channel", "stage_id")
    @api.depends_context("company")
    def _compute_odoo_email_note(self):
        rules = self.env["sale.status.rule"]
        for entry in self:
            entry.odoo_email_note = entry.channel == "email" and rules._odoo_email_note(
                entry.stage_id, self.env.company
            )
