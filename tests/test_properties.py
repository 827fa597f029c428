# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Random input through recipient resolution and rendering (Hypothesis)."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError, ValidationError

from odoo.addons.sale_status_automation.tools.sending import (
    ChannelError,
    SkipExecution,
)

from .common import AutomationCase

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
PHONE_LIKE = st.text(alphabet="0123456789 +-().x#*/", max_size=24)
ANY_TEXT = st.text(max_size=300)
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


class TestProperties(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(cls.stage_paid, "Random")
        cls.order.stage_id = cls.stage_paid
        cls.execution = cls.env["sale.status.execution"].search(
            [("order_id", "=", cls.order.id)]
        )

    @PROPERTY_SETTINGS
    @given(number=st.one_of(PHONE_LIKE, ANY_TEXT))
    def test_a_phone_is_e164_or_a_reason(self, number):
        try:
            formatted = self.env["sale.status.channel"]._phone_allowed(
                number, self.customer
            )
        except SkipExecution as skip:
            self.assertTrue(str(skip))
        else:
            self.assertRegex(formatted, E164)

    @PROPERTY_SETTINGS
    @given(text=ANY_TEXT, phone=st.one_of(PHONE_LIKE, st.none()))
    def test_an_sms_is_prepared_or_refused_with_a_reason(self, text, phone):
        self.customer.phone = phone or False
        try:
            self.rule.sms_body = text
        except (ValidationError, AccessError) as refused:  # on save, said clearly
            self.assertTrue(str(refused))
            return
        try:
            delivery = self.env["sale.status.channel.sms"]._prepare(self.execution)
        except (SkipExecution, ChannelError) as reason:
            self.assertTrue(str(reason))
        else:
            self.assertRegex(delivery.recipient, E164)
            self.assertLessEqual(
                len(delivery.content), self.company.sale_status_sms_max_length
            )


class TestSmsKeywordProperties(AutomationCase):
    """Twilio's keywords, however customers type them."""

    @PROPERTY_SETTINGS
    @given(
        keyword=st.sampled_from(
            ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "HELP", "INFO"]
        ),
        casing=st.lists(st.booleans(), min_size=11, max_size=11),
        before=st.text(alphabet=" \t\n", max_size=4),
        after=st.text(alphabet=" \t\n", max_size=4),
    )
    def test_a_keyword_in_any_case_and_spacing(self, keyword, casing, before, after):
        typed = (
            before
            + "".join(
                letter.lower() if lower else letter
                for letter, lower in zip(keyword, casing, strict=False)
            )
            + after
        )
        expected = "help" if keyword in ("HELP", "INFO") else "opt_out"
        self.assertEqual(
            self.env["sale.status.channel.sms"]._keyword(
                self.company, typed, "+32470123456"
            ),
            expected,
        )

    @PROPERTY_SETTINGS
    @given(text=ANY_TEXT)
    def test_a_sentence_is_a_reply_not_a_keyword(self, text):
        words = text.split()
        if len(words) < 2:
            return
        self.assertFalse(
            self.env["sale.status.channel.sms"]._keyword(
                self.company, text, "+32470123456"
            )
        )
