# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The whole web shop, in a browser: a customer buys at /shop."""

from odoo.tests import HttpCase, new_test_user, tagged

from ..common import AutomationCase


@tagged("post_install", "-at_install")
class TestShopTour(AutomationCase, HttpCase):
    def test_a_customer_buys_at_the_shop_and_pays_by_wire_transfer(self):
        website = self.env["website"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        shopper = new_test_user(
            self.env, "ssa_buyer", password="ssa_buyer_pw", groups="base.group_portal"
        )
        shopper.partner_id.write(
            {
                "email": "buyer@example.com",
                "phone": "+32 470 99 88 77",
                "street": "Rue de la Loi 16",
                "city": "Brussels",
                "zip": "1000",
                "country_id": self.env.ref("base.be").id,
            }
        )
        product = self.env["product.product"].create(
            {
                "name": "Gift card",
                "type": "service",
                "list_price": 50.0,
                "is_published": True,
                "website_id": website.id,
            }
        )
        self.env.ref("payment.payment_provider_transfer").write(
            {"state": "enabled", "is_published": True}
        )
        rules = {
            stage: self.make_rule(stage, f"Rule of {stage.name}")
            for stage in (self.stage_new, self.stage_sent, self.stage_confirmed)
        }
        self.start_tour(
            product.website_url,
            "sale_status_automation_shop_checkout_tour",
            login=shopper.login,
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", shopper.partner_id.id)]
        )
        self.assertEqual((order.website_id, order.state), (website, "sent"))
        self.assertEqual(order.stage_id, self.stage_sent)
        self.assertEqual(
            self.executions(order).rule_id, rules[self.stage_sent], "Sent's only"
        )
