# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Placeholders checked when the rule is saved: a field that does not
exist, with the author's rights, even without orders."""

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

from .common import AutomationCase


class TestPlaceholderChecks(AutomationCase):
    """Item 6: a placeholder naming no field is refused, orders or not."""

    def test_a_field_that_does_not_exist_is_refused_without_orders(self):
        company = self.other_company
        self.assertFalse(
            self.env["sale.order"].search_count([("company_id", "=", company.id)])
        )
        with self.assertRaisesRegex(
            ValidationError,
            r"the placeholder object.no_such_field reads no_such_field, which is "
            r"not a field of Sales Order",
        ):
            self.make_rule(
                self.stage_paid,
                "Broken",
                company_id=company.id,
                sms_body="Hello {{ object.no_such_field }}",
            )
        with self.assertRaisesRegex(
            ValidationError, r"reads nope, which is not a field of Contact"
        ):
            self.make_rule(
                self.stage_paid,
                "Broken",
                company_id=company.id,
                channel="email",
                email_body='<p>Hi <t t-out="object.partner_id.nope"/></p>',
            )
        with self.assertRaisesRegex(ValidationError, r"write \{\{ object.name \}\}"):
            self.make_rule(
                self.stage_paid, "Old", company_id=company.id, sms_body="${object.name}"
            )
        # What only rendering finds, rendered on an order built in memory.
        with self.assertRaisesRegex(
            ValidationError, r"object.partner_id.name.nope fails \(AttributeError\)"
        ):
            self.make_rule(
                self.stage_paid,
                "Broken",
                company_id=company.id,
                sms_body="{{ object.partner_id.name.nope }}",
            )
        rule = self.make_rule(
            self.stage_paid,
            "Fine",
            company_id=company.id,
            sms_body="{{ object.name }} for {{ object.partner_id.name }}: "
            "{{ object.amount_total }}",
        )
        self.assertFalse(
            self.env["sale.order"].search_count([("company_id", "=", company.id)])
        )
        self.assertTrue(rule)

    def test_a_sales_manager_is_checked_in_restricted_mode_without_orders(self):
        manager = new_test_user(
            self.env,
            "ssa_new_shop_manager",
            groups="sales_team.group_sale_manager",
            company_id=self.other_company.id,
            company_ids=[self.other_company.id],
        )
        Rule = self.env["sale.status.rule"].with_user(manager)
        with self.assertRaisesRegex(ValidationError, "no_such_field"):
            Rule.create(
                {
                    "name": "Broken",
                    "stage_id": self.stage_paid.id,
                    "channel": "sms",
                    "sms_body": "{{ object.no_such_field }}",
                }
            )
        rule = Rule.create(
            {
                "name": "Fine",
                "stage_id": self.stage_paid.id,
                "channel": "sms",
                "sms_body": "{{ object.name }} {{ object.partner_id.name }}",
            }
        )
        self.assertEqual(rule.company_id, self.other_company)
