# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

SEEDED_STATUSES = [
    ("stage_new", "New"),
    ("stage_sent", "Quotation sent"),
    ("stage_confirmed", "Confirmed"),
    ("stage_paid", "Paid"),
    ("stage_shipped", "Shipped"),
    ("stage_delivered", "Delivered"),
    ("stage_cancelled", "Cancelled"),
]


class StatusPipelineCase(TransactionCase):
    """Two companies, a customer, a salesperson and a sales manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Shop"})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Ada Customer",
                "email": "ada@example.com",
                "phone": "+32 470 12 34 56",
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            "ssa_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            "ssa_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        for xmlid, _name in SEEDED_STATUSES:
            setattr(cls, xmlid, cls.env.ref(f"sale_status_automation.{xmlid}"))

    @classmethod
    def create_order(cls, env=None, **values):
        env = env or cls.env
        return env["sale.order"].create({"partner_id": cls.customer.id, **values})

    def flush_tracking(self):
        """Let mail tracking post its messages, as it does at commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()
