# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rules' screens as a shop owner uses them (browser tours)."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import AutomationCase

RULES_ACTION = "/odoo/action-sale_status_automation.sale_status_rule_action"


@tagged("post_install", "-at_install")
class TestRulesUi(AutomationCase, HttpCase):
    """The tours of items 2, 3, 4, 6, 15 and 16, as a shop owner does it."""

    def test_whisper_form_offers_no_sms_fallback(self):
        rule = self.make_rule(
            self.stage_shipped,
            "Tour whisper",
            channel="chat",
            chat_whisper=True,
            chat_body="Shipped {{ object.name }}.",
        )
        self.start_tour(
            f"{RULES_ACTION}/{rule.id}",
            "sale_status_automation_whisper_fallback_tour",
            login="admin",
        )
        self.assertEqual(rule.fallback_channel, "employee")

    def test_quick_create_lands_last_paused_then_activated(self):
        self.make_rule(self.stage_shipped, "Tour shipping SMS")
        self.make_rule(
            self.stage_shipped,
            "Tour delivery call",
            run_mode="after_previous",
            timing="delay",
            delay=50,
            delay_unit="minutes",
        )
        self.start_tour(
            RULES_ACTION, "sale_status_automation_quick_create_tour", login="admin"
        )
        rule = self.env["sale.status.rule"].search([("name", "=", "Tour WhatsApp")])
        self.assertFalse(rule.paused)
        self.assertEqual(rule.chain_position, 3)

    def test_board_shows_archived_status_and_companies(self):
        abandoned = self.env.ref("sale_status_automation.stage_abandoned_cart")
        self.make_rule(abandoned, "Tour cart reminder")
        self.env.ref("base.user_admin").write(
            {
                "company_ids": [Command.link(self.other_company.id)],
                "group_ids": [
                    Command.link(self.env.ref("base.group_multi_company").id)
                ],
            }
        )
        self.make_rule(self.stage_paid, "Tour theirs", company_id=self.other_company.id)
        self.start_tour(
            RULES_ACTION,
            "sale_status_automation_board_tour",
            login="admin",
            cookies={"cids": f"{self.company.id}-{self.other_company.id}"},
        )

    def test_a_broken_placeholder_is_refused_in_a_new_shop(self):
        shop = self.env["res.company"].create({"name": "Brand New Shop"})
        admin = self.env.ref("base.user_admin")
        admin.write(
            {
                "company_ids": [Command.link(shop.id)],
                "group_ids": [
                    Command.link(self.env.ref("base.group_multi_company").id)
                ],
            }
        )
        self.start_tour(
            f"{RULES_ACTION}/new",
            "sale_status_automation_placeholder_tour",
            login="admin",
            cookies={"cids": str(shop.id)},
        )
        self.assertFalse(
            self.env["sale.status.rule"].search([("name", "=", "Tour broken")])
        )

    def test_copy_to_another_company_keeps_the_key_move(self):
        their_stage = self.env["sale.order.stage"].create(
            {"name": "Tour porch", "company_id": self.other_company.id}
        )
        our_stage = self.env["sale.order.stage"].create(
            {"name": "Tour porch", "company_id": self.company.id}
        )
        rule = self.make_rule(
            self.stage_shipped,
            "Tour call",
            channel="call",
            call_text="Hello {{ object.name }}.",
            call_question="Press 1.",
            call_key_ids=[Command.create({"key": "1", "action": "move"})],
        )
        rule.call_key_ids.stage_id = our_stage
        admin = self.env.ref("base.user_admin")
        admin.write(
            {
                "company_ids": [Command.link(self.other_company.id)],
                "group_ids": [
                    Command.link(self.env.ref("base.group_multi_company").id)
                ],
            }
        )
        self.start_tour(
            f"{RULES_ACTION}/{rule.id}",
            "sale_status_automation_copy_keys_tour",
            login="admin",
            cookies={"cids": f"{self.company.id}-{self.other_company.id}"},
        )
        copy = self.env["sale.status.rule"].search(
            [("name", "=", "Tour call"), ("company_id", "=", self.other_company.id)]
        )
        self.assertEqual(copy.call_key_ids.stage_id, their_stage)
