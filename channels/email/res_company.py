# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize


class ResCompany(models.Model):
    _inherit = "res.company"

    sale_status_email_from = fields.Char(
        string="Automation Email Sender",
        help="From address of the automation emails set to an automatic sender "
        "(before the rule has sent any); the company's email when empty.",
    )

    @api.constrains("sale_status_email_from")
    def _check_sale_status_email_from(self):
        for company in self:
            sender = company.sale_status_email_from
            if sender and not email_normalize(sender):
                raise ValidationError(
                    self.env._(
                        "The automation email sender %s is not an email address.",
                        sender,
                    )
                )
