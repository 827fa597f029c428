# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL

# Views this version no longer has that extend a view it changes: Odoo would
# check them against the new parent before removing them, and fail.
GONE = ("sale_status_execution_view_pivot_call",)


def migrate(cr, version):
    """The log's pivot counts the outcomes and no longer lists the read and
    replied sums, after which the robocall's view added keys pressed: that
    view goes before the pivot is loaded again."""
    cr.execute(
        SQL(
            "DELETE FROM ir_ui_view WHERE id IN (SELECT res_id FROM ir_model_data "
            "WHERE module = 'sale_status_automation' AND model = 'ir.ui.view' "
            "AND name IN %s)",
            GONE,
        )
    )
    cr.execute(
        SQL(
            "DELETE FROM ir_model_data WHERE module = 'sale_status_automation' "
            "AND model = 'ir.ui.view' AND name IN %s",
            GONE,
        )
    )
