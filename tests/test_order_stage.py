# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tools import SQL

from odoo.addons.sale_status_automation.hooks import post_init_hook

from .common import SEEDED_STATUSES, StatusPipelineCase


class TestOrderStage(StatusPipelineCase):
    def test_seeded_statuses(self):
        stages = self.env["sale.order.stage"].search([])
        seeded = stages.filtered(lambda stage: stage.get_external_id()[stage.id])
        self.assertEqual(
            seeded.mapped("name"), [name for _xmlid, name in SEEDED_STATUSES]
        )
        self.assertFalse(seeded.company_id, "the seeded pipeline is shared")
        self.assertEqual(
            seeded.filtered("fold"), self.stage_delivered + self.stage_cancelled
        )
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "sale_status_automation"),
                ("model", "=", "sale.order.stage"),
            ]
        )
        abandoned_cart = self.env.ref("sale_status_automation.stage_abandoned_cart")
        self.assertEqual(
            sorted(data.mapped("res_id")), sorted((seeded + abandoned_cart).ids)
        )
        self.assertTrue(
            all(data.mapped("noupdate")), "users may rename seeded statuses"
        )
        # Opt-in, and never the status new orders start in.
        self.assertFalse(abandoned_cart.active)
        self.assertTrue(abandoned_cart.fold)
        self.assertGreater(abandoned_cart.sequence, seeded[-1].sequence)

    def test_new_order_starts_in_first_status(self):
        with freeze_time("2026-03-02 09:30:00"):
            order = self.create_order()
        self.assertEqual(order.stage_id, self.stage_new)
        self.assertEqual(order.stage_visit, 1)
        self.assertEqual(order.stage_date, datetime(2026, 3, 2, 9, 30))

    def test_order_form_shows_first_status_before_saving(self):
        form = Form(self.env["sale.order"])
        self.assertEqual(form.stage_id, self.stage_new)
        form.partner_id = self.customer
        self.assertEqual(form.save().stage_visit, 1)

    def test_first_status_is_per_company(self):
        own_first = self.env["sale.order.stage"].create(
            {"name": "Inbox", "sequence": 1, "company_id": self.other_company.id}
        )
        other_order = self.create_order(company_id=self.other_company.id)
        order = self.create_order()
        self.assertEqual(other_order.stage_id, own_first)
        self.assertEqual(order.stage_id, self.stage_new)

    def test_first_status_follows_the_statuses_changes(self):
        # The first status is kept between requests (every order created
        # asks for it): each change of the statuses that decides it counts.
        def first():
            return Form(self.env["sale.order"]).stage_id

        self.assertEqual(first(), self.stage_new)
        inbox = self.env["sale.order.stage"].create({"name": "Inbox", "sequence": -1})
        self.assertEqual(first(), inbox)
        inbox.sequence = 100
        self.assertEqual(first(), self.stage_new)
        inbox.sequence = -1
        self.assertEqual(first(), inbox)
        inbox.active = False
        self.assertEqual(first(), self.stage_new)
        inbox.write({"active": True, "company_id": self.other_company.id})
        self.assertEqual(first(), self.stage_new)
        other_order = self.create_order(company_id=self.other_company.id)
        self.assertEqual(other_order.stage_id, inbox)
        earlier = self.env["sale.order.stage"].create(
            {"name": "Earlier", "sequence": -2}
        )
        self.assertEqual(first(), earlier)
        earlier.unlink()
        self.assertEqual(first(), self.stage_new)

    def test_entering_a_status_starts_a_visit(self):
        order = self.create_order()
        with freeze_time("2026-03-03 10:00:00"):
            order.stage_id = self.stage_paid
        self.assertEqual(order.stage_visit, 2)
        self.assertEqual(order.stage_date, datetime(2026, 3, 3, 10, 0))

        with freeze_time("2026-03-04 10:00:00"):
            order.write({"stage_id": self.stage_paid.id, "note": "same status"})
        self.assertEqual(order.stage_visit, 2, "writing the same status is no entry")
        self.assertEqual(order.stage_date, datetime(2026, 3, 3, 10, 0))

        order.stage_id = self.stage_new
        order.stage_id = self.stage_paid
        self.assertEqual(order.stage_visit, 4, "coming back is a new visit")

    def test_bulk_write_starts_a_visit_for_each_entering_order(self):
        fresh, travelled, arrived = (
            self.create_order(),
            self.create_order(),
            self.create_order(),
        )
        travelled.stage_id = self.stage_sent
        travelled.stage_id = self.stage_new
        arrived.stage_id = self.stage_confirmed
        orders = fresh + travelled + arrived
        self.assertEqual(orders.mapped("stage_visit"), [1, 3, 2])

        orders.write({"stage_id": self.stage_confirmed.id})

        self.assertEqual(orders.stage_id, self.stage_confirmed)
        self.assertEqual(orders.mapped("stage_visit"), [2, 4, 2])

    def test_kanban_drag_changes_the_status(self):
        order = self.create_order()
        # What the kanban view sends when a card is dropped in another column.
        order.web_save({"stage_id": self.stage_shipped.id}, {})
        self.assertEqual(order.stage_id, self.stage_shipped)
        self.assertEqual(order.stage_visit, 2)

    def test_status_change_is_tracked_in_chatter(self):
        order = self.create_order()
        self.flush_tracking()
        order.stage_id = self.stage_paid
        self.flush_tracking()
        tracking = order.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "stage_id"
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, "New")
        self.assertEqual(tracking.new_value_char, "Paid")

    def test_company_change_enters_the_first_status_of_the_new_company(self):
        own_first = self.env["sale.order.stage"].create(
            {"name": "Inbox", "sequence": 1, "company_id": self.other_company.id}
        )
        order = self.create_order(company_id=self.other_company.id)
        self.assertEqual((order.stage_id, order.stage_visit), (own_first, 1))

        order.company_id = self.company

        self.assertEqual((order.stage_id, order.stage_visit), (self.stage_new, 2))

    def test_duplicated_order_starts_over(self):
        order = self.create_order()
        order.stage_id = self.stage_paid
        copy = order.copy()
        self.assertEqual((copy.stage_id, copy.stage_visit), (self.stage_new, 1))

    def test_group_expand_shows_every_status_of_the_company(self):
        self.env["sale.order.stage"].create(
            {"name": "Elsewhere", "company_id": self.other_company.id}
        )
        order = self.create_order()
        # What the kanban view asks for its columns.
        result = (
            self.env["sale.order"]
            .with_context(read_group_expand=True, allowed_company_ids=self.company.ids)
            .web_read_group([("id", "=", order.id)], ["stage_id"], ["__count"])
        )
        columns = [group["stage_id"][1] for group in result["groups"]]
        counts = [group["__count"] for group in result["groups"]]
        self.assertEqual(columns, [name for _xmlid, name in SEEDED_STATUSES])
        self.assertEqual(counts, [1, 0, 0, 0, 0, 0, 0])

    def test_used_status_cannot_be_deleted(self):
        self.create_order()
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.stage_new.unlink()
        unused = self.env["sale.order.stage"].create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_install_places_existing_orders_by_state(self):
        orders = {
            state: self.create_order() for state in ("draft", "sent", "sale", "cancel")
        }
        for state, order in orders.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order SET state = %s, stage_id = NULL, stage_visit = 0"
                    " WHERE id = %s",
                    state,
                    order.id,
                )
            )
        post_init_hook(self.env)
        placed = {
            state: (order.stage_id, order.stage_visit)
            for state, order in orders.items()
        }
        self.assertEqual(
            placed,
            {
                "draft": (self.stage_new, 1),
                "sent": (self.stage_sent, 1),
                "sale": (self.stage_confirmed, 1),
                "cancel": (self.stage_cancelled, 1),
            },
        )
