# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one place that stores and cancels queue jobs in bulk writes what
queue_job's own API writes: an upgrade of queue_job that changes those
values turns this red."""

from freezegun import freeze_time

from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.addons.sale_status_automation.tools.queue_jobs import cancel_jobs

from .common import AutomationCase

# Columns that differ between any two jobs.
OWN_COLUMNS = {"id", "uuid", "date_created", "create_date", "write_date"}


class TestQueueJobs(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_rule(cls.stage_paid, "First")
        cls.make_rule(cls.stage_paid, "Second", timing="delay", delay=2)

    def rows(self, executions):
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT * FROM queue_job WHERE uuid IN %s ORDER BY id",
                tuple(executions.mapped("job_uuid")),
            )
        )
        return [
            {key: value for key, value in row.items() if key not in OWN_COLUMNS}
            for row in rows
        ]

    @freeze_time("2026-03-02 10:00:00")
    def test_bulk_enqueue_stores_what_with_delay_stores(self):
        order = self.create_order()
        order.stage_id = self.stage_paid
        executions = self.executions(order)
        bulk = self.rows(executions)
        self.assertEqual(len(bulk), 2)
        self.jobs(executions).unlink()
        for execution in executions:
            job = execution.with_delay(**execution._job_options())._run()
            execution.job_uuid = job.uuid
        self.assertEqual(bulk, self.rows(executions))

    def test_one_execution_is_enqueued_through_with_delay(self):
        self.env["sale.status.rule"].search([("name", "=", "Second")]).active = False
        order = self.create_order()
        with trap_jobs() as trap:
            order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        trap.assert_jobs_count(1)
        trap.assert_enqueued_job(
            execution._run,
            properties={
                "max_retries": 5,
                "identity_key": f"sale.status.execution,{execution.id}",
            },
        )
        self.assertEqual(execution.job_uuid, trap.enqueued_jobs[0].uuid)

    @freeze_time("2026-03-02 10:00:00")
    def test_bulk_cancel_writes_what_cancelling_a_job_writes(self):
        orders = self.create_order() | self.create_order()
        orders.stage_id = self.stage_paid
        by_queue_job = self.executions(orders[0])
        self.jobs(by_queue_job).button_cancelled()
        self.jobs(by_queue_job).write({"result": "The order left."})
        reference = self.rows(by_queue_job)
        self.assertEqual({row["state"] for row in reference}, {"cancelled"})
        in_bulk = self.executions(orders[1])
        cancel_jobs(
            self.env,
            Domain("uuid", "in", in_bulk.mapped("job_uuid")),
            "The order left.",
        )
        self.assertEqual(
            [self.same_job_of_another_execution(row) for row in self.rows(in_bulk)],
            [self.same_job_of_another_execution(row) for row in reference],
        )

    def same_job_of_another_execution(self, row):
        return {
            **row,
            **dict.fromkeys(("name", "args", "records", "func_string", "identity_key")),
        }
