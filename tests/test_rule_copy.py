# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Copy to another company keeps where a robocall's keys move orders."""

from odoo import Command
from odoo.tests import new_test_user

from .common import AutomationCase


class TestCopyKeyMoves(AutomationCase):
    """Item 4: a copy to another company keeps where a key moves orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["sale.order.stage"]
        cls.porch = Stage.create(
            {"name": "Left at the porch", "sequence": 61, "company_id": cls.company.id}
        )
        cls.recall = Stage.create(
            {"name": "Call back", "sequence": 62, "company_id": cls.company.id}
        )
        cls.their_porch = Stage.create(
            {
                "name": "Left at the porch",
                "sequence": 70,
                "company_id": cls.other_company.id,
            }
        )
        cls.their_second = Stage.create(
            {"name": "Ring again", "sequence": 71, "company_id": cls.other_company.id}
        )
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Delivery call",
            channel="call",
            call_text="Your order {{ object.name }} arrives today.",
            call_question="Press 1, 2 or 3.",
            call_key_ids=[
                Command.create({"key": "1", "action": "move"}),
                Command.create({"key": "2", "action": "move"}),
                Command.create({"key": "3", "action": "move"}),
                Command.create({"key": "4", "action": "note"}),
            ],
        )
        keys = cls.rule.call_key_ids
        keys[0].stage_id = cls.porch  # a status of the same name there
        keys[1].stage_id = cls.recall  # the same place in their pipeline
        keys[2].stage_id = cls.stage_delivered  # shared by both
        cls.boss = new_test_user(
            cls.env,
            "ssa_two_shops",
            groups="sales_team.group_sale_manager,base.group_multi_company",
            company_id=cls.company.id,
            company_ids=[cls.company.id, cls.other_company.id],
        )

    def copy_wizard(self):
        both = [self.company.id, self.other_company.id]
        return (
            self.env["sale.status.rule.copy"]
            .with_user(self.boss)
            .with_context(
                allowed_company_ids=both,
                active_model="sale.status.rule",
                active_ids=self.rule.ids,
            )
            .create({"company_id": self.other_company.id})
        )

    def test_a_copy_maps_where_its_keys_move_orders(self):
        wizard = self.copy_wizard()
        self.assertIn(
            "key 1 moves orders to Left at the porch (the status of the same name)",
            wizard.company_changes,
        )
        self.assertIn("key 2 moves orders to Ring again", wizard.company_changes)
        result = wizard.action_copy()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("key 2 moves orders to Ring again", result["params"]["message"])
        copy = self.env["sale.status.rule"].browse(result["params"]["next"]["res_id"])
        self.assertEqual(copy.company_id, self.other_company)
        keys = {line.key: line.stage_id for line in copy.call_key_ids}
        self.assertEqual(keys["1"], self.their_porch)
        self.assertEqual(keys["2"], self.their_second)
        self.assertEqual(keys["3"], self.stage_delivered)
        self.assertFalse(keys["4"])
        # Set as choosing Moves To does: the target company has its triggers.
        triggers = self.env["sale.status.trigger"].search(
            [("event", "=", "call_key"), ("company_id", "=", self.other_company.id)]
        )
        self.assertEqual(
            {trigger.reply_keywords: trigger.stage_id for trigger in triggers},
            {"1": self.their_porch, "2": self.their_second, "3": self.stage_delivered},
        )
        # The source company's keys are untouched.
        self.assertEqual(self.rule.call_key_ids[0].stage_id, self.porch)

    def test_a_status_without_equivalent_is_said(self):
        self.their_porch.active = False
        self.their_second.active = False
        wizard = self.copy_wizard()
        result = wizard.action_copy()
        message = result["params"]["message"]
        self.assertIn(
            "key 1 moves orders to Left at the porch, which Other Shop has no "
            "status like",
            message,
        )
        self.assertIn("key 2 moves orders to Call back, which Other Shop", message)
        copy = self.env["sale.status.rule"].browse(result["params"]["next"]["res_id"])
        keys = {line.key: line.stage_id for line in copy.call_key_ids}
        self.assertFalse(keys["1"])
        self.assertEqual(keys["3"], self.stage_delivered)
