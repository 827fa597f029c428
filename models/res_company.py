# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    sale_status_sandbox = fields.Boolean(
        string="Automation Sandbox",
        help="Rules prepare their messages and record them as sent, but nothing "
        "leaves the server: to try a pipeline out without a provider.",
    )
    sale_status_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Sending Hours",
        # The company's own calendars and the shared ones: another company's
        # "Standard 40 hours/week" looks the same and is not its hours.
        domain="[('company_id', 'in', [id, False])]",
        help="Rules due outside these working hours, or on their public "
        "holidays, wait until the next opening, in the customer's time zone "
        "when known, else the calendar's. Empty: any time.",
    )

    @api.constrains("sale_status_calendar_id")
    def _check_sale_status_settings(self):
        for company in self:
            calendar = company.sale_status_calendar_id
            if calendar.company_id and calendar.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The sending hours %(calendar)s are those of %(other)s: "
                        "choose a calendar of %(company)s or one shared by all "
                        "companies.",
                        calendar=calendar.name,
                        other=calendar.company_id.name,
                        company=company.name,
                    )
                )
