# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""19.0.1.4.0: the carts the previous version put in the first status leave
the pipeline when a web shop database is updated."""

from pathlib import Path

from odoo.fields import Command
from odoo.modules.migration import load_script
from odoo.tools import SQL

from ..common import AutomationCase

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"


class TestCartMigration(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([], limit=1)
        cls.product = cls.env["product.product"].create(
            {"name": "Gift card", "type": "service", "list_price": 50.0}
        )
        cls.rule = cls.make_rule(cls.stage_new, "Thanks for your quotation request")

    def order_as_the_previous_version_made_it(self, **values):
        """A web shop order that entered the first status as it was created,
        and got its rules planned."""
        order = self.create_order(
            website_id=self.website.id,
            order_line=[Command.create({"product_id": self.product.id})],
            **values,
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE sale_order SET stage_id = NULL WHERE id = %s", order.id)
        )
        self.env.invalidate_all()
        order.stage_id = self.stage_new
        self.assertEqual(self.executions(order).state, "scheduled")
        return order

    def migrate(self):
        script = MIGRATIONS / "19.0.1.4.0" / "end-migrate.py"
        load_script(str(script), "sale_status_automation_1_4_0_end").migrate(
            self.env.cr, "19.0.1.3.0"
        )
        self.env.invalidate_all()

    def test_carts_leave_the_first_status_and_their_rules_are_cancelled(self):
        cart = self.order_as_the_previous_version_made_it()
        placed = self.order_as_the_previous_version_made_it()
        placed.action_quotation_sent()
        moved_by_hand = self.order_as_the_previous_version_made_it()
        moved_by_hand.stage_id = self.stage_paid
        self.migrate()
        self.assertFalse(cart.stage_id)
        execution = self.executions(cart)
        self.assertEqual(execution.state, "cancelled")
        self.assertEqual(self.jobs(execution).state, "cancelled")
        self.assertEqual(placed.stage_id, self.stage_sent)
        self.assertEqual(moved_by_hand.stage_id, self.stage_paid)
