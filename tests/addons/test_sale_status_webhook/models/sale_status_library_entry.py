# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleStatusLibraryEntry(models.Model):
    """The channel's texts on a library entry: named as the rule fields they
    fill (the channel's ``_text_fields``), translatable."""

    _inherit = "sale.status.library.entry"

    webhook_text = fields.Text(translate=True)
