# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Orders moving between statuses: every move traced in the chatter, the
order state a status requires, the words of the pipeline."""

from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.mail.tools.discuss import Store

from .common import AutomationCase

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
PIPELINE_URL = "/odoo/action-sale_status_automation.sale_order_action_pipeline"


class PipelineCase(AutomationCase):
    def stage_changes(self, order):
        """The chatter's status changes of ``order``, oldest first, as
        (from, to) names."""
        self.flush_tracking()
        values = order.message_ids.sudo().tracking_value_ids.filtered(
            lambda value: value.field_id.name == "stage_id"
        )
        return [
            (value.old_value_char or False, value.new_value_char)
            for value in values.sorted("id")
        ]

    def order_with_a_line(self, **values):
        product = self.env["product.product"].create(
            {"name": "Gift card", "type": "service", "list_price": 50.0}
        )
        order = self.create_order(
            order_line=[(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            **values,
        )
        # Tracked from here on, as in the requests after the one creating it.
        self.flush_tracking()
        return order

    def tracked_order(self):
        order = self.create_order()
        self.flush_tracking()
        return order


class TestTracedMoves(PipelineCase):
    """Item 8: every move of the pipeline is in the chatter, whatever the
    context of the code that made it."""

    def test_a_quotation_sent_without_tracking_is_traced(self):
        # What Odoo's payment flow does for a pending web shop payment.
        order = self.tracked_order()
        order.with_context(tracking_disable=True).action_quotation_sent()
        self.assertEqual(order.stage_id, self.stage_sent)
        self.assertEqual(self.stage_changes(order), [("New", "Quotation sent")])

    def test_a_move_without_value_tracking_is_traced(self):
        order = self.tracked_order()
        order.with_context(mail_notrack=True).stage_id = self.stage_paid
        self.assertEqual(self.stage_changes(order), [("New", "Paid")])

    def test_a_pending_payment_moves_the_order_with_a_chatter_line(self):
        order = self.order_with_a_line()
        provider = self.env["payment.provider"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        provider.state = "test"
        transaction = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "SSA-PENDING-1",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        transaction._set_pending()
        transaction._post_process()
        self.assertEqual((order.state, order.stage_id), ("sent", self.stage_sent))
        self.assertEqual(self.stage_changes(order), [("New", "Quotation sent")])


class TestRequiredOrderState(PipelineCase):
    """Item 14: a status can require an Odoo state; Confirmed and Cancelled
    come configured."""

    def test_the_seeded_statuses_require_their_state(self):
        required = {
            stage: stage.required_order_state
            for stage in self.env["sale.order.stage"].search([])
            if stage.required_order_state
        }
        self.assertEqual(
            required, {self.stage_confirmed: "sale", self.stage_cancelled: "cancel"}
        )

    def test_a_quotation_moved_to_confirmed_by_hand_is_refused_with_the_action(self):
        rule = self.make_rule(self.stage_confirmed, "Your order is confirmed")
        order = self.create_order(user_id=self.salesman.id)
        with self.assertRaisesRegex(UserError, r"confirm it \(the Confirm button\)"):
            order.with_user(self.salesman).stage_id = self.stage_confirmed
        self.assertEqual(order.stage_id, self.stage_new)
        self.assertFalse(self.executions(order, rule_id=rule.id))

    def test_the_refusal_names_the_order_the_status_and_the_states(self):
        order = self.create_order(user_id=self.salesman.id)
        with self.assertRaises(UserError) as refusal:
            order.with_user(self.salesman).write({"stage_id": self.stage_cancelled.id})
        self.assertEqual(
            str(refusal.exception),
            f"{order.name} cannot be moved to Cancelled by hand: that status is for "
            f"orders in state “Cancelled”, and {order.name} is in state "
            "“Quotation”. To move it there, cancel it (the Cancel button).",
        )

    def test_a_confirmed_order_moves_there_and_back_by_hand(self):
        order = self.order_with_a_line(user_id=self.salesman.id)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.stage_id, self.stage_confirmed)
        order.with_user(self.salesman).stage_id = self.stage_paid
        order.with_user(self.salesman).stage_id = self.stage_confirmed
        self.assertEqual(order.stage_id, self.stage_confirmed)
        self.assertEqual(order.stage_visit, 4)

    def test_writing_the_state_with_the_status_is_accepted(self):
        # An import or an API call that sets both at once.
        order = self.create_order(user_id=self.salesman.id)
        order.with_user(self.manager).write(
            {"state": "cancel", "stage_id": self.stage_cancelled.id}
        )
        self.assertEqual(order.stage_id, self.stage_cancelled)

    def test_an_order_created_by_hand_in_confirmed_is_refused(self):
        with self.assertRaisesRegex(UserError, "confirm it"):
            self.create_order(
                env=self.env(user=self.salesman), stage_id=self.stage_confirmed.id
            )

    def test_a_trigger_leaves_an_order_of_another_state_where_it_is(self):
        # The company sends its quotations' "sent" event to Confirmed: the
        # quotation stays, and the salesperson's sending succeeds.
        self.env["sale.status.trigger"].create(
            {
                "event": "quotation_sent",
                "stage_id": self.stage_confirmed.id,
                "company_id": self.company.id,
            }
        )
        order = self.create_order(user_id=self.salesman.id)
        order.with_user(self.salesman).action_quotation_sent()
        self.assertEqual((order.state, order.stage_id), ("sent", self.stage_new))

    def test_a_status_without_requirement_takes_any_order(self):
        order = self.create_order(user_id=self.salesman.id)
        order.with_user(self.salesman).stage_id = self.stage_shipped
        self.assertEqual(order.stage_id, self.stage_shipped)

    def test_a_requirement_set_by_the_manager_applies(self):
        self.stage_paid.with_user(self.manager).required_order_state = "sale"
        order = self.create_order(user_id=self.salesman.id)
        with self.assertRaisesRegex(UserError, "Paid"):
            order.with_user(self.salesman).stage_id = self.stage_paid

    def test_the_status_form_and_list_show_the_requirement(self):
        stages = self.env["sale.order.stage"].with_user(self.manager)
        for view_type in ("form", "list"):
            arch = stages.get_views([(False, view_type)])["views"][view_type]["arch"]
            self.assertIn('name="required_order_state"', arch, view_type)

    def test_the_order_form_captions_the_pipeline_bar(self):
        arch = self.env["sale.order"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('string="Order Pipeline"', arch)


class TestPipelineWords(PipelineCase):
    """Item 19: the pipeline's labels say what they count and show."""

    def test_an_order_in_its_first_status_entered_one(self):
        order = self.create_order()
        self.assertEqual(order.stage_visit, 1)
        order.stage_id = self.stage_sent
        self.assertEqual(order.stage_visit, 2)
        labels = self.env["sale.order"].fields_get(["stage_visit"], ["string"])
        self.assertEqual(labels["stage_visit"]["string"], "Statuses Entered")

    def test_the_status_color_is_a_color(self):
        labels = self.env["sale.order.stage"].fields_get(["color"], ["string"])
        self.assertEqual(labels["color"]["string"], "Color")

    def test_an_order_entering_the_pipeline_says_so_in_words(self):
        order = self.create_order()
        self.flush_tracking()
        # An order in no status yet, as a web shop cart is.
        self.env.cr.execute(
            SQL("UPDATE sale_order SET stage_id = NULL WHERE id = %s", order.id)
        )
        order.invalidate_recordset()
        order.stage_id = self.stage_shipped
        self.flush_tracking()
        message = order.message_ids[0]
        self.assertEqual(message.body, "<p>Entered the order pipeline in Shipped.</p>")
        formatted = Store().add(message).get_result()["mail.message"][0]
        self.assertEqual(formatted["trackingValues"], [], "no “None → Shipped”")

    def test_a_move_between_statuses_shows_both(self):
        order = self.tracked_order()
        order.stage_id = self.stage_shipped
        self.flush_tracking()
        formatted = Store().add(order.message_ids[0]).get_result()["mail.message"][0]
        self.assertEqual(
            [
                (value["oldValue"], value["newValue"])
                for value in formatted["trackingValues"]
            ],
            [("New", "Shipped")],
        )


@tagged("post_install", "-at_install")
class TestPipelineUi(PipelineCase, HttpCase):
    """Items 8 and 14 as a shop owner meets them, in the browser."""

    def test_a_web_shop_order_shows_its_move_in_the_chatter(self):
        order = self.tracked_order()
        # The pending payment of a web shop checkout, as Odoo's payment
        # transaction sends the quotation: tracking off.
        order.with_context(tracking_disable=True).action_quotation_sent()
        self.flush_tracking()
        self.start_tour(
            f"{PIPELINE_URL}/{order.id}",
            "sale_status_automation_pipeline_traced_tour",
            login=self.manager.login,
        )

    def test_a_quotation_moves_to_confirmed_once_confirmed(self):
        rule = self.make_rule(self.stage_confirmed, "Your order is confirmed")
        # The board's only order in New: the tour drags the first card.
        self.env["sale.order"].search([("stage_id", "=", self.stage_new.id)]).write(
            {"stage_id": self.stage_sent.id}
        )
        order = self.order_with_a_line(user_id=self.manager.id)
        self.env.flush_all()
        self.start_tour(
            PIPELINE_URL,
            "sale_status_automation_pipeline_required_state_tour",
            login=self.manager.login,
        )
        self.assertEqual((order.state, order.stage_id), ("sale", self.stage_confirmed))
        self.assertEqual(len(self.executions(order, rule_id=rule.id)), 1)
