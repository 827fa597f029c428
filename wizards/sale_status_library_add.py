# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleStatusLibraryAdd(models.TransientModel):
    """ "Add from library" on the rules board: pick a ready rule; it is
    created in the current company and opened for editing."""

    _name = "sale.status.library.add"
    _inherit = "sale.status.wizard.rights"
    _description = "Add an Automation Rule from the Library"
    # An entry and a status the user may read, for a company selected in
    # their company switcher (sale.status.wizard.rights).
    _user_record_fields = ("entry_id", "stage_id")
    _user_company_fields = ("company_id",)

    entry_id = fields.Many2one(
        "sale.status.library.entry",
        string="Ready Rule",
        required=True,
        domain=[("available", "=", True)],
    )
    description = fields.Text(related="entry_id.description")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Order Status",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )

    @api.depends("entry_id")
    def _compute_stage_id(self):
        for wizard in self:
            stage = wizard.entry_id.stage_id
            usable = stage.active and stage.company_id in (
                self.env["res.company"],
                wizard.company_id,
            )
            wizard.stage_id = stage if usable else False

    def action_add(self):
        self.ensure_one()
        self._check_own_records()
        if self.stage_id.company_id not in (self.env["res.company"], self.company_id):
            raise UserError(
                self.env._(
                    "The status %(status)s is not one of %(company)s.",
                    status=self.stage_id.name,
                    company=self.company_id.name,
                )
            )
        # As the user: the rule's own checks apply as to any rule they write.
        rule = self.entry_id._create_rule(self.stage_id, self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.status.rule",
            "res_id": rule.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
