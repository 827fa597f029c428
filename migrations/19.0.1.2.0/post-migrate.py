# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Quiet hours became sending hours, a resource.calendar.

19.0.1.1.0 kept quiet hours as company settings: a quiet window (from, until)
every day, and whole quiet days. Each company that used them gets a
calendar whose working hours are the rest of the week, in the company's time
zone, as its sending hours.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, sql

from odoo.addons.sale_status_automation.models.sale_status_execution_job import (
    JOB_MAX_RETRIES,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def sending_windows(quiet_from, quiet_until):
    """(from, to) hours of a day outside the quiet window."""
    if quiet_from > quiet_until:  # over midnight: 21:00 to 08:00
        return [(quiet_until, quiet_from)]
    return [
        window
        for window in ((0.0, quiet_from), (quiet_until, 24.0))
        if window[0] < window[1]
    ]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_quiet_hours(env)
    # data/queue_job_data.xml is not updated: give the job function the
    # handler of jobs that ran out of retries.
    function = env.ref(
        "sale_status_automation.queue_job_function_execution_run",
        raise_if_not_found=False,
    )
    if function:
        function.on_fail_method = "_on_job_failed"
    env["queue.job"].search(
        [("model_name", "=", "sale.status.execution"), ("max_retries", "=", 0)]
    ).write({"max_retries": JOB_MAX_RETRIES})


def migrate_quiet_hours(env):
    if not sql.column_exists(env.cr, "res_company", "sale_status_quiet_hours"):
        return
    days = ", ".join(f"sale_status_quiet_{day}" for day in WEEKDAYS)
    rows = env.execute_query(
        SQL(
            """SELECT id, sale_status_quiet_start, sale_status_quiet_end, %s
                 FROM res_company WHERE sale_status_quiet_hours""",
            SQL(days),
        )
    )
    for company_id, quiet_from, quiet_until, *quiet_days in rows:
        company = env["res.company"].browse(company_id)
        attendances = [
            (
                0,
                0,
                {
                    "name": f"{WEEKDAYS[weekday]} {start:g}-{end:g}",
                    "dayofweek": str(weekday),
                    "hour_from": start,
                    "hour_to": end,
                    "day_period": "morning" if start < 12 else "afternoon",
                },
            )
            for weekday, quiet in enumerate(quiet_days)
            if not quiet
            for start, end in sending_windows(quiet_from or 0.0, quiet_until or 0.0)
        ]
        calendar = env["resource.calendar"].create(
            {
                "name": env._("Sending hours of %s", company.name),
                "company_id": company.id,
                "tz": company.partner_id.tz or "UTC",
                "attendance_ids": [(5, 0, 0), *attendances],
            }
        )
        company.sale_status_calendar_id = calendar
