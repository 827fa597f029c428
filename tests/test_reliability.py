# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Faults: races with users, crashes, an uninstalled addon."""

import logging
import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying

from odoo.addons.queue_job.jobrunner.runner import Database
from odoo.addons.sale_status_automation.hooks import uninstall_hook

from .common import (
    PROVIDER_LOGGER,
    AutomationCase,
    ScriptedProvider,
    WorkerDied,
    use_provider,
)

_logger = logging.getLogger(__name__)


class LeavingProvider(ScriptedProvider):
    """While the provider takes the SMS, a user moves the order elsewhere."""

    def __init__(self, stage):
        super().__init__()
        self.stage = stage

    def send(self, execution, delivery):
        result = super().send(execution, delivery)
        # another transaction: the user's
        with execution.env.registry.cursor() as cr:
            user_env = execution.env(cr=cr)
            user_env["sale.order"].browse(execution.order_id.id).stage_id = self.stage
        return result


class TestReliability(AutomationCase):
    def test_order_leaving_during_a_send_stops_the_chain(self):
        use_provider(self, LeavingProvider(self.stage_shipped))
        self.make_rule(self.stage_paid, "First")
        self.make_rule(
            self.stage_paid, "Second", sequence=20, run_mode="after_previous"
        )
        order = self.create_order()
        order.stage_id = self.stage_paid
        first, second = self.executions(order, stage_id=self.stage_paid.id)
        self.run_job(first)
        self.assertEqual(order.stage_id, self.stage_shipped)
        self.assertEqual(first.state, "sent")
        self.assertEqual(second.state, "cancelled")
        self.assertFalse(second.job_uuid)

    def test_uninstalling_cancels_the_jobs_that_did_not_run(self):
        self.make_rule(
            self.stage_paid, "Later", timing="delay", delay=1, delay_unit="days"
        )
        order = self.create_order()
        order.stage_id = self.stage_paid
        job = self.jobs(self.executions(order))
        self.assertEqual(job.state, "pending")
        uninstall_hook(self.env)
        self.assertEqual(job.state, "cancelled")


class TestSettlingCron(AutomationCase):
    """Jobs that end without their execution knowing: the settling cron ends
    the execution and the chain goes on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_rule(cls.stage_paid, "Doomed")
        cls.make_rule(cls.stage_paid, "Next", sequence=20, run_mode="after_previous")
        cls.order = cls.create_order()

    def settle(self):
        # The cron runs in a cursor of its own: in test mode, it shares ours.
        with self.enter_registry_test_mode():
            outcome = self.env.ref(
                "sale_status_automation.ir_cron_settle_executions"
            ).method_direct_trigger()
        self.assertIs(outcome, True, "the cron logged an error")
        self.env.invalidate_all()

    def requeue_dead_jobs(self):
        """What queue_job's runner does to jobs whose worker vanished, ten
        seconds after they were enqueued: its own query (a private method of
        the runner), so that a queue_job upgrade changing it shows here."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE queue_job SET date_enqueued = now() AT TIME ZONE 'utc' - "
            "INTERVAL '1 minute' WHERE state = 'started'"
        )
        self.env.cr.execute(Database.__new__(Database)._query_requeue_dead_jobs())
        self.env.invalidate_all()

    def test_job_killed_past_its_retries_fails_its_execution(self):
        def killed_before_claiming(execution):
            raise WorkerDied()

        patcher = patch.object(
            self.registry["sale.status.execution"], "_claim", killed_before_claiming
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        self.order.stage_id = self.stage_paid
        execution, following = self.executions(self.order)
        job = self.jobs(execution)
        runs = 0
        while job.state != "failed" and runs < 20:
            self.run_job_in_a_dying_worker(execution)
            runs += 1
            self.requeue_dead_jobs()
        self.assertEqual((job.exc_name, runs), ("JobFoundDead", job.max_retries + 2))
        # The runner told nobody: the execution still waits for its job.
        self.assertEqual((execution.state, following.state), ("scheduled", "waiting"))
        self.settle()
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason,
            f"Its queue job stopped {runs} times before it ended (worker killed or "
            "out of time)",
        )
        self.assertEqual(following.state, "scheduled")
        note = self.order.message_ids.filtered(lambda m: "Doomed" in m.body)
        self.assertIn(f"stopped {runs} times", note.body)

    def test_job_killed_after_claiming_is_an_unknown_outcome_never_sent(self):
        """A job dies after it claimed its execution, here while rendering
        the SMS: the next run of the job cannot tell whether the message
        left, sends nothing and says so, with the message the log would have
        had."""
        use_provider(self, ScriptedProvider())
        prepare = self.registry["sale.status.channel.sms"]._prepare
        deaths = []

        def killed_once_while_rendering(channel, execution):
            if not deaths:
                deaths.append(execution.id)
                raise WorkerDied()
            return prepare(channel, execution)

        patcher = patch.object(
            self.registry["sale.status.channel.sms"],
            "_prepare",
            killed_once_while_rendering,
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        self.order.stage_id = self.stage_paid
        execution, following = self.executions(self.order)
        self.run_job_in_a_dying_worker(execution)
        self.assertEqual(execution.state, "running")
        self.requeue_dead_jobs()
        with self.assertNoLogs(PROVIDER_LOGGER, logging.INFO):
            job = self.run_job(execution)
        self.assertEqual(job.state, "done")
        self.assertEqual(execution.state, "unknown")
        self.assertIn("may or may not have left", execution.reason)
        self.assertEqual(execution.recipient, self.order.partner_id.phone_sanitized)
        self.assertIn(self.order.name, execution.content)
        self.assertEqual(following.state, "scheduled")

    def test_job_killed_past_its_retries_while_sending_is_an_unknown_outcome(self):
        use_provider(self, ScriptedProvider(WorkerDied()))
        self.order.stage_id = self.stage_paid
        execution, following = self.executions(self.order)
        job = self.jobs(execution)
        # It died that often already, before it got this far.
        self.env.cr.execute(
            "UPDATE queue_job SET retry = max_retries + 1 WHERE uuid = %s", [job.uuid]
        )
        self.run_job_in_a_dying_worker(execution)
        self.assertEqual(execution.state, "running")
        self.requeue_dead_jobs()
        self.assertEqual(job.state, "failed")
        self.settle()
        self.assertEqual(execution.state, "unknown")
        self.assertIn("may have left", execution.reason)
        self.assertEqual(following.state, "scheduled")

    def test_job_cancelled_in_the_job_queue_cancels_its_execution(self):
        self.order.stage_id = self.stage_paid
        execution, following = self.executions(self.order)
        self.jobs(execution).button_cancelled()
        self.settle()
        self.assertEqual(
            (execution.state, execution.reason),
            ("cancelled", "Its queue job was cancelled."),
        )
        self.assertEqual(following.state, "scheduled")

    def test_a_stalled_chain_goes_on(self):
        self.order.stage_id = self.stage_paid
        execution, following = self.executions(self.order)
        # The execution ended, but starting the next rule was lost (a lock
        # conflict as queue_job gave up on the job, for instance).
        execution.sudo().state = "failed"
        self.settle()
        self.assertEqual(following.state, "scheduled")
        self.assertEqual(self.jobs(following).state, "pending")

    def test_jobs_still_to_run_are_left_alone(self):
        self.order.stage_id = self.stage_paid
        execution, following = self.executions(self.order)
        self.settle()
        self.assertEqual((execution.state, following.state), ("scheduled", "waiting"))
        self.assertEqual(self.jobs(execution).state, "pending")


class TestConcurrentMoves(AutomationCase):
    """Two transactions really in parallel, on data they committed: what two
    users clicking at the same moment, or a user and a trigger, do."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            stage = env.ref("sale_status_automation.stage_paid")
            self.rule_id = (
                env["sale.status.rule"]
                .create({"name": "Race", "stage_id": stage.id, "channel": "sms"})
                .id
            )
            partner = env["res.partner"].create(
                {"name": "Racer", "phone": "+32470999999"}
            )
            self.order_id = env["sale.order"].create({"partner_id": partner.id}).id
            self.partner_id = partner.id
        self.addCleanup(self.clean_up)

    def clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            executions = env["sale.status.execution"].search(
                [("order_id", "=", self.order_id)]
            )
            env["queue.job"].search(
                [("uuid", "in", executions.mapped("job_uuid"))]
            ).unlink()
            env["sale.order"].browse(self.order_id).unlink()
            env["sale.status.rule"].browse(self.rule_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def test_two_simultaneous_moves_make_one_visit(self):
        barrier = threading.Barrier(2)
        errors = []
        attempts = []

        def move():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    paid = env.ref("sale_status_automation.stage_paid")

                    def write():
                        if not attempts.count(threading.get_ident()):
                            attempts.append(threading.get_ident())
                            barrier.wait(timeout=10)  # both start together
                        env["sale.order"].browse(self.order_id).stage_id = paid
                        env.flush_all()

                    # As Odoo serves a request: retried on serialization failures.
                    retrying(write, env)
            except Exception as error:  # reported by the test below
                _logger.exception("concurrent move failed")
                errors.append(error)

        threads = [threading.Thread(target=move) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse(errors)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.order_id)
            self.assertEqual(
                order.stage_id, env.ref("sale_status_automation.stage_paid")
            )
            self.assertEqual(order.stage_visit, 2)
            # (the rules installed as demo data are active in committed data)
            executions = env["sale.status.execution"].search(
                [("order_id", "=", self.order_id), ("rule_id", "=", self.rule_id)]
            )
            self.assertEqual(executions.mapped("visit"), [2])
            self.assertEqual(
                env["queue.job"].search_count(
                    [("uuid", "in", executions.mapped("job_uuid"))]
                ),
                1,
            )
