# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A whisper, for the staff only, never falls back on the customer; the
migration that clears such fallbacks."""

from pathlib import Path

from odoo.exceptions import ValidationError
from odoo.modules.migration import load_script
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import SQL

from .common import LiveChatCase

MIGRATION = (
    Path(__file__).resolve().parent.parent
    / "migrations"
    / "19.0.1.8.0"
    / "post-whisper_fallback.py"
)


@tagged("post_install", "-at_install")
class TestWhisperFallback(LiveChatCase, HttpCase):
    """Item 2: a whisper, for the staff only, never falls back on the
    customer."""

    def whisper(self, **values):
        return self.make_rule(
            self.stage_shipped,
            "Whisper",
            channel="chat",
            chat_whisper=True,
            chat_body="Order {{ object.name }} shipped.",
            **values,
        )

    def test_a_whisper_cannot_fall_back_on_the_customer(self):
        with self.assertRaisesRegex(ValidationError, "for the staff only"):
            self.whisper(fallback_channel="sms")
        rule = self.whisper()
        with self.assertRaisesRegex(ValidationError, "for the staff only"):
            rule.fallback_channel = "email"
        # Turning a chat rule with an SMS fallback into a whisper: refused too.
        chat = self.make_rule(
            self.stage_shipped, "Chat", channel="chat", fallback_channel="sms"
        )
        with self.assertRaisesRegex(ValidationError, "for the staff only"):
            chat.chat_whisper = True

    def test_the_form_offers_a_whisper_only_the_staff(self):
        form = Form(self.env["sale.status.rule"])
        form.name = "Whisper"
        form.stage_id = self.stage_shipped
        form.channel = "chat"
        form.customer_fallback = "sms"
        self.assertEqual(form.fallback_channel, "sms")
        form.chat_whisper = True
        self.assertFalse(form.fallback_channel)  # the SMS went with the choice
        form.staff_fallback = True
        self.assertEqual(form.fallback_channel, "employee")
        rule = form.save()
        self.assertEqual(rule.fallback_channel, "employee")
        self.assertIn("otherwise Employee notification", rule.summary)
        # The choice a customer-facing rule has never offers the staff.
        options = dict(
            self.env["sale.status.rule"]
            ._fields["customer_fallback"]
            ._description_selection(self.env)
        )
        self.assertNotIn("employee", options)

    def test_a_whisper_without_conversation_tells_the_salesperson(self):
        rule = self.whisper(fallback_channel="employee")
        order = self.create_order(user_id=self.salesman.id)
        order.stage_id = self.stage_shipped
        (execution,) = self.executions(order, rule_id=rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped")
        fallback = self.executions(order).filtered("fallback_of_id")
        self.assertEqual(fallback.channel, "employee")
        self.run_job(fallback)
        self.assertEqual(fallback.state, "sent", fallback.reason)
        self.assertEqual(fallback.recipient, self.salesman.name)
        # Nothing went to the customer.
        self.assertFalse(self.executions(order).filtered(lambda e: e.channel == "sms"))

    def test_a_whisper_log_names_its_operator_only(self):
        self.whisper()
        conversation = self.conversation(self.customer)
        order = self.create_order()
        order.stage_id = self.stage_shipped
        (execution,) = self.executions(order)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        operator = conversation.livechat_operator_id
        self.assertEqual(execution.recipient, f"{operator.name} (whisper, staff only)")
        self.assertNotIn(self.customer.name, execution.recipient)

    def test_the_migration_clears_a_customer_fallback_of_a_whisper(self):
        whisper = self.whisper()
        staff = self.whisper(fallback_channel="employee")
        chat = self.make_rule(
            self.stage_shipped, "Chat", channel="chat", fallback_channel="sms"
        )
        self.env.flush_all()
        # As an earlier version let it be saved.
        self.env.cr.execute(
            SQL(
                "UPDATE sale_status_rule SET fallback_channel = 'sms' WHERE id = %s",
                whisper.id,
            )
        )
        with self.assertLogs(level="WARNING") as logs:
            load_script(str(MIGRATION), "ssa_1_8_0_whisper_fallback").migrate(
                self.env.cr, "19.0.1.7.0"
            )
        self.env.invalidate_all()
        self.assertFalse(whisper.fallback_channel)
        self.assertEqual(staff.fallback_channel, "employee")
        self.assertEqual(chat.fallback_channel, "sms")
        self.assertIn("Whisper", logs.output[0])
