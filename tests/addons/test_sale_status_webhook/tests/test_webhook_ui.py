# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The channel's screens, which the core views draw from what it declares:
its icon on the rules board, its page and the Send To choice in the form."""

from odoo.tests import HttpCase, tagged

from odoo.addons.sale_status_automation.tests.common import AutomationCase

RULES_ACTION = "/odoo/action-sale_status_automation.sale_status_rule_action"


@tagged("post_install", "-at_install")
class TestWebhookUi(AutomationCase, HttpCase):
    def test_board_and_form_show_the_channel(self):
        rule = self.make_rule(
            self.stage_shipped,
            "Tour webhook",
            channel="webhook",
            webhook_url="https://warehouse.example.com/hook",
        )
        self.start_tour(
            RULES_ACTION, "test_sale_status_webhook_rule_tour", login="admin"
        )
        self.assertEqual(rule.recipient, "invoice")
