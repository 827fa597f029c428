# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo.fields import Domain
from odoo.tools import SQL, sql

from .tools.queue_jobs import cancel_jobs

# Where an order that existed before installation stands in the pipeline.
STATUS_OF_STATE = {
    "draft": "stage_new",
    "sent": "stage_sent",
    "sale": "stage_confirmed",
    "cancel": "stage_cancelled",
}


def pre_init_hook(env):
    # Creating the column here keeps Odoo from computing the status of every
    # existing order through the ORM: post_init_hook sets it in one query a state.
    if not sql.column_exists(env.cr, "sale_order", "stage_id"):
        sql.create_column(env.cr, "sale_order", "stage_id", "int4")


def post_init_hook(env):
    """Place the existing orders in the status matching their state.

    Nothing runs for them: they enter no status, they are found there.
    """
    for state, xmlid in STATUS_OF_STATE.items():
        stage = env.ref(f"sale_status_automation.{xmlid}", raise_if_not_found=False)
        if not stage:
            continue
        env.cr.execute(
            SQL(
                """UPDATE sale_order
                      SET stage_id = %(stage)s,
                          stage_visit = 1,
                          stage_date = COALESCE(date_order, create_date)
                    WHERE stage_id IS NULL AND state = %(state)s""",
                stage=stage.id,
                state=state,
            )
        )
    env["sale.order"].invalidate_model(["stage_id", "stage_visit", "stage_date"])


def uninstall_hook(env):
    """Cancel the queue jobs of executions that did not run: once the addon
    is gone, nothing could run them.

    Odoo deletes the statuses before it drops the orders' status column,
    whose foreign key refuses it: drop the key first (the column goes next).
    """
    for name in sql.get_foreign_keys(
        env.cr, "sale_order", "stage_id", "sale_order_stage", "id", "restrict"
    ):
        sql.drop_constraint(env.cr, "sale_order", name)
    cancel_jobs(
        env,
        Domain("model_name", "=", "sale.status.execution"),
        "Sale Status Automation was uninstalled.",
    )
