# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import sql


def migrate(cr, version):
    """A rule's "ignore quiet hours" became "any time" (sending hours)."""
    if sql.column_exists(cr, "sale_status_rule", "ignore_quiet_hours"):
        sql.rename_column(
            cr, "sale_status_rule", "ignore_quiet_hours", "ignore_sending_hours"
        )
