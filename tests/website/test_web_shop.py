# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Web shop carts through website_sale's own routes, paid with Odoo's demo
provider or by wire transfer: a cart is no order until it is placed."""

from ast import literal_eval
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..common import AutomationCase


@tagged("post_install", "-at_install")
class TestWebShop(AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.shopper = new_test_user(
            cls.env,
            "ssa_shopper",
            password="ssa_shopper_pw",
            groups="base.group_portal",
        )
        cls.shopper.partner_id = cls.customer
        cls.product = cls.env["product.product"].create(
            {
                "name": "Gift card",
                "type": "service",
                "list_price": 50.0,
                "sale_ok": True,
                "is_published": True,
                "website_id": cls.website.id,
            }
        )
        cls.demo_provider = cls.env.ref("payment.payment_provider_demo")
        cls.demo_provider.write({"state": "test", "is_published": True})
        cls.wire_transfer = cls.env.ref("payment.payment_provider_transfer")
        cls.wire_transfer.write({"state": "enabled", "is_published": True})
        cls.stage_abandoned_cart = cls.env.ref(
            "sale_status_automation.stage_abandoned_cart"
        )
        cls.rules = {
            stage: cls.make_rule(stage, f"Rule of {stage.name}")
            for stage in (
                cls.stage_new,
                cls.stage_sent,
                cls.stage_confirmed,
                cls.stage_paid,
                cls.stage_abandoned_cart,
            )
        }

    def rpc(self, route, **params):
        return self.make_jsonrpc_request(route, params)

    def add_to_cart(self):
        """The shopper's browser puts the product in the cart at /shop."""
        self.rpc(
            "/shop/cart/add",
            product_template_id=self.product.product_tmpl_id.id,
            product_id=self.product.id,
            quantity=2,
        )
        return self.env["sale.order"].search(
            [("partner_id", "=", self.customer.id)], order="id desc", limit=1
        )

    def pay(self, cart, provider, payment_method):
        """Checkout: the payment form's transaction, as the browser asks it."""
        return self.rpc(
            f"/shop/payment/transaction/{cart.id}",
            provider_id=provider.id,
            payment_method_id=payment_method.id,
            token_id=None,
            amount=cart.amount_total,
            flow="direct" if provider == self.demo_provider else "redirect",
            tokenization_requested=False,
            landing_route="/shop/payment/validate",
            access_token=cart._portal_ensure_token(),
        )["reference"]

    def pay_by_card(self, cart):
        reference = self.pay(
            cart, self.demo_provider, self.env.ref("payment_demo.payment_method_demo")
        )
        self.rpc(
            "/payment/demo/simulate_payment",
            reference=reference,
            payment_details="4242",
            simulated_state="done",
        )

    def pay_by_wire_transfer(self, cart):
        reference = self.pay(
            cart,
            self.wire_transfer,
            self.env.ref("payment_custom.payment_method_wire_transfer"),
        )
        response = self.url_open(
            "/payment/custom/process", data={"reference": reference}
        )
        self.assertEqual(response.status_code, 200)

    def land_on_the_status_page(self):
        """The payment status page polls: Odoo post-processes the payment."""
        self.rpc("/payment/status/poll")
        self.env.invalidate_all()

    def rules_run(self, order):
        """The rules planned for ``order``, by their status."""
        return {
            execution.stage_id: execution.state for execution in self.executions(order)
        }

    def test_a_cart_is_in_no_status_and_runs_no_rule(self):
        self.authenticate("ssa_shopper", "ssa_shopper_pw")
        cart = self.add_to_cart()
        self.assertEqual((cart.website_id, cart.state), (self.website, "draft"))
        self.assertTrue(cart.order_line)
        self.assertFalse(cart.stage_id)
        self.assertFalse(self.executions(cart))
        # A salesperson's quotation still starts in the first status.
        quotation = self.create_order()
        self.assertEqual(quotation.stage_id, self.stage_new)
        self.assertEqual(self.rules_run(quotation), {self.stage_new: "scheduled"})
        # The order pipeline shows orders, not carts.
        pipeline = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_status_automation.sale_order_action_pipeline"
        )
        listed = self.env["sale.order"].search(literal_eval(pipeline["domain"]))
        self.assertIn(quotation, listed)
        self.assertNotIn(cart, listed)

    def test_an_anonymous_visitor_cart_runs_no_rule(self):
        self.rpc(
            "/shop/cart/add",
            product_template_id=self.product.product_tmpl_id.id,
            product_id=self.product.id,
            quantity=1,
        )
        cart = self.env["sale.order"].search(
            [("website_id", "=", self.website.id)], order="id desc", limit=1
        )
        self.assertEqual(cart.partner_id, self.website.user_id.partner_id)
        self.assertFalse(cart.stage_id)
        self.assertFalse(self.executions(cart))

    def test_placed_with_a_done_payment_runs_the_rules_of_paid_only(self):
        self.authenticate("ssa_shopper", "ssa_shopper_pw")
        cart = self.add_to_cart()
        self.pay_by_card(cart)
        # The payment is done, and the cart not placed yet.
        self.assertEqual(cart.transaction_ids.state, "done")
        self.assertEqual(cart.state, "draft")
        self.assertFalse(cart.stage_id)
        self.land_on_the_status_page()
        self.assertEqual(cart.state, "sale")
        self.assertEqual(cart.stage_id, self.stage_paid)
        self.assertEqual(self.rules_run(cart), {self.stage_paid: "scheduled"})
        self.assertEqual(self.jobs(self.executions(cart)).state, "pending")

    def test_placed_with_an_authorized_payment_runs_the_rules_of_confirmed(self):
        self.demo_provider.capture_manually = True
        self.authenticate("ssa_shopper", "ssa_shopper_pw")
        cart = self.add_to_cart()
        self.pay_by_card(cart)
        self.land_on_the_status_page()
        transaction = cart.transaction_ids
        self.assertEqual(transaction.state, "authorized")
        self.assertEqual(cart.state, "sale")
        self.assertEqual(cart.stage_id, self.stage_confirmed)
        self.assertEqual(self.rules_run(cart), {self.stage_confirmed: "scheduled"})
        # The shop captures the payment: received.
        transaction.sudo()._capture()
        self.assertEqual(transaction.state, "done")
        self.assertEqual(cart.stage_id, self.stage_paid)
        self.assertEqual(
            self.rules_run(cart),
            {self.stage_confirmed: "cancelled", self.stage_paid: "scheduled"},
        )

    def test_placed_with_nothing_to_pay_runs_the_rules_of_confirmed(self):
        self.product.list_price = 0.0
        self.authenticate("ssa_shopper", "ssa_shopper_pw")
        cart = self.add_to_cart()
        self.assertFalse(cart.amount_total)
        response = self.url_open("/shop/payment/validate")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(cart.state, "sale")
        self.assertEqual(cart.stage_id, self.stage_confirmed)
        self.assertEqual(self.rules_run(cart), {self.stage_confirmed: "scheduled"})

    def test_placed_with_a_wire_transfer_runs_the_rules_of_quotation_sent(self):
        self.authenticate("ssa_shopper", "ssa_shopper_pw")
        cart = self.add_to_cart()
        self.pay_by_wire_transfer(cart)
        self.land_on_the_status_page()
        self.assertEqual(cart.transaction_ids.state, "pending")
        self.assertEqual(cart.state, "sent")
        self.assertEqual(cart.stage_id, self.stage_sent)
        self.assertEqual(self.rules_run(cart), {self.stage_sent: "scheduled"})
        # The transfer arrives; the sales manager confirms the order.
        cart.with_user(self.manager).action_confirm()
        self.assertEqual(cart.stage_id, self.stage_confirmed)
        self.assertEqual(
            self.rules_run(cart),
            {self.stage_sent: "cancelled", self.stage_confirmed: "scheduled"},
        )

    def test_placed_in_the_shop_moves_where_its_trigger_says(self):
        web_orders = self.env["sale.order.stage"].create(
            {"name": "Web orders", "sequence": 15}
        )
        self.env["sale.status.trigger"].create(
            {"event": "placed_in_shop", "stage_id": web_orders.id}
        )
        web_rule = self.make_rule(web_orders, "We received your order")
        self.authenticate("ssa_shopper", "ssa_shopper_pw")
        cart = self.add_to_cart()
        self.pay_by_wire_transfer(cart)
        self.land_on_the_status_page()
        # Placed, and its quotation sent: Quotation sent is further.
        self.assertEqual(cart.stage_id, self.stage_sent)
        self.stage_sent.active = False
        cart = self.add_to_cart()
        self.pay_by_wire_transfer(cart)
        self.land_on_the_status_page()
        self.assertEqual(cart.stage_id, web_orders)
        self.assertEqual(self.executions(cart).rule_id, web_rule)

    def abandon(self, cart, hours_ago):
        cart.date_order = fields.Datetime.now() - timedelta(hours=hours_ago)

    def run_abandoned_carts_cron(self):
        cron = self.env.ref("sale_status_automation.ir_cron_carts_abandoned")
        # It ran a quarter of an hour ago.
        cron.lastcall = fields.Datetime.now() - timedelta(minutes=15)
        cron.method_direct_trigger()
        self.env.invalidate_all()

    def test_abandoned_cart_reminders_stop_when_the_order_is_placed(self):
        self.authenticate("ssa_shopper", "ssa_shopper_pw")
        cart = self.add_to_cart()
        delay = self.website.cart_abandoned_delay
        self.abandon(cart, hours_ago=delay + 0.1)
        # Off by default: the seeded status is archived.
        self.run_abandoned_carts_cron()
        self.assertFalse(cart.stage_id)
        self.stage_abandoned_cart.active = True
        self.run_abandoned_carts_cron()
        self.assertEqual(cart.stage_id, self.stage_abandoned_cart)
        self.assertEqual(self.rules_run(cart), {self.stage_abandoned_cart: "scheduled"})
        # website_sale does not send its own recovery email on top.
        self.assertTrue(cart.cart_recovery_email_sent)
        # The customer comes back and pays.
        self.pay_by_card(cart)
        self.land_on_the_status_page()
        self.assertEqual(cart.stage_id, self.stage_paid)
        reminder = self.executions(cart, stage_id=self.stage_abandoned_cart.id)
        self.assertEqual(reminder.state, "cancelled")
        self.assertEqual(reminder.reason, "The order left the status Abandoned cart.")
        self.assertEqual(self.jobs(reminder).state, "cancelled")
        self.assertEqual(
            self.rules_run(cart),
            {self.stage_abandoned_cart: "cancelled", self.stage_paid: "scheduled"},
        )

    def test_only_carts_abandoned_since_the_last_run_get_reminders(self):
        self.stage_abandoned_cart.active = True
        delay = self.website.cart_abandoned_delay
        carts = {}
        for name, hours_ago in (
            ("not yet abandoned", delay - 0.1),
            ("just abandoned", delay + 0.1),
            ("abandoned last week", delay + 24 * 7),
        ):
            carts[name] = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "website_id": self.website.id,
                    "order_line": [
                        fields.Command.create({"product_id": self.product.id})
                    ],
                }
            )
            self.abandon(carts[name], hours_ago)
        emailed = carts["just abandoned"].copy({"website_id": self.website.id})
        emailed.cart_recovery_email_sent = True
        self.abandon(emailed, delay + 0.1)
        self.run_abandoned_carts_cron()
        self.assertEqual(
            {name: cart.stage_id for name, cart in carts.items()},
            {
                "not yet abandoned": self.stage_new.browse(),
                "just abandoned": self.stage_abandoned_cart,
                "abandoned last week": self.stage_new.browse(),
            },
        )
        self.assertFalse(emailed.stage_id, "website_sale emailed it already")
