# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

# The seeded statuses that now require an Odoo state, by the name they were
# seeded with, as data/sale_order_stage_data.xml seeds them for new databases.
REQUIRED_STATES = {
    "stage_confirmed": ("Confirmed", "sale"),
    "stage_cancelled": ("Cancelled", "cancel"),
}


def migrate(cr, version):
    """Confirmed is for sales orders and Cancelled for cancelled orders, as
    in a new database (the data file is not loaded again on update).

    A seeded status that the user renamed became their own status: it is
    left as it is. Its name is what tells, not its last write: dragging the
    statuses into another order or picking another color writes them too,
    and leaves them what they were.
    """
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (seeded_name, state) in REQUIRED_STATES.items():
        stage = env.ref(f"sale_status_automation.{xmlid}", raise_if_not_found=False)
        if not stage or stage.required_order_state:
            continue
        if stage.with_context(lang="en_US").name != seeded_name:
            _logger.info(
                "The status %s (seeded as %s) was renamed: it requires no Odoo "
                "state; set one on its form if it should.",
                stage.name,
                seeded_name,
            )
            continue
        stage.required_order_state = state
        elsewhere = env["sale.order"].search_count(
            [("stage_id", "=", stage.id), ("state", "!=", state)]
        )
        if elsewhere:
            # They stay: moving them would run rules. Only moves are checked.
            _logger.info(
                "%s order(s) are in the status %s without being in the Odoo "
                "state it now requires; they stay there.",
                elsewhere,
                stage.name,
            )
