# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Orders moving between statuses, in the web shop: a placed order's entry into the
pipeline is in its chatter, in words, although Odoo's payment flow sends the
quotation with tracking turned off."""

from odoo.tests import HttpCase, new_test_user, tagged

from ..common import AutomationCase


@tagged("post_install", "-at_install")
class TestShopOrderTraced(AutomationCase, HttpCase):
    def test_a_cart_paid_by_wire_transfer_enters_the_pipeline_in_the_chatter(self):
        website = self.env["website"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        shopper = new_test_user(
            self.env, "ssa_traced", password="ssa_traced_pw", groups="base.group_portal"
        )
        shopper.partner_id = self.customer
        product = self.env["product.product"].create(
            {
                "name": "Gift card",
                "type": "service",
                "list_price": 50.0,
                "is_published": True,
                "website_id": website.id,
            }
        )
        wire_transfer = self.env.ref("payment.payment_provider_transfer")
        wire_transfer.write({"state": "enabled", "is_published": True})
        self.authenticate("ssa_traced", "ssa_traced_pw")
        self.make_jsonrpc_request(
            "/shop/cart/add",
            {
                "product_template_id": product.product_tmpl_id.id,
                "product_id": product.id,
                "quantity": 1,
            },
        )
        cart = self.env["sale.order"].search(
            [("partner_id", "=", self.customer.id)], order="id desc", limit=1
        )
        self.flush_tracking()  # the cart was made in a request of its own
        reference = self.make_jsonrpc_request(
            f"/shop/payment/transaction/{cart.id}",
            {
                "provider_id": wire_transfer.id,
                "payment_method_id": self.env.ref(
                    "payment_custom.payment_method_wire_transfer"
                ).id,
                "token_id": None,
                "amount": cart.amount_total,
                "flow": "redirect",
                "tokenization_requested": False,
                "landing_route": "/shop/payment/validate",
                "access_token": cart._portal_ensure_token(),
            },
        )["reference"]
        self.url_open("/payment/custom/process", data={"reference": reference})
        # The payment status page polls: Odoo post-processes the payment and
        # sends the quotation, with tracking_disable.
        self.make_jsonrpc_request("/payment/status/poll", {})
        self.env.invalidate_all()
        self.assertEqual((cart.state, cart.stage_id), ("sent", self.stage_sent))
        self.flush_tracking()
        moves = cart.message_ids.sudo().tracking_value_ids.filtered(
            lambda value: value.field_id.name == "stage_id"
        )
        self.assertEqual(
            moves.mail_message_id.mapped("body"),
            ["<p>Entered the order pipeline in Quotation sent.</p>"],
        )
