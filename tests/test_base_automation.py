# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odoo's own automation (base_automation) alongside the rules: its
"Stage is set to" trigger sees the addon's order status, and a status it
sets starts the addon's rules."""

from odoo import Command
from odoo.tests import tagged

from .common import AutomationCase


@tagged("post_install", "-at_install")
class TestWithBaseAutomation(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.make_rule(cls.stage_shipped, "Shipped")
        cls.order = cls.create_order()

    @classmethod
    def automation(cls, name, trigger, code, **values):
        sale_order = cls.env["ir.model"]._get("sale.order")
        return cls.env["base.automation"].create(
            {
                "name": name,
                "model_id": sale_order.id,
                "trigger": trigger,
                "action_server_ids": [
                    Command.create(
                        {
                            "name": name,
                            "model_id": sale_order.id,
                            "state": "code",
                            "code": code,
                        }
                    )
                ],
                **values,
            }
        )

    def test_stage_is_set_to_fires_with_the_rules(self):
        self.automation(
            "Tag shipped orders",
            "on_stage_set",
            "record.write({'client_order_ref': 'SHIPPED'})",
            trg_field_ref=self.stage_shipped.id,
        )
        self.order.stage_id = self.stage_shipped
        self.assertEqual(self.order.client_order_ref, "SHIPPED")
        (execution,) = self.executions(self.order)
        self.assertEqual(execution.rule_id, self.rule)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        # Another status: Odoo's rule stays quiet.
        self.order.client_order_ref = False
        self.order.stage_id = self.stage_paid
        self.assertFalse(self.order.client_order_ref)

    def test_a_status_set_by_odoo_automation_starts_the_rules(self):
        self.automation(
            "Ship orders marked as such",
            "on_create_or_write",
            f"record.write({{'stage_id': {self.stage_shipped.id}}})",
            filter_domain="[('client_order_ref', '=', 'SHIP NOW')]",
        )
        self.order.client_order_ref = "SHIP NOW"
        self.assertEqual(self.order.stage_id, self.stage_shipped)
        (execution,) = self.executions(self.order)
        self.assertEqual((execution.rule_id, execution.state), (self.rule, "scheduled"))
