# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import SEEDED_STATUSES, StatusPipelineCase


class TestStageSecurity(StatusPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_stage = cls.env["sale.order.stage"].create(
            {"name": "Other Shop only", "company_id": cls.other_company.id}
        )

    def test_salesman_reads_statuses_and_moves_orders(self):
        stages = self.env["sale.order.stage"].with_user(self.salesman).search([])
        self.assertEqual(
            stages.mapped("name"), [name for _xmlid, name in SEEDED_STATUSES]
        )
        order = self.create_order(env=self.env(user=self.salesman))
        order.stage_id = self.stage_paid
        self.assertEqual((order.stage_id, order.stage_visit), (self.stage_paid, 2))

    def test_salesman_cannot_edit_statuses(self):
        stage_as_salesman = self.stage_new.with_user(self.salesman)
        with self.assertRaises(AccessError):
            stage_as_salesman.name = "Renamed"
        with self.assertRaises(AccessError):
            stage_as_salesman.create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["sale.order.stage"].create({"name": "Unused"}).with_user(
                self.salesman
            ).unlink()

    def test_manager_edits_statuses(self):
        stages = self.env["sale.order.stage"].with_user(self.manager)
        created = stages.create({"name": "Packed", "sequence": 45})
        created.write({"name": "Packed and labelled", "fold": True})
        self.assertEqual(created.name, "Packed and labelled")
        created.unlink()
        self.assertFalse(created.exists())

    def test_other_company_statuses_are_invisible(self):
        stages = self.env["sale.order.stage"].with_user(self.salesman)
        self.assertNotIn(self.other_stage, stages.search([]))
        with self.assertRaises(AccessError):
            self.other_stage.with_user(self.salesman).read(["name"])

    def test_order_cannot_take_another_company_status(self):
        order = self.create_order()
        with self.assertRaisesRegex(UserError, "Other Shop only"):
            order.stage_id = self.other_stage

    def test_pipeline_columns_follow_the_active_companies(self):
        both = new_test_user(
            self.env,
            "ssa_both_companies",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[self.company.id, self.other_company.id],
        )

        def columns(companies):
            orders = (
                self.env["sale.order"]
                .with_user(both)
                .with_context(read_group_expand=True, allowed_company_ids=companies.ids)
            )
            groups = orders.web_read_group([], ["stage_id"], ["__count"])["groups"]
            return {group["stage_id"][1] for group in groups if group["stage_id"]}

        self.assertNotIn(self.other_stage.name, columns(self.company))
        self.assertIn(self.other_stage.name, columns(self.company + self.other_company))
