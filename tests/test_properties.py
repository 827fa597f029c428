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
