# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.queue_job.job import CANCELLED, FAILED

from .sale_status_execution import FINISHED


class SaleStatusExecution(models.Model):
    """The settling cron: what a queue job left undone when it died or was
    ended from the Job Queue menu."""

    _inherit = "sale.status.execution"

    def _on_job_failed(self, exc_message=None, **_failure):
        """queue_job gave up on this execution's job: the provider kept
        failing until the retries ran out, or the job itself crashed."""
        for execution in self.exists():
            if execution.state == "scheduled":
                error = execution.reason or exc_message
                if execution.attempts:
                    error = self.env._(
                        "%(error)s (gave up after %(attempts)s attempts)",
                        error=error,
                        attempts=execution.attempts,
                    )
                execution._finish("failed", error)
            elif execution.state == "running":
                execution._finish("unknown", execution._may_have_left(exc_message))
            else:
                continue
            execution._start_next_or_leave_it_to_the_cron()

    @api.model
    def _cron_settle(self):
        """End the executions whose queue job ended without them, and start
        the rules still waiting for an ended one.

        queue_job's runner marks a job that died (worker killed, out of time)
        more often than it may be retried as failed in SQL, without calling
        ``_on_job_failed``; a job can also be cancelled or set failed from
        the Job Queue menu.
        """
        # sudo: the cron acts for the company; queue.job is managers' only.
        log = self.sudo()
        due = log.search(
            [
                ("state", "in", ("scheduled", "running")),
                ("job_uuid", "!=", False),
                ("scheduled_at", "<=", fields.Datetime.now()),
            ]
        )
        ended_jobs = log.env["queue.job"].search(
            [
                ("uuid", "in", due.mapped("job_uuid")),
                ("state", "in", (FAILED, CANCELLED)),
            ]
        )
        execution_of = {execution.job_uuid: execution for execution in due}
        for job in ended_jobs:
            execution = execution_of[job.uuid]
            if job.state == CANCELLED:
                execution._cancel(self.env._("Its queue job was cancelled."))
                execution._start_next_or_leave_it_to_the_cron()
            else:
                execution._on_job_failed(
                    exc_message=job.exc_message
                    or self.env._(
                        "Its queue job stopped %(times)s times before it ended (worker "
                        "killed or out of time)",
                        times=job.retry,
                    )
                )
        for execution in log._ended_before_a_waiting_one():
            execution._start_next_or_leave_it_to_the_cron()

    def _ended_before_a_waiting_one(self):
        """The executions that ended while the rule right after them, in the
        same visit, still waits: one query, however many rules wait (a
        search per waiting execution would grow with the shop)."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT previous_id FROM (
                    SELECT state,
                           LAG(id) OVER visit AS previous_id,
                           LAG(state) OVER visit AS previous_state
                      FROM sale_status_execution
                     WHERE is_test IS NOT TRUE
                       AND fallback_of_id IS NULL
                       AND (order_id, stage_id, visit) IN (
                           SELECT order_id, stage_id, visit
                             FROM sale_status_execution
                            WHERE state = 'waiting')
                    WINDOW visit AS (
                        PARTITION BY order_id, stage_id, visit
                        ORDER BY sequence, rule_id)
                ) chain
                 WHERE state = 'waiting' AND previous_state IN %s
                """,
                (*FINISHED, "cancelled"),
            )
        )
        return self.browse(previous_id for (previous_id,) in rows)
