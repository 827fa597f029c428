# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleStatusLibraryEntry(models.Model):
    """The texts a library entry holds for the channel: named as the rule
    fields they fill (the channel's ``_text_fields``), translatable."""

    _inherit = "sale.status.library.entry"

    email_subject = fields.Char(translate=True)
    email_body = fields.Html(translate=True, sanitize="email_outgoing")
