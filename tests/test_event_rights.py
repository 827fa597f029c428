# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Business events move orders whoever triggers them (issue 25, part 7).

An inventory user validating a delivery, an accountant paying an invoice or
confirming a payment may not read the order (Sales: own documents only, and
the order is another salesperson's). Odoo lets them do their job; the addon
must too, and move the order as the system, without handing them a read of
the order (not even a chatter message they authored on it).
"""

from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import AutomationCase


class EventRightsCase(AutomationCase):
    """An order of the salesperson, confirmed; an inventory administrator
    and an accountant who are salespersons with their own documents only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inventory_admin = new_test_user(
            cls.env,
            "ssa_inventory_admin",
            groups="stock.group_stock_manager,sales_team.group_sale_salesman",
        )
        cls.accountant = new_test_user(
            cls.env,
            "ssa_accountant",
            groups="account.group_account_invoice,sales_team.group_sale_salesman",
        )
        cls.env["sale.status.trigger"].create(
            {"event": "invoice_paid", "stage_id": cls.stage_delivered.id}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Chair",
                "type": "consu",
                "list_price": 100.0,
                "invoice_policy": "order",
            }
        )
        cls.order = cls.create_order(
            user_id=cls.salesman.id,
            order_line=[
                Command.create({"product_id": cls.product.id, "product_uom_qty": 2})
            ],
        )
        cls.order.action_confirm()
        # Tracked from here on: an order is not tracked in the transaction
        # that creates it.
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    def assertCannotRead(self, user):
        """``user`` still cannot read the order, nor any message on it."""
        self.flush_tracking()
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.order.with_user(user).read(["name", "stage_id"])
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "sale.order"), ("res_id", "=", self.order.id)])
        )
        self.assertFalse(messages)

    def assertMovedBySystem(self, stage):
        """The order is in ``stage``; its chatter says the system moved it."""
        self.flush_tracking()
        self.env.invalidate_all()
        self.assertEqual(self.order.stage_id, stage)
        tracking = self.order.message_ids.filtered(
            lambda message: (
                "stage_id" in message.sudo().tracking_value_ids.field_id.mapped("name")
            )
        )[:1]
        self.assertEqual(tracking.author_id, self.env.ref("base.partner_root"))

    def validate_delivery(self, user):
        """What ``user`` does in the delivery's form: set the quantities,
        then Validate, each in a request of its own (nothing in the cache)."""
        picking = self.order.picking_ids.with_user(user)
        self.env.invalidate_all()
        picking.move_ids.write({"quantity": 2, "picked": True})
        self.env.invalidate_all()
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def invoice(self):
        invoice = self.order._create_invoices()
        invoice.action_post()
        return invoice

    def make_transaction(self):
        provider = self.env["payment.provider"].create(
            {
                "name": "Wire transfer (test)",
                "code": "none",
                "state": "test",
                "payment_method_ids": [
                    Command.set(self.env.ref("payment.payment_method_unknown").ids)
                ],
            }
        )
        return self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": self.order.amount_total,
                "currency_id": self.order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "SSA-RIGHTS-1",
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(self.order.ids)],
            }
        )


class TestEventRights(EventRightsCase):
    def test_the_users_cannot_read_the_order(self):
        # What the other tests rely on: Odoo's record rules keep the order
        # from both users.
        self.assertCannotRead(self.inventory_admin)
        self.assertCannotRead(self.accountant)
        self.order.with_user(self.salesman).read(["name"])

    def test_inventory_admin_ships_another_salespersons_order(self):
        self.assertEqual(self.order.stage_id, self.stage_confirmed)
        self.validate_delivery(self.inventory_admin)
        self.assertMovedBySystem(self.stage_shipped)
        self.assertCannotRead(self.inventory_admin)

    def test_accountant_pays_another_salespersons_invoice(self):
        invoice = self.invoice()
        self.env.invalidate_all()
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertMovedBySystem(self.stage_delivered)
        self.assertCannotRead(self.accountant)

    def test_accountant_confirms_a_payment_of_another_salespersons_order(self):
        transaction = self.make_transaction()
        self.env.invalidate_all()
        transaction.with_user(self.accountant)._set_done()
        self.assertEqual(transaction.state, "done")
        self.assertMovedBySystem(self.stage_paid)
        self.assertCannotRead(self.accountant)

    def test_an_event_moves_the_order_whoever_fires_it(self):
        # A reply or a key pressed reaches _fire in whatever environment its
        # caller has: the trigger reads and moves the order itself, and
        # hands nothing back.
        self.env.invalidate_all()
        triggers = self.env["sale.status.trigger"].with_user(self.inventory_admin)
        self.assertIsNone(
            triggers._fire("shipped", self.order.with_user(self.inventory_admin))
        )
        self.assertMovedBySystem(self.stage_shipped)
        self.assertCannotRead(self.inventory_admin)

    def test_the_users_own_change_is_tracked_as_theirs(self):
        # Cancelling is the salesperson's own change of the order: the
        # status it moves to is in the same message, by the salesperson.
        self.order.with_user(self.salesman).action_cancel()
        self.flush_tracking()
        self.assertEqual(self.order.stage_id, self.stage_cancelled)
        tracking = self.order.message_ids.filtered(
            lambda message: (
                "stage_id" in message.sudo().tracking_value_ids.field_id.mapped("name")
            )
        )[:1]
        self.assertEqual(tracking.author_id, self.salesman.partner_id)


@tagged("post_install", "-at_install")
class TestEventRightsOverHttp(EventRightsCase, HttpCase):
    """The same, as the users' browsers and API clients do it."""

    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def json2(self, key, model, method, **body):
        return self.url_open(
            f"/json/2/{model}/{method}",
            json=body,
            headers={"Authorization": f"Bearer {key}"},
        )

    def test_inventory_admin_validates_in_the_browser(self):
        self.authenticate("ssa_inventory_admin", "ssa_inventory_admin")
        picking = self.order.picking_ids
        self.call_kw(
            "stock.move",
            "write",
            [picking.move_ids.ids, {"quantity": 2, "picked": True}],
        )
        self.call_kw("stock.picking", "button_validate", [picking.ids])
        self.env.invalidate_all()
        self.assertEqual(picking.state, "done")
        self.assertMovedBySystem(self.stage_shipped)
        with self.assertRaises(JsonRpcException) as refused:
            self.call_kw("sale.order", "read", [self.order.ids, ["name"]])
        self.assertIn("AccessError", str(refused.exception))

    def test_accountant_pays_over_the_json2_api(self):
        invoice = self.invoice()
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.accountant)
            ._generate("rpc", "books", datetime.now() + timedelta(days=1))
        )
        context = {"active_model": "account.move", "active_ids": invoice.ids}
        created = self.json2(
            key, "account.payment.register", "create", vals_list=[{}], context=context
        )
        self.assertEqual(created.status_code, 200, created.text)
        paid = self.json2(
            key,
            "account.payment.register",
            "action_create_payments",
            ids=created.json(),
            context=context,
        )
        self.assertEqual(paid.status_code, 200, paid.text)
        self.env.invalidate_all()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertMovedBySystem(self.stage_delivered)
        refused = self.json2(key, "sale.order", "read", ids=self.order.ids)
        self.assertEqual(refused.status_code, 403, refused.text)
        self.assertIn("AccessError", refused.text)
