# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Issue 16's promise, from the screen to the phone: a sales manager adds a
delivery-day robocall in French from the library in Odoo's own UI, the
customer presses 1 (the fake Twilio does), and the order moves on."""

from odoo.tests import HttpCase, tagged

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

LEA = "Polly.Lea-Neural"


@tagged("post_install", "-at_install")
class TestDeliveryCallUi(FakeTwilioCase, AutomationCase, HttpCase):
    def test_manager_adds_a_french_delivery_call_and_key_1_moves_the_order(self):
        self.connect_company_to_the_fake("+15005550006")
        key_triggers = [("event", "=", "call_key")]
        self.assertFalse(self.env["sale.status.trigger"].search(key_triggers))
        self.start_tour(
            "/odoo/action-sale_status_automation.sale_status_rule_action",
            "sale_status_automation_delivery_call_tour",
            login=self.manager.login,
        )
        rule = self.env["sale.status.rule"].search([("name", "=", "Delivery day call")])
        self.assertRecordValues(
            rule,
            [
                {
                    "stage_id": self.stage_shipped.id,
                    "channel": "call",
                    "call_language": "fr-FR",
                    "timing": "date",
                    "date_field": "commitment_date",
                }
            ],
        )
        self.assertEqual(rule.call_voice_id.name, LEA)
        # Choosing Delivered for key 1 made the company's trigger of the key.
        self.assertRecordValues(
            self.env["sale.status.trigger"].search(key_triggers),
            [
                {
                    "reply_keywords": "1",
                    "stage_id": self.stage_delivered.id,
                    "company_id": self.company.id,
                }
            ],
        )
        order, execution = self.ship_and_run_on_delivery_day(rule)
        request = self.fake_twilio.api_requests("Calls")[-1]
        self.env.flush_all()
        with self.allow_requests(all_requests=True):
            heard = self.fake_twilio.run_call(request, ["1"])
        self.env.invalidate_all()
        self.assertEqual(
            heard,
            [
                (
                    "say",
                    f"Bonjour, votre commande {order.name} arrive aujourd'hui.",
                    LEA,
                    "fr-FR",
                ),
                (
                    "say",
                    "Appuyez sur 1 pour confirmer, sur 2 pour nous parler.",
                    LEA,
                    "fr-FR",
                ),
                ("key", "1", 200),
                # The call's own words in French too (i18n/fr.po).
                ("say", "Merci. Au revoir.", LEA, "fr-FR"),
                ("hangup",),
            ],
        )
        self.assertEqual(order.stage_id, self.stage_delivered)
        self.assertEqual(execution.call_key, "1")
        (note,) = order.message_ids.filtered(lambda m: "pressed" in (m.body or ""))
        self.assertIn(
            "The customer pressed 1 during the call of Delivery day call: the "
            "order moved to Delivered.",
            note.body,
        )
