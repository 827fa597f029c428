# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Keypad answers to a robocall: the fake Twilio plays the call's TwiML,
presses keys and posts them, signed, to the addon's Gather callback."""

import logging
from datetime import datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CALLER = "+15005550006"
LEA = "Polly.Lea-Neural"
# The call's own phrases, in the language of its French voice (i18n/fr.po;
# Odoo itself need not have French installed).
NO_ANSWER = "Nous n'avons pas reçu votre réponse. Au revoir."
NOT_AN_ANSWER = "Cette touche ne fait pas partie des réponses."


@tagged("post_install", "-at_install")
class TestCallKeys(FakeTwilioCase, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(CALLER)
        cls.salesman.partner_id.phone = "+32 2 555 01 00"
        cls.lea = cls.voice(LEA, "fr-FR")
        # A delivery-day robocall in French, read by a French neural voice.
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Livraison",
            channel="call",
            call_language="fr-FR",
            call_voice_id=cls.lea.id,
            call_text="Bonjour, votre commande {{ object.name }} arrive demain.",
            call_question="Appuyez sur 1 pour confirmer, 2 pour nous parler.",
            call_key_ids=[
                Command.create(
                    {"key": "1", "action": "move", "answer": "Merci, c'est noté."}
                ),
                Command.create({"key": "2", "action": "salesperson"}),
                Command.create(
                    {"key": "3", "action": "number", "phone": "+32 2 555 01 99"}
                ),
                Command.create({"key": "4", "action": "note", "answer": "Merci."}),
            ],
        )
        cls.env["sale.status.trigger"].create(
            {
                "event": "call_key",
                "reply_keywords": "1",
                "stage_id": cls.stage_delivered.id,
                "company_id": cls.company.id,
            }
        )
        cls.order = cls.create_order(user_id=cls.salesman.id)

    def call(self):
        self.order.stage_id = self.stage_paid
        self.order.stage_id = self.stage_shipped
        execution = self.executions(self.order, rule_id=self.rule.id)[-1]
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        return execution, self.fake_twilio.api_requests("Calls")[-1]

    def answer(self, request, keys=(), **options):
        self.env.flush_all()  # what the request that placed the call committed
        with self.allow_requests(all_requests=True):
            heard = self.fake_twilio.run_call(request, keys, **options)
        self.env.invalidate_all()
        return heard

    def key_notes(self):
        return self.order.message_ids.filtered(lambda m: "pressed" in (m.body or ""))

    def test_pressing_1_moves_the_order_and_is_on_the_log(self):
        keys = self.rule.call_key_ids
        self.assertEqual(keys.mapped("stage_id"), self.stage_delivered)  # key 1's
        execution, request = self.call()
        heard = self.answer(request, ["1"])
        self.assertEqual(
            heard,
            [
                (
                    "say",
                    f"Bonjour, votre commande {self.order.name} arrive demain.",
                    LEA,
                    "fr-FR",
                ),
                (
                    "say",
                    "Appuyez sur 1 pour confirmer, 2 pour nous parler.",
                    LEA,
                    "fr-FR",
                ),
                ("key", "1", 200),
                ("say", "Merci, c'est noté.", LEA, "fr-FR"),
                ("hangup",),
            ],
        )
        self.assertEqual(self.order.stage_id, self.stage_delivered)
        self.assertRecordValues(
            execution, [{"call_key": "1", "call_keys_pressed": 1, "state": "sent"}]
        )
        self.assertIn(
            "pressed 1 during the call of Livraison: the order moved to Delivered.",
            self.key_notes().body,
        )

    def test_the_same_key_posted_again_acts_once(self):
        execution, request = self.call()
        self.answer(request, ["1"])
        self.order.stage_id = self.stage_shipped  # moved back by hand
        # Twilio posts the Gather again when the answer came too late.
        heard = self.answer(request, ["1"])
        self.assertEqual(
            heard[-3:],
            [
                ("key", "1", 200),
                ("say", "Merci, c'est noté.", LEA, "fr-FR"),
                ("hangup",),
            ],
        )
        self.assertEqual(self.order.stage_id, self.stage_shipped)
        self.assertEqual(len(self.key_notes()), 1)
        self.assertEqual(execution.call_key, "1")

    def test_no_key_asks_once_more_then_ends_politely(self):
        execution, request = self.call()
        heard = self.answer(request, [])
        self.assertEqual(
            [step[1] if step[0] == "say" else step[0] for step in heard],
            [
                f"Bonjour, votre commande {self.order.name} arrive demain.",
                "Appuyez sur 1 pour confirmer, 2 pour nous parler.",
                "Appuyez sur 1 pour confirmer, 2 pour nous parler.",
                NO_ANSWER,
                "hangup",
            ],
        )
        self.assertFalse(execution.call_key)
        self.assertEqual(self.order.stage_id, self.stage_shipped)

    def test_a_key_that_is_no_answer_asks_again_once(self):
        execution, request = self.call()
        heard = self.answer(request, ["7", "8"])
        says = [step[1] for step in heard if step[0] == "say"]
        self.assertEqual(
            says[2:],
            [
                NOT_AN_ANSWER,
                "Appuyez sur 1 pour confirmer, 2 pour nous parler.",
                NOT_AN_ANSWER,
                "Au revoir.",
            ],
        )
        self.assertEqual(heard[-1], ("hangup",))
        self.assertFalse(execution.call_key)
        # The second chance takes a good key.
        heard = self.answer(request, ["9", "4"])
        self.assertEqual(heard[-2:], [("say", "Merci.", LEA, "fr-FR"), ("hangup",)])
        self.assertEqual(execution.call_key, "4")
        self.assertIn(
            "pressed 4 during the call of Livraison: noted.", self.key_notes().body
        )

    def test_the_question_is_asked_twice_at_most(self):
        """No key at the first asking, a wrong one at the second: the call
        ends, the question is not asked a third time."""
        execution, request = self.call()
        heard = self.answer(request, [None, "8"])
        self.assertEqual(
            [step[1] if step[0] == "say" else step[0] for step in heard],
            [
                f"Bonjour, votre commande {self.order.name} arrive demain.",
                "Appuyez sur 1 pour confirmer, 2 pour nous parler.",
                "Appuyez sur 1 pour confirmer, 2 pour nous parler.",
                "key",
                NOT_AN_ANSWER,
                "Au revoir.",
                "hangup",
            ],
        )
        self.assertFalse(execution.call_key)

    def test_a_key_for_a_status_behind_does_not_move_the_order(self):
        self.env["sale.status.trigger"].search([("event", "=", "call_key")]).write(
            {"stage_id": self.stage_paid.id}
        )
        execution, request = self.call()
        self.answer(request, ["1"])
        self.assertEqual(self.order.stage_id, self.stage_shipped)
        self.assertEqual(execution.call_key, "1")
        self.assertIn("no trigger", self.key_notes().body)

    def test_a_key_for_a_status_of_another_state_says_why_it_stays(self):
        self.env["sale.status.trigger"].search([("event", "=", "call_key")]).write(
            {"stage_id": self.stage_delivered.id}
        )
        self.stage_delivered.required_order_state = "cancel"
        execution, request = self.call()
        self.answer(request, ["1"])
        self.assertEqual(self.order.stage_id, self.stage_shipped)
        self.assertEqual(execution.call_key, "1")
        self.assertIn(
            "the order stays in Shipped: Delivered is for orders in another state",
            self.key_notes().body,
        )

    def test_keys_connect_the_call_to_the_salesperson_or_a_number(self):
        _execution, request = self.call()
        self.assertEqual(
            self.answer(request, ["2"])[-2:], [("dial", "+3225550100"), ("hangup",)]
        )
        _execution, request = self.call()
        self.assertEqual(
            self.answer(request, ["3"])[-2:], [("dial", "+3225550199"), ("hangup",)]
        )
        self.salesman.partner_id.phone = False
        execution, request = self.call()
        heard = self.answer(request, ["2"])
        self.assertEqual(
            heard[-2][1],
            "Personne ne peut prendre votre appel pour le moment ; nous vous "
            "rappellerons.",
        )
        self.assertIn("the salesperson has no phone number", self.key_notes()[0].body)
        self.assertEqual(execution.call_key, "2")

    def test_forged_key_callbacks_are_refused(self):
        execution, request = self.call()
        with self.assertLogs("odoo.addons.sale_status_automation", logging.WARNING):
            heard = self.answer(request, ["1"], signature="forged")
        self.assertEqual(heard[2:], [("key", "1", 403)])
        # Signed, but for a call the addon did not place.
        unknown = f"{self.base_url()}/sale_status_automation/twilio/call/999999/key"
        self.assertEqual(
            self.answer(request, ["1"], url=unknown)[2:], [("key", "1", 200)]
        )
        # Signed, for a call the addon placed, but posted to another call's
        # execution: that call hangs up, nothing is noted on either.
        other_order = self.create_order(user_id=self.salesman.id)
        other_order.stage_id = self.stage_shipped
        other = self.executions(other_order, rule_id=self.rule.id)
        self.run_job(other)
        self.assertEqual(other.state, "sent", other.reason)
        other_url = (
            f"{self.base_url()}/sale_status_automation/twilio/call/{other.id}/key"
        )
        self.assertEqual(
            self.answer(request, ["1"], url=other_url)[2:],
            [("key", "1", 200), ("hangup",)],
        )
        self.assertEqual(self.order.stage_id, self.stage_shipped)
        self.assertEqual(other_order.stage_id, self.stage_shipped)
        self.assertFalse(execution.call_key)
        self.assertFalse(other.call_key)
        self.assertFalse(self.key_notes())

    def test_a_test_call_moves_no_order(self):
        test = self.env["sale.status.rule.test"].create(
            {
                "rule_id": self.rule.id,
                "order_id": self.order.id,
                "destination": "+32 470 99 99 99",
            }
        )
        test.action_send()
        self.assertEqual(test.state, "sent", test.reason)
        request = self.fake_twilio.api_requests("Calls")[-1]
        self.assertEqual(request.form["To"], "+32470999999")
        heard = self.answer(request, ["1"])
        self.assertEqual(heard[2:], [("key", "1", 200), heard[3], ("hangup",)])
        self.assertEqual(heard[3][1], "Merci, c'est noté.")
        self.assertEqual(self.order.stage_id, self.stage_new)
        self.assertEqual(test.execution_id.call_key, "1")
        self.assertIn("a test call moves no order.", self.key_notes().body)

    def test_the_delivery_day_call_of_the_library(self):
        entry = self.env.ref("sale_status_automation.library_delivery_day_call")
        wizard = (
            self.env["sale.status.library.add"]
            .with_user(self.manager)
            .create({"entry_id": entry.id})
        )
        rule = self.env["sale.status.rule"].browse(wizard.action_add()["res_id"])
        rule.action_activate()  # added paused (issue 26)
        self.assertEqual(
            rule.summary,
            "Robocall to customer, on the delivery date at 09:00",
        )
        # Delivery on Thursday afternoon, Brussels time; shipped on Monday.
        order, execution = self.ship_and_run_on_delivery_day(
            rule, user_id=self.salesman.id
        )
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 5, 8, 0))
        self.assertEqual(execution.state, "sent", execution.reason)
        request = self.fake_twilio.api_requests("Calls")[-1]
        voice = "Polly.Joanna-Neural"  # the usual voice of the customer's en_US
        self.assertEqual(
            self.answer(request, ["1"]),
            [
                (
                    "say",
                    (
                        f"Hello Ada Customer. Your order {order.name} will be "
                        "delivered today."
                    ),
                    voice,
                    "en-US",
                ),
                (
                    "say",
                    (
                        "Press 1 to confirm that someone will be there to receive "
                        "it, or 2 to talk to us."
                    ),
                    voice,
                    "en-US",
                ),
                ("key", "1", 200),
                ("say", "Thank you. Goodbye.", voice, "en-US"),
                ("hangup",),
            ],
        )
        self.assertEqual(execution.call_key, "1")
        self.assertIn(
            "pressed 1 during the call of Delivery day call: noted.",
            order.message_ids[0].body,
        )
        # A French customer hears all of it in French, read by the usual
        # French voice: the library's texts come translated (i18n/fr.po).
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["sale_status_automation"], ["fr_FR"]
        )
        rule = self.env["sale.status.rule"].browse(
            self.env["sale.status.library.add"]
            .with_user(self.manager)
            .create({"entry_id": entry.id})
            .action_add()["res_id"]
        )
        rule.action_activate()
        self.customer.lang = "fr_FR"
        order, execution = self.ship_and_run_on_delivery_day(rule)
        self.assertEqual(execution.state, "sent", execution.reason)
        voice = "Polly.Lea-Neural"
        heard = self.answer(self.fake_twilio.api_requests("Calls")[-1], ["1"])
        self.assertEqual(
            [step[1:] if step[0] == "say" else step for step in heard],
            [
                (
                    (
                        f"Bonjour Ada Customer. Votre commande {order.name} sera "
                        "livrée aujourd'hui."
                    ),
                    voice,
                    "fr-FR",
                ),
                (
                    (
                        "Appuyez sur 1 pour confirmer que quelqu'un sera là pour "
                        "la recevoir, ou sur 2 pour nous parler."
                    ),
                    voice,
                    "fr-FR",
                ),
                ("key", "1", 200),
                ("Merci. Au revoir.", voice, "fr-FR"),
                ("hangup",),
            ],
        )

    def test_keys_pressed_add_up_in_the_log_insight(self):
        for keys in (["1"], [], ["4"]):
            _execution, request = self.call()
            self.answer(request, keys)
        groups = self.env["sale.status.execution"].formatted_read_group(
            [("rule_id", "=", self.rule.id)],
            ["rule_id"],
            ["call_keys_pressed:sum", "__count"],
        )
        self.assertEqual(
            [(g["call_keys_pressed:sum"], g["__count"]) for g in groups], [(2, 3)]
        )

    def test_where_a_key_moves_the_order_is_chosen_on_the_key(self):
        Trigger = self.env["sale.status.trigger"].with_user(self.manager)
        keys = self.rule.with_user(self.manager).call_key_ids
        key_1 = keys.filtered(lambda key: key.key == "1")
        key_4 = keys.filtered(lambda key: key.key == "4")
        self.assertEqual(key_1.stage_id, self.stage_delivered)
        trigger_1 = Trigger.search([("event", "=", "call_key")])
        # Another status for key 1: its trigger follows.
        key_1.stage_id = self.stage_cancelled
        self.assertEqual(Trigger.search([("event", "=", "call_key")]), trigger_1)
        self.assertEqual(trigger_1.stage_id, self.stage_cancelled)
        key_1.stage_id = self.stage_delivered
        # A key that noted now moves: the company gets its trigger.
        key_4.write({"action": "move", "stage_id": self.stage_delivered.id})
        trigger_4 = Trigger.search([("reply_keywords", "=", "4")])
        self.assertRecordValues(
            trigger_4,
            [{"stage_id": self.stage_delivered.id, "company_id": self.company.id}],
        )
        # A trigger of several keys keeps the others.
        shared = Trigger.create(
            {
                "event": "call_key",
                "reply_keywords": "5, 6",
                "stage_id": self.stage_paid.id,
                "company_id": self.company.id,
            }
        )
        key_5 = self.env["sale.status.call.key"].create(
            {"rule_id": self.rule.id, "key": "5", "action": "move"}
        )
        self.assertEqual(key_5.stage_id, self.stage_paid)
        key_5.stage_id = self.stage_delivered
        self.assertEqual(shared._reply_words(), {"6"})
        self.assertEqual(
            Trigger.search([("reply_keywords", "=", "5")]).stage_id,
            self.stage_delivered,
        )
        # Pressing 4 moves the order where the key said.
        execution, request = self.call()
        self.answer(request, ["4"])
        self.assertEqual(self.order.stage_id, self.stage_delivered)
        self.assertEqual(execution.call_key, "4")

    def test_key_settings_are_checked_on_save(self):
        with self.assertRaisesRegex(
            ValidationError, "not a phone number Twilio can call"
        ):
            self.env["sale.status.call.key"].create(
                {"rule_id": self.rule.id, "key": "5", "action": "number", "phone": "12"}
            )
        with self.assertRaisesRegex(ValidationError, "read by a voice"):
            self.make_rule(
                self.stage_shipped,
                "Audio",
                channel="call",
                call_mode="audio",
                call_audio_url="https://example.com/a.mp3",
                call_question="Press 1",
                call_key_ids=[Command.create({"key": "1"})],
            )
