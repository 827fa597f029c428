# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rules board: a new rule goes last and starts paused, the chain's
numbers, archived statuses."""

from .common import AutomationCase


class TestRuleOrder(AutomationCase):
    """Item 3: a new rule goes last in its status; item 15: paused rules."""

    def chain(self):
        sms = self.make_rule(self.stage_shipped, "Shipping SMS")
        call = self.make_rule(
            self.stage_shipped,
            "Delivery call",
            run_mode="after_previous",
            timing="delay",
            delay=50,
            delay_unit="minutes",
        )
        return sms, call

    def test_a_new_rule_goes_last_and_keeps_the_chain(self):
        sms, call = self.chain()
        whatsapp = self.make_rule(self.stage_shipped, "New rule")
        self.assertGreater(whatsapp.sequence, call.sequence)
        self.assertGreater(call.sequence, sms.sequence)
        self.assertEqual((sms | call | whatsapp).mapped("chain_position"), [1, 2, 3])
        # Each status and company has its own order.
        other = self.make_rule(self.stage_paid, "Paid SMS")
        self.assertEqual(other.chain_position, 1)
        # A place given is kept.
        first = self.make_rule(self.stage_shipped, "First", sequence=1)
        self.assertEqual(first.sequence, 1)
        self.env.invalidate_all()
        self.assertEqual(
            (first | sms | call | whatsapp).mapped("chain_position"), [1, 2, 3, 4]
        )
        # The call still waits for the shipping SMS, not for the new rule.
        order = self.create_order()
        order.stage_id = self.stage_shipped
        executions = self.executions(order)
        states = {e.rule_id: e.state for e in executions}
        self.assertEqual(states[call], "waiting")
        self.assertEqual(states[whatsapp], "scheduled")
        # Created from the form, with what the board gives it.
        rule = (
            self.env["sale.status.rule"]
            .with_context(default_stage_id=self.stage_shipped.id)
            .create({"name": "Quick", "channel": "sms"})
        )
        self.assertGreater(rule.sequence, whatsapp.sequence)

    def test_a_rule_created_in_the_rules_screens_starts_paused(self):
        action = self.env.ref("sale_status_automation.sale_status_rule_action")
        self.assertEqual(action.context, "{'default_paused': True}")
        Rule = self.env["sale.status.rule"].with_user(self.manager)
        rule = Rule.with_context(default_paused=True).create(
            {"name": "Quick", "channel": "sms", "stage_id": self.stage_paid.id}
        )
        self.assertTrue(rule.paused)
        self.assertEqual(rule.chain_position, 0)
        order = self.create_order()
        order.stage_id = self.stage_paid
        self.assertFalse(self.executions(order))
        rule.action_activate()
        self.assertFalse(rule.paused)
        self.assertEqual(rule.chain_position, 1)
        order.stage_id = self.stage_new
        order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        # Paused after being planned: the run is skipped, with the reason.
        rule.action_pause()
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped")
        self.assertEqual(execution.reason, "The rule is paused.")
        # Rules made by code (imports, other modules) are live.
        self.assertFalse(self.make_rule(self.stage_paid, "Code").paused)

    def test_library_and_copy_start_paused(self):
        entry = self.env.ref("sale_status_automation.library_payment_received_sms")
        wizard = (
            self.env["sale.status.library.add"]
            .with_user(self.manager)
            .create({"entry_id": entry.id, "stage_id": self.stage_paid.id})
        )
        action = wizard.action_add()
        added = self.env["sale.status.rule"].browse(action["res_id"])
        self.assertTrue(added.paused)
        added.action_activate()
        copy_wizard = (
            self.env["sale.status.rule.copy"]
            .with_user(self.manager)
            .with_context(active_model="sale.status.rule", active_ids=added.ids)
            .create({"stage_id": self.stage_shipped.id})
        )
        copy = self.env["sale.status.rule"].browse(copy_wizard.action_copy()["res_id"])
        self.assertTrue(copy.paused)
        self.assertFalse(added.paused)

    def test_board_marks_archived_statuses(self):
        abandoned = self.env.ref("sale_status_automation.stage_abandoned_cart")
        self.assertFalse(abandoned.active)
        rule = self.make_rule(abandoned, "Cart reminder")
        self.make_rule(self.stage_paid, "Paid SMS")
        groups = self.env["sale.status.rule"].formatted_read_group(
            [], ["stage_id"], ["__count"]
        )
        labels = {group["stage_id"][0]: group["stage_id"][1] for group in groups}
        self.assertEqual(labels[abandoned.id], "Abandoned cart (archived)")
        self.assertEqual(labels[self.stage_paid.id], "Paid")
        self.assertFalse(rule.stage_active)
