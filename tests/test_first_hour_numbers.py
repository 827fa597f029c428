# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a shop owner meets in the first hour (issue 26): numbers."""

import logging
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
CONTENT_SID = "HX" + "0123456789abcdef" * 2
# Saturday 7 March 2026, 11:00 in Brussels: outside shop hours.
SATURDAY = datetime(2026, 3, 7, 10, 0)
# Monday 9 March 2026, 08:00 in Brussels.
MONDAY_OPENING = datetime(2026, 3, 9, 7, 0)


class LogCase(AutomationCase):
    def log(self, rule, state, order=None, **values):
        """An execution of ``rule`` that ended just now in ``state``, on a
        new order unless told, for the order's visit."""
        executions = self.env["sale.status.execution"]
        order = order or self.create_order()
        return executions.create(
            {
                **executions._values_for(order, rule, order.stage_visit or 1),
                "state": state,
                "finished_at": fields.Datetime.now(),
                **values,
            }
        )


class TestTheCardsNumbers(LogCase):
    """Item 10: sent, delivered and failed apart; delivered ÷ sent, for the
    channels whose provider reports delivery."""

    def test_accepted_by_the_provider_is_not_delivered(self):
        """The issue's "75% delivered": 3 SMS Twilio accepted, none reported
        delivered, 1 failed."""
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        for _sent in range(3):
            self.log(rule, "sent")
        self.log(rule, "failed")
        self.assertRecordValues(
            rule,
            [
                {
                    "sent_recently": 3,
                    "delivered_recently": 0,
                    "delivery_reported": True,
                    "delivery_rate": 0,
                    "failed_recently": 1,
                }
            ],
        )

    def test_the_rate_is_delivered_over_sent_of_the_channels_that_report(self):
        """An SMS rule falling back to email: the emails, never reported
        delivered, do not lower the SMS delivery rate."""
        rule = self.make_rule(self.stage_paid, "SMS or email")
        self.log(rule, "delivered")
        self.log(rule, "sent")
        self.log(rule, "sent", channel="email")
        self.log(rule, "sent", channel="email")
        self.assertRecordValues(
            rule,
            [{"sent_recently": 4, "delivered_recently": 1, "delivery_rate": 50}],
        )

    def test_an_email_rule_shows_no_delivery_rate(self):
        rule = self.make_rule(
            self.stage_paid,
            "Paid email",
            channel="email",
            email_subject="Paid",
            email_body="<p>Thanks</p>",
        )
        self.log(rule, "sent")
        self.log(rule, "sent")
        self.assertRecordValues(
            rule, [{"sent_recently": 2, "delivery_reported": False}]
        )

    def test_sandbox_runs_and_test_sends_count_nowhere(self):
        rule = self.make_rule(self.stage_paid, "Tried out")
        self.log(rule, "sent", sandbox=True)
        self.log(rule, "delivered", is_test=True)
        self.log(rule, "failed", is_test=True, sandbox=True)
        self.assertRecordValues(
            rule,
            [
                {
                    "sent_recently": 0,
                    "delivered_recently": 0,
                    "failed_recently": 0,
                    "unknown_recently": 0,
                }
            ],
        )

    def test_each_counter_opens_exactly_the_executions_it_counts(self):
        rule = self.make_rule(self.stage_paid, "Counted")
        counted = {
            "sent": self.log(rule, "sent") | self.log(rule, "delivered"),
            "delivered": self.env["sale.status.execution"],
            "failed": self.log(rule, "failed"),
            "unknown": self.log(rule, "unknown"),
        }
        counted["delivered"] = counted["sent"].filtered(
            lambda execution: execution.state == "delivered"
        )
        # Not counted: old, a test, a sandbox run, skipped, another rule's.
        self.log(rule, "sent", finished_at=datetime.now() - timedelta(days=31))
        self.log(rule, "sent", is_test=True)
        self.log(rule, "failed", sandbox=True)
        self.log(rule, "skipped")
        self.log(self.make_rule(self.stage_paid, "Other"), "sent")
        counters = {
            "sent": rule.sent_recently,
            "delivered": rule.delivered_recently,
            "failed": rule.failed_recently,
            "unknown": rule.unknown_recently,
        }
        log = self.env["sale.status.execution"].with_user(self.manager)
        for outcome, executions in counted.items():
            action = (
                rule.with_user(self.manager)
                .with_context(outcome=outcome)
                .action_open_recent_log()
            )
            opened = log.search(action["domain"])
            self.assertEqual(opened, executions, outcome)
            self.assertEqual(len(opened), counters[outcome], outcome)


class TestSandboxAndTestSendsSaySo(MockEmail, AutomationCase):
    """Item 11: a sandbox run is not "Sent", a test send is no note in the
    customer's chatter."""

    SANDBOX_NOTE = "Not sent (sandbox: nothing left the server)"

    def notes(self, order):
        return order.message_ids.filtered(
            lambda message: message.message_type == "notification"
        )

    def test_a_sandbox_run_is_logged_as_not_sent(self):
        self.make_rule(self.stage_paid, "Paid SMS", sms_body="Paid, thanks")
        order = self.create_order()
        order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        with self.assertLogs(self.SANDBOX_LOGGER, logging.INFO):
            self.run_job(execution)
        self.assertRecordValues(
            execution, [{"state": "sent", "sandbox": True, "kind": "Sandbox"}]
        )
        note = self.notes(order)[0]
        self.assertIn(self.SANDBOX_NOTE, note.body)
        self.assertNotIn(": Sent", note.body)
        self.assertIn(f"would go to {CUSTOMER_E164}", note.body)

    def test_a_test_send_says_sandbox_and_leaves_the_customers_chatter_alone(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS", sms_body="Paid, thanks")
        order = self.create_order()
        notes_before = self.notes(order)
        test = (
            self.env["sale.status.rule.test"]
            .with_user(self.manager)
            .create({"rule_id": rule.id, "order_id": order.id})
        )
        with self.assertLogs(self.SANDBOX_LOGGER, logging.INFO):
            test.action_send()
        self.assertEqual(test.outcome, self.SANDBOX_NOTE)
        self.assertEqual(test.execution_id.kind, "Test, sandbox")
        order.invalidate_recordset(["message_ids"])
        self.assertEqual(self.notes(order), notes_before)

    def test_a_real_test_send_is_marked_as_a_test(self):
        self.company.sale_status_sandbox = False
        rule = self.make_rule(
            self.stage_paid,
            "Paid email",
            channel="email",
            email_subject="Paid",
            email_body="<p>Thanks</p>",
        )
        order = self.create_order()
        notes_before = self.notes(order)
        test = self.env["sale.status.rule.test"].create(
            {"rule_id": rule.id, "order_id": order.id, "destination": "me@example.com"}
        )
        with self.mock_mail_gateway():
            test.action_send()
        self.assertEqual(test.outcome, "Sent")
        self.assertEqual(test.execution_id.kind, "Test send")
        self.assertIn("me@example.com", test.execution_id.kind_help)
        order.invalidate_recordset(["message_ids"])
        self.assertEqual(self.notes(order), notes_before)


class TestBulkLogActions(LogCase):
    """Item 18: a mixed selection is acted on where it can be; the dialog
    says what it did and what it left out."""

    def wizard(self, executions, action):
        return (
            self.env["sale.status.execution.action"]
            .with_user(self.manager)
            .with_context(
                active_model="sale.status.execution", active_ids=executions.ids
            )
            .create({"action": action})
        )

    def test_send_again_sends_the_failed_ones_and_lists_the_others(self):
        order = self.create_order()
        order.stage_id = self.stage_paid  # no rule yet: nothing planned
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        failed = self.log(rule, "failed", order=order)
        delivered = self.log(rule, "delivered")
        wizard = self.wizard(failed | delivered, "retry")
        self.assertEqual(wizard.actionable_ids, failed)
        self.assertEqual(
            wizard.refused,
            f"{delivered.display_name}: only failed executions, or executions with "
            "an unknown outcome, can be sent again (this one: Delivered).",
        )
        wizard.action_apply()
        self.assertEqual((failed.state, delivered.state), ("scheduled", "delivered"))
        self.assertEqual(
            wizard.done,
            "Scheduled to be sent again now:\n"
            f"• {failed.display_name}\n\n"
            "Left out:\n"
            f"• {delivered.display_name}: only failed executions, or executions "
            "with an unknown outcome, can be sent again (this one: Delivered).",
        )

    def test_cancel_cancels_what_did_not_start_and_lists_the_rest(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        scheduled = self.log(rule, "scheduled", finished_at=False)
        sent = self.log(rule, "sent")
        wizard = self.wizard(scheduled | sent, "cancel")
        wizard.action_apply()
        self.assertEqual((scheduled.state, sent.state), ("cancelled", "sent"))
        self.assertIn(f"Cancelled:\n• {scheduled.display_name}", wizard.done)
        self.assertIn(f"Left out:\n• {sent.display_name}: only executions", wizard.done)

    def test_nothing_to_act_on_says_why(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        sent = self.log(rule, "sent")
        wizard = self.wizard(sent, "mark_sent")
        self.assertFalse(wizard.actionable_ids)
        with self.assertRaisesRegex(UserError, "only executions with an unknown"):
            wizard.action_apply()
        self.assertEqual(sent.state, "sent")

    def test_a_test_send_is_not_sent_again(self):
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        test = self.log(rule, "failed", is_test=True, visit=0)
        wizard = self.wizard(test, "retry")
        self.assertIn("a test send is not sent again", wizard.refused)


@tagged("post_install", "-at_install")
class TestPreviewCards(FakeTwilioCase, AutomationCase, HttpCase):
    """Item 17: a readable card per rule: who, what (rendered), when (in the
    customer's time), why not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sender = cls.connect_company_to_the_fake(TWILIO_NUMBER)
        sender.sale_status_whatsapp = True
        cls.order = cls.create_order()

    def preview(self, order=None):
        return (
            self.env["sale.status.preview"]
            .with_user(self.manager)
            .with_context(default_order_id=(order or self.order).id)
            .create({})
        )

    def test_a_whatsapp_template_shows_its_variables_not_json(self):
        self.make_rule(
            self.stage_paid,
            "Paid on WhatsApp",
            channel="whatsapp",
            whatsapp_content_sid=CONTENT_SID,
            whatsapp_variable_ids=[
                fields.Command.create(
                    {"key": "1", "value": "{{ object.partner_id.name }}"}
                ),
                fields.Command.create({"key": "2", "value": "{{ object.name }}"}),
            ],
        )
        self.order.stage_id = self.stage_paid
        (line,) = self.preview().line_ids
        self.assertEqual(
            line.content, f"{{{{1}}}} = Ada Customer\n{{{{2}}}} = {self.order.name}"
        )
        self.assertEqual(line.details, f"WhatsApp template {CONTENT_SID}")
        self.assertEqual(line.recipient, CUSTOMER_E164)

    def test_a_call_says_its_voice_and_language(self):
        self.make_rule(
            self.stage_paid,
            "Paid call",
            channel="call",
            call_text="Hello {{ object.partner_id.name }}",
            call_language="en-US",
            call_voice_id=self.voice("Polly.Joanna", "en-US").id,
        )
        self.order.stage_id = self.stage_paid
        (line,) = self.preview().line_ids
        self.assertEqual(line.content, "Hello Ada Customer")
        self.assertEqual(line.details, "Read by the voice Polly.Joanna, in en-US")

    def test_a_rule_held_by_the_sending_hours_says_when_and_why(self):
        # 08:00-12:00 and 13:00-17:00, Monday to Friday.
        self.company.sale_status_calendar_id = self.env["resource.calendar"].create(
            {"name": "Shop hours", "tz": "Europe/Brussels"}
        )
        self.make_rule(self.stage_paid, "Paid SMS", sms_body="Paid, thanks")
        with freeze_time(SATURDAY):
            self.order.stage_id = self.stage_paid
            preview = self.preview()
        (line,) = preview.line_ids
        self.assertEqual(line.timing, "immediately on entering")
        self.assertEqual(line.send_at, MONDAY_OPENING)
        self.assertIn("Held by the sending hours (Shop hours)", line.reason)
        self.assertEqual(
            line.when,
            "Mon 9 Mar 2026, 08:00 (Europe/Brussels, customer's time) — "
            "immediately on entering",
        )
        self.assertIn("Held by the sending hours", preview.cards)
        for label in ("Who", "What", "When", "Why not"):
            self.assertIn(f">{label}</span>", preview.cards)

    def test_the_cards_escape_what_the_rules_render(self):
        self.customer.name = "Ada <b>Bold</b>"
        self.make_rule(
            self.stage_paid, "Paid SMS", sms_body="Hi {{ object.partner_id.name }}"
        )
        self.order.stage_id = self.stage_paid
        cards = self.preview().cards
        self.assertIn("Hi Ada &lt;b&gt;Bold&lt;/b&gt;", cards)
        self.assertNotIn("<b>Bold", cards)


@tagged("post_install", "-at_install")
class TestNumbersUi(LogCase, HttpCase):
    """The log and the preview, as a sales manager meets them."""

    def test_the_log_hides_sandbox_runs_and_acts_on_a_mixed_selection(self):
        order = self.create_order()
        order.stage_id = self.stage_paid  # no rule yet: nothing planned
        failed = self.log(
            self.make_rule(self.stage_paid, "Bulk failed"), "failed", order=order
        )
        delivered = self.log(
            self.make_rule(self.stage_paid, "Bulk delivered"), "delivered"
        )
        self.log(self.make_rule(self.stage_paid, "Bulk sandbox"), "sent", sandbox=True)
        self.env.flush_all()
        self.start_tour(
            "/odoo/action-sale_status_automation.sale_status_execution_action",
            "sale_status_automation_numbers_log_tour",
            login=self.manager.login,
        )
        self.assertEqual((failed.state, delivered.state), ("scheduled", "delivered"))

    def test_the_preview_card_says_when_and_why_not(self):
        # Open one day of the week only, two days from now: whatever the
        # time the test runs, the rule is held.
        weekday = (datetime.now().weekday() + 2) % 7
        self.company.sale_status_calendar_id = self.env["resource.calendar"].create(
            {
                "name": "Closed today",
                "tz": "Europe/Brussels",
                "attendance_ids": [
                    fields.Command.create(
                        {
                            "name": "Open",
                            "dayofweek": str(weekday),
                            "hour_from": 9,
                            "hour_to": 17,
                        }
                    )
                ],
            }
        )
        self.make_rule(self.stage_paid, "Held SMS", sms_body="Your order is paid")
        order = self.create_order()
        order.stage_id = self.stage_paid
        self.env.flush_all()
        self.start_tour(
            f"/odoo/sales/{order.id}",
            "sale_status_automation_numbers_preview_tour",
            login=self.manager.login,
        )
