# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Business events move orders, through Odoo's own sales, payment,
invoicing and delivery flows."""

from psycopg2.errors import UniqueViolation

from odoo.fields import Command
from odoo.tools import mute_logger

from .common import AutomationCase


class TestTriggers(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Chair",
                "type": "consu",
                "list_price": 100.0,
                "invoice_policy": "order",
            }
        )
        cls.order = cls.create_order(
            order_line=[
                Command.create({"product_id": cls.product.id, "product_uom_qty": 2})
            ]
        )

    def assertStage(self, stage, visit):
        self.assertEqual((self.order.stage_id, self.order.stage_visit), (stage, visit))

    def test_quotation_sent(self):
        self.order.action_quotation_sent()
        self.assertStage(self.stage_sent, 2)

    def test_quotation_sent_by_email(self):
        action = self.order.action_quotation_send()
        composer = (
            self.env["mail.compose.message"]
            .with_context(**action["context"])
            .create({})
        )
        composer.action_send_mail()
        self.assertEqual(self.order.state, "sent")
        self.assertStage(self.stage_sent, 2)
        self.assertIn(self.customer, self.order.message_ids[0].partner_ids)

    def test_confirmed_runs_the_rules_of_the_status(self):
        rule = self.make_rule(self.stage_confirmed, "Thanks")
        self.order.action_confirm()
        self.assertStage(self.stage_confirmed, 2)
        execution = self.executions(self.order, rule_id=rule.id)
        self.assertEqual((execution.state, execution.visit), ("scheduled", 2))
        self.assertEqual(self.jobs(execution).state, "pending")

    def test_cancelled_moves_back_from_anywhere(self):
        self.order.action_confirm()
        self.order.stage_id = self.stage_shipped
        self.order.action_cancel()
        self.assertStage(self.stage_cancelled, 4)

    def test_locked(self):
        self.env["sale.status.trigger"].create(
            {"event": "locked", "stage_id": self.stage_shipped.id}
        )
        self.order.action_confirm()
        self.order.action_lock()
        self.assertStage(self.stage_shipped, 3)

    def test_payment_received_and_confirmation_in_one_transaction(self):
        provider = self.env["payment.provider"].create(
            {
                "name": "Test provider",
                "code": "none",
                "state": "test",
                "payment_method_ids": [
                    Command.set(self.env.ref("payment.payment_method_unknown").ids)
                ],
            }
        )
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": self.order.amount_total,
                "currency_id": self.order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "SSA-TEST-1",
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(self.order.ids)],
            }
        )
        transaction._set_done()
        self.assertStage(self.stage_paid, 2)
        # What the payment's post-processing does next for a fully paid order.
        self.order.action_confirm()
        # Paid is past Confirmed: the later confirmation leaves the order there.
        self.assertStage(self.stage_paid, 2)

    def test_only_the_status_the_order_settles_in_plans_its_rules(self):
        self.env["sale.status.trigger"].create(
            {"event": "locked", "stage_id": self.stage_shipped.id}
        )
        confirmed_rule = self.make_rule(self.stage_confirmed, "Thanks")
        shipped_rule = self.make_rule(self.stage_shipped, "On its way")
        # Confirmed, then locked, in one write: the order passes through
        # Confirmed and settles in Shipped.
        self.order.write({"state": "sale", "locked": True})
        self.assertStage(self.stage_shipped, 3)
        self.assertFalse(self.executions(self.order, rule_id=confirmed_rule.id))
        execution = self.executions(self.order, rule_id=shipped_rule.id)
        self.assertEqual((execution.state, execution.visit), ("scheduled", 3))
        self.assertEqual(self.jobs(execution).state, "pending")

    def test_a_trigger_to_an_archived_status_moves_nothing(self):
        self.stage_paid.active = False
        self.env["sale.status.trigger"]._fire("payment_received", self.order)
        self.assertStage(self.stage_new, 1)

    def test_without_the_web_shop_every_quotation_is_an_order(self):
        # This database has no website_sale: no carts, nothing placed in a
        # shop, no abandoned cart, whatever the shop settings say.
        self.assertNotIn("website_id", self.env["sale.order"]._fields)
        self.env.ref("sale_status_automation.stage_abandoned_cart").active = True
        web_orders = self.env["sale.order.stage"].create(
            {"name": "Web orders", "sequence": 35}
        )
        self.env["sale.status.trigger"].create(
            {"event": "placed_in_shop", "stage_id": web_orders.id}
        )
        rule = self.make_rule(self.stage_new, "Quotation ready")
        quotation = self.create_order()
        self.assertEqual(self.executions(quotation, rule_id=rule.id).state, "scheduled")
        self.env["sale.status.trigger"]._cron_fire_cart_abandoned()
        self.assertEqual(quotation.stage_id, self.stage_new)
        quotation.action_confirm()
        self.assertEqual(quotation.stage_id, self.stage_confirmed)

    def test_invoice_paid(self):
        self.env["sale.status.trigger"].create(
            {"event": "invoice_paid", "stage_id": self.stage_shipped.id}
        )
        self.order.action_confirm()
        invoice = self.order._create_invoices()
        invoice.action_post()
        self.assertStage(self.stage_confirmed, 2)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertStage(self.stage_shipped, 3)

    def test_shipped_once_every_outgoing_delivery_is_done(self):
        self.order.action_confirm()
        picking = self.order.picking_ids
        self.assertEqual(picking.picking_type_code, "outgoing")
        # One chair leaves now, the other one later, in a backorder.
        picking.move_ids.write({"quantity": 1, "picked": True})
        action = picking.button_validate()
        self.env[action["res_model"]].with_context(**action["context"]).create(
            {}
        ).process()
        self.assertEqual(picking.state, "done")
        self.assertStage(self.stage_confirmed, 2)
        backorder = self.order.picking_ids - picking
        backorder.move_ids.write({"quantity": 1, "picked": True})
        backorder.button_validate()
        self.assertEqual(backorder.state, "done")
        # The goods left: Shipped. Delivered is the customer's, set by hand.
        self.assertStage(self.stage_shipped, 3)

    def test_forward_only_unless_moving_back_is_allowed(self):
        trigger = self.env.ref("sale_status_automation.trigger_confirmed")
        self.order.stage_id = self.stage_paid
        self.order.action_confirm()
        self.assertStage(self.stage_paid, 2)
        trigger.allow_back = True
        self.env["sale.status.trigger"]._fire("confirmed", self.order)
        self.assertStage(self.stage_confirmed, 3)

    def test_same_event_twice_is_one_visit(self):
        # Confirmed takes sales orders only (issue 26): the event happens to one.
        self.order.action_confirm()
        self.env["sale.status.trigger"]._fire("confirmed", self.order)
        self.assertStage(self.stage_confirmed, 2)

    def test_company_trigger_replaces_the_shared_one(self):
        own_stage = self.env["sale.order.stage"].create(
            {"name": "Accepted", "sequence": 25, "company_id": self.other_company.id}
        )
        self.env["sale.status.trigger"].create(
            {
                "event": "confirmed",
                "stage_id": own_stage.id,
                "company_id": self.other_company.id,
            }
        )
        other_order = self.create_order(company_id=self.other_company.id)
        (self.order + other_order).write({"state": "sale"})
        self.assertEqual(other_order.stage_id, own_stage)
        self.assertStage(self.stage_confirmed, 2)

    def test_one_status_per_event_and_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
            self.env["sale.status.trigger"].create(
                {"event": "confirmed", "stage_id": self.stage_paid.id}
            )

    def test_board_columns_tell_what_moves_orders_in(self):
        self.assertEqual(self.stage_paid.trigger_summary, "Payment received")
        self.assertEqual(self.stage_shipped.trigger_summary, "Shipped")
        self.assertEqual(self.stage_delivered.trigger_summary, "manual moves only")
        # The archived Abandoned cart status has its trigger, which never fires.
        abandoned = self.env.ref("sale_status_automation.stage_abandoned_cart")
        self.assertTrue(abandoned.with_context(active_test=False).trigger_ids)
        self.assertEqual(abandoned.trigger_summary, "nothing: the status is archived")
