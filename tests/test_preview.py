# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Preview automation's cards: what each rule would send to an order, when
and why not."""

from datetime import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
CONTENT_SID = "HX" + "0123456789abcdef" * 2
# Saturday 7 March 2026, 11:00 in Brussels: outside shop hours.
SATURDAY = datetime(2026, 3, 7, 10, 0)
# Monday 9 March 2026, 08:00 in Brussels.
MONDAY_OPENING = datetime(2026, 3, 9, 7, 0)


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
