# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api
from odoo.fields import Domain


def migrate(cr, version):
    """Web shop carts are in no status now: take out of the pipeline the
    carts the previous version put in their company's first status, and
    cancel what it planned for them. A cart someone moved to another status
    stays there.

    An end script: website_sale, which this addon does not depend on, may
    load after it, and its fields are only known once every addon is.
    """
    env = api.Environment(cr, SUPERUSER_ID, {})
    orders = env["sale.order"]
    if "website_id" not in orders._fields:
        return
    stages = env["sale.order.stage"]
    carts = orders.search(
        Domain("website_id", "!=", False)
        & Domain("state", "=", "draft")
        & Domain("stage_id", "!=", False)
    )
    first_status = {
        company: stages._first_for_company(company) for company in carts.company_id
    }
    in_first_status = carts.filtered(
        lambda cart: cart.stage_id == first_status[cart.company_id]
    )
    in_first_status.write({"stage_id": False})
