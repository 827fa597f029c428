# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The SMS counter of the rule form: parts and encoding as carriers count
them, on the rendered text, with the author's rights."""

from odoo.tests import HttpCase, tagged

from ..channels.sms.sms_text import sms_parts
from .common import AutomationCase


@tagged("post_install", "-at_install")
class TestSmsCounter(AutomationCase, HttpCase):
    def test_parts_as_carriers_count_them(self):
        self.assertEqual(sms_parts("Ada, your order S00012 is paid."), (31, 1, "GSM-7"))
        self.assertEqual(sms_parts("a" * 160), (160, 1, "GSM-7"))
        self.assertEqual(sms_parts("a" * 161), (161, 2, "GSM-7"))
        self.assertEqual(sms_parts("{€}"), (6, 1, "GSM-7"))
        self.assertEqual(sms_parts("Merci ✓"), (7, 1, "Unicode"))
        self.assertEqual(sms_parts("😀" * 36), (72, 2, "Unicode"))

    def test_the_form_counts_the_rendered_text_with_the_company_limit(self):
        order = self.create_order()
        rule = self.make_rule(
            self.stage_paid,
            "Paid",
            sms_body="{{ object.partner_id.name }}, your order {{ object.name }} "
            "is now {{ object.stage_id.name }}.",
        )
        text = f"Ada Customer, your order {order.name} is now {order.stage_id.name}."
        self.assertEqual(
            rule.sms_length,
            f"{len(text)}/200 characters on {order.name}: 1 SMS (GSM-7)",
        )
        self.assertFalse(rule.sms_warning)
        self.company.sale_status_sms_max_length = 30
        rule.invalidate_recordset()
        self.assertTrue(rule.sms_length.startswith(f"{len(text)}/30 characters"))
        self.assertIn(f"{len(text)} characters, more than the 30", rule.sms_warning)

    def test_a_new_shop_counts_on_an_order_in_memory(self):
        new_shop = self.env["res.company"].create({"name": "New Shop"})
        self.env.user.company_ids += new_shop
        rule = (
            self.env["sale.status.rule"]
            .with_company(new_shop)
            .create(
                {
                    "name": "Paid",
                    "company_id": new_shop.id,
                    "stage_id": self.stage_paid.id,
                    "channel": "sms",
                    "sms_body": "{{ object.company_id.name }}: {{ object.name }}.",
                }
            )
        )
        self.assertFalse(rule._sample_order())
        self.assertEqual(
            rule.sms_length, "23/200 characters on Sample order: 1 SMS (GSM-7)"
        )

    def test_rendered_as_the_user_with_their_rights(self):
        order = self.create_order(user_id=self.manager.id)
        rule = self.make_rule(
            self.stage_paid, "Paid", sms_body="{{ object.name }} is paid."
        )
        self.assertIn(order.name, rule.with_user(self.manager).sms_length)
        # A placeholder running code, which only template editors may write,
        # is not run for someone else: no count rather than its output.
        rule.sms_body = "{{ object.name }} {{ object.sudo().env.user.login }}"
        self.assertFalse(rule.with_user(self.manager).sms_length)

    def test_the_shop_owner_sees_the_count_in_the_form(self):
        self.create_order()
        rule = self.make_rule(
            self.stage_paid,
            "Paid",
            sms_body="{{ object.partner_id.name }}, your order {{ object.name }} "
            "is now {{ object.stage_id.name }}.",
        )
        self.start_tour(
            f"/odoo/action-sale_status_automation.sale_status_rule_action/{rule.id}",
            "sale_status_automation_first_hour_sms_counter_tour",
            login=self.manager.login,
        )

    def test_the_form_shows_the_count_under_the_text(self):
        arch = self.env["sale.status.rule"].get_view(view_type="form")["arch"]
        self.assertIn('name="sms_length"', arch)
        self.assertNotIn("sms_widget", arch)
