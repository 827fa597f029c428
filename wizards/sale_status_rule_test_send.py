# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusRuleTest(models.TransientModel):
    """Send a rule once, now, on an order of choice: to check a message
    before customers get it."""

    _name = "sale.status.rule.test"
    _description = "Send an Automation Rule as a Test"

    rule_id = fields.Many2one("sale.status.rule", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="rule_id.company_id")
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        domain="[('company_id', '=', company_id)]",
        help="The order whose values fill the placeholders.",
    )
    destination = fields.Char(
        help="An email address or phone number to send to instead of the "
        "customer's, for this test only.",
    )
    execution_id = fields.Many2one("sale.status.execution", readonly=True)
    state = fields.Selection(related="execution_id.state")
    recipient = fields.Char(related="execution_id.recipient")
    subject = fields.Char(related="execution_id.subject")
    content = fields.Text(related="execution_id.content")
    reason = fields.Text(related="execution_id.reason")
    sandbox = fields.Boolean(related="execution_id.sandbox")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        rule = self.env["sale.status.rule"].browse(values.get("rule_id"))
        if rule and "order_id" in fields_list and not values.get("order_id"):
            values["order_id"] = rule._sample_order().id
        return values

    def action_send(self):
        self.ensure_one()
        # sudo: the automation's log is written by the automation only;
        # sending a test is for sales managers (access rights of this wizard).
        execution = (
            self.env["sale.status.execution"]
            .sudo()
            .create(
                {
                    **self.env["sale.status.execution"]._values_for(
                        self.order_id, self.rule_id, visit=0
                    ),
                    "is_test": True,
                    "test_destination": self.destination,
                    "state": "scheduled",
                    "scheduled_at": fields.Datetime.now(),
                }
            )
        )
        execution._send()
        self.execution_id = execution
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Send test"),
        }
