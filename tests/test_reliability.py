# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Faults: races with users, crashes, an uninstalled addon."""

import logging
import threading

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying

from odoo.addons.sale_status_automation.hooks import uninstall_hook

from .common import AutomationCase
from .test_engine_run import ScriptedProvider, use_provider

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
