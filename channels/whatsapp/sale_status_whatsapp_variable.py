# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusWhatsappVariable(models.Model):
    _name = "sale.status.whatsapp.variable"
    _description = "Automation Rule: WhatsApp Template Variable"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one(
        "sale.status.rule", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    key = fields.Char(
        string="Variable",
        required=True,
        help="The variable of the template: 1 for {{1}}, or its name.",
    )
    value = fields.Char(
        required=True,
        help="What the variable is on an order, with placeholders: "
        "{{ object.partner_id.name }}.",
    )

    _one_value_per_variable = models.Constraint(
        "UNIQUE(rule_id, key)", "A variable is given once per rule."
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Before anything is written: the rule's constraints run as superuser.
        rules = self.env["sale.status.rule"]
        for vals in vals_list:
            rules._check_written_texts(vals, self)
        variables = super().create(vals_list)
        variables.rule_id._check_rendering()
        return variables

    def write(self, vals):
        self.env["sale.status.rule"]._check_written_texts(vals, self)
        rules_before = self.rule_id
        result = super().write(vals)
        if {"key", "value", "rule_id"} & vals.keys():
            (rules_before | self.rule_id)._check_rendering()
        return result

    @api.constrains("key", "value")
    def _check_rule_settings(self):
        channel = self.env["sale.status.channel.whatsapp"]
        for rule in self.rule_id:
            if channel in rule._channels():
                channel._check_rule(rule)

    def _render(self, order):
        """{key: value rendered on ``order``, in the customer's language}."""
        rule = self.rule_id.with_context(lang=order.partner_id.lang or None)
        return {
            variable.key: (
                rule._render_template(variable.value, "sale.order", order.ids)[order.id]
                or ""
            )
            for variable in self
        }
