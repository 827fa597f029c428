# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The execution's job: checks, sending hours, sending, retries and what
the channel's errors mean (models/sale_status_execution_job.py)."""

import logging
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tools import mute_logger

from odoo.addons.sale_status_automation.tools.sending import (
    PermanentChannelError,
    TransientChannelError,
)

from .common import (
    PROVIDER_LOGGER,
    AutomationCase,
    ScriptedProvider,
    WorkerDied,
    use_provider,
)

ENTRY = datetime(2026, 3, 2, 10, 0)  # a Monday, 11:00 in Brussels


class TestEngineRun(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.create_order()

    def enter(self, stage, at=ENTRY):
        with freeze_time(at):
            self.order.stage_id = stage
        return self.executions(self.order, stage_id=stage.id)

    def use_provider(self, provider):
        """Leave the sandbox and send the SMS rules through ``provider``."""
        use_provider(self, provider)

    def provider_calls(self, logs):
        return [line for line in logs.output if "Provider called" in line]

    def test_immediate_rule_is_sent_and_traced(self):
        self.make_rule(self.stage_paid, "Thanks for paying")
        (execution,) = self.enter(self.stage_paid)
        with self.assertLogs(self.SANDBOX_LOGGER, logging.INFO) as logs:
            job = self.run_job(execution)
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self.sandbox_sends(logs)), 1)
        self.assertRecordValues(
            execution,
            [
                {
                    "state": "sent",
                    "recipient": "+32470123456",
                    "content": (
                        f"Ada Customer, your order {self.order.name} is now Paid."
                    ),
                    "attempts": 1,
                    "sandbox": True,
                    "provider_ref": f"sandbox-{execution.id}",
                }
            ],
        )
        self.assertTrue(execution.started_at and execution.finished_at)
        note = self.order.message_ids.filtered(
            lambda message: "Thanks for paying" in message.body
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.is_internal)
        # Issue 26: a sandbox run does not say "Sent".
        self.assertIn("Not sent (sandbox: nothing left the server)", note.body)
        self.assertIn("would go to +32470123456", note.body)

    def test_chain_runs_in_order_counting_delays_from_the_previous_end(self):
        first = self.make_rule(
            self.stage_shipped, "First", timing="delay", delay=10, delay_unit="minutes"
        )
        second = self.make_rule(
            self.stage_shipped,
            "Second",
            sequence=20,
            run_mode="after_previous",
            timing="delay",
            delay=1,
            delay_unit="hours",
        )
        third = self.make_rule(
            self.stage_shipped,
            "Third",
            sequence=30,
            run_mode="after_previous",
            timing="delay",
            delay=5,
            delay_unit="minutes",
        )
        one, two, three = self.enter(self.stage_shipped)
        self.assertEqual((one + two + three).mapped("rule_id"), first + second + third)
        self.assertEqual(
            [one.state, two.state, three.state], ["scheduled", "waiting", "waiting"]
        )

        first_end = ENTRY + timedelta(minutes=25)  # the job ran late
        with self.assertLogs(self.SANDBOX_LOGGER, logging.INFO) as logs:
            with freeze_time(first_end):
                self.run_job(one)
            self.assertEqual(two.state, "scheduled")
            self.assertEqual(two.scheduled_at, first_end + timedelta(hours=1))
            self.assertEqual(self.jobs(two).eta, first_end + timedelta(hours=1))
            self.assertEqual(three.state, "waiting")

            second_end = first_end + timedelta(hours=1, minutes=2)
            with freeze_time(second_end):
                self.run_job(two)
            self.assertEqual(three.scheduled_at, second_end + timedelta(minutes=5))
            with freeze_time(second_end + timedelta(minutes=5)):
                self.run_job(three)
        sends = self.sandbox_sends(logs)
        self.assertEqual(
            [
                f"execution {execution.id} " in send
                for execution, send in zip(one + two + three, sends, strict=True)
            ],
            [True, True, True],
        )
        self.assertEqual(set((one + two + three).mapped("state")), {"sent"})

    def test_chain_goes_on_after_a_skipped_rule(self):
        self.make_rule(
            self.stage_shipped,
            "Big orders only",
            condition_domain="[('amount_total', '>', 1000000)]",
        )
        self.make_rule(
            self.stage_shipped, "Then", sequence=20, run_mode="after_previous"
        )
        skipped, following = self.enter(self.stage_shipped)
        with self.assertNoLogs(self.SANDBOX_LOGGER, logging.INFO):
            self.run_job(skipped)
        self.assertEqual(skipped.state, "skipped")
        self.assertEqual(skipped.reason, "The order does not match the conditions.")
        self.assertEqual(following.state, "scheduled")

    def test_condition_that_matches_sends(self):
        self.make_rule(
            self.stage_shipped,
            "Named customer",
            condition_domain=f"[('partner_id', '=', {self.customer.id})]",
        )
        (execution,) = self.enter(self.stage_shipped)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent")

    def test_condition_on_a_vanished_field_fails_with_the_reason(self):
        rule = self.make_rule(
            self.stage_shipped,
            "Studio field",
            condition_domain="[('amount_total', '>', 0)]",
            sequence=10,
        )
        following = self.make_rule(
            self.stage_shipped, "Then", sequence=20, run_mode="after_previous"
        )
        # As if the module that added the field was uninstalled since.
        self.env.cr.execute(
            "UPDATE sale_status_rule SET condition_domain = %s WHERE id = %s",
            ["[('x_vanished', '=', 1)]", rule.id],
        )
        self.env.invalidate_all()
        execution, next_execution = self.enter(self.stage_shipped)
        with mute_logger("odoo.addons.sale_status_automation.models"):
            job = self.run_job(execution)
        self.assertEqual((execution.state, job.state), ("failed", "done"))
        self.assertRegex(
            execution.reason,
            r"^The conditions cannot be checked: .*x_vanished",
        )
        self.assertEqual(next_execution.rule_id, following)
        self.assertEqual(next_execution.state, "scheduled")

    def test_rule_archived_after_planning_is_skipped(self):
        rule = self.make_rule(self.stage_paid, "Soon gone")
        (execution,) = self.enter(self.stage_paid)
        rule.action_archive()
        self.run_job(execution)
        self.assertEqual(
            (execution.state, execution.reason), ("skipped", "The rule was archived.")
        )

    def test_outside_sending_hours_the_job_waits_for_the_opening(self):
        self.company.sale_status_calendar_id = self.env.ref(
            "resource.resource_calendar_std"
        )  # 8:00-17:00 Monday to Friday
        self.make_rule(self.stage_paid, "Evening SMS")
        late = datetime(2026, 3, 2, 21, 30)  # Monday 22:30 in Brussels
        (execution,) = self.enter(self.stage_paid, at=late)
        opening = datetime(2026, 3, 3, 7, 0)  # Tuesday 08:00 in Brussels
        with self.assertNoLogs(self.SANDBOX_LOGGER, logging.INFO), freeze_time(late):
            job = self.run_job(execution)
        self.assertEqual(
            (execution.state, execution.scheduled_at), ("scheduled", opening)
        )
        self.assertEqual((job.state, job.eta, job.retry), ("pending", opening, 0))

        with freeze_time(opening):
            self.run_job(execution)
        self.assertEqual(execution.state, "sent")

    def test_a_rules_own_sending_hours_win_over_the_companys(self):
        self.company.sale_status_calendar_id = self.env.ref(
            "resource.resource_calendar_std"
        )
        around_the_clock = self.env["resource.calendar"].create(
            {
                "name": "Around the clock",
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": "Day", "dayofweek": str(day), "hour_from": 0,
                            "hour_to": 24, "day_period": "full_day"})
                    for day in range(7)
                ],
            }
        )  # fmt: skip
        self.make_rule(
            self.stage_paid, "Night SMS", sending_calendar_id=around_the_clock.id
        )
        sunday_night = datetime(2026, 3, 1, 22, 0)
        (execution,) = self.enter(self.stage_paid, at=sunday_night)
        with freeze_time(sunday_night):
            self.run_job(execution)
        self.assertEqual(execution.state, "sent")

    def test_rule_may_run_any_time(self):
        self.company.sale_status_calendar_id = self.env.ref(
            "resource.resource_calendar_std"
        )
        self.make_rule(self.stage_paid, "Urgent", ignore_sending_hours=True)
        late = datetime(2026, 3, 2, 23, 0)
        (execution,) = self.enter(self.stage_paid, at=late)
        with freeze_time(late):
            self.run_job(execution)
        self.assertEqual(execution.state, "sent")

    def test_job_of_a_stale_visit_sends_nothing(self):
        self.make_rule(self.stage_paid, "Too late")
        (execution,) = self.enter(self.stage_paid)
        # A worker took the job; a started job cannot be cancelled.
        job = self.jobs(execution)
        job.with_context(_job_edit_sentinel=job.EDIT_SENTINEL).state = "started"
        self.order.stage_id = self.stage_shipped
        self.order.stage_id = self.stage_paid
        self.assertEqual(execution.state, "cancelled")
        self.assertEqual(job.state, "started")
        with self.assertNoLogs(self.SANDBOX_LOGGER, logging.INFO):
            self.run_job(execution)
        self.assertEqual(execution.state, "cancelled")

    def test_job_of_a_deleted_order_does_nothing(self):
        self.make_rule(self.stage_paid, "Orphan")
        order = self.create_order()
        order.stage_id = self.stage_paid
        execution = self.executions(order)
        job_uuid = execution.job_uuid
        order.action_cancel()
        order.unlink()
        self.assertFalse(execution.exists())
        with self.assertNoLogs(self.SANDBOX_LOGGER, logging.INFO):
            job = self.run_job_uuid(job_uuid)
        self.assertEqual(job.state, "done")

    def test_retried_job_of_a_running_execution_never_sends_again(self):
        self.use_provider(ScriptedProvider(WorkerDied()))
        self.make_rule(self.stage_paid, "Once only")
        self.make_rule(self.stage_paid, "Next", sequence=20, run_mode="after_previous")
        execution, following = self.enter(self.stage_paid)
        with self.assertLogs(PROVIDER_LOGGER, logging.INFO) as logs:
            self.run_job_in_a_dying_worker(execution)
            self.assertEqual(execution.state, "running")
            # The dead job is requeued, as queue_job does for dead workers.
            job = self.run_job(execution)
        self.assertEqual(len(self.provider_calls(logs)), 1)
        self.assertEqual(job.state, "done")
        self.assertEqual(execution.state, "unknown")
        self.assertIn("may or may not have left", execution.reason)
        self.assertEqual(following.state, "scheduled")

    def test_transient_errors_retry_with_backoff_then_send(self):
        self.use_provider(
            ScriptedProvider(
                TransientChannelError("20429 Too Many Requests"),
                TransientChannelError("503 Service Unavailable"),
            )
        )
        self.make_rule(self.stage_paid, "Rate limited")
        (execution,) = self.enter(self.stage_paid)
        with self.assertLogs(PROVIDER_LOGGER, logging.INFO) as logs, freeze_time(ENTRY):
            job = self.run_job(execution)
            self.assertEqual(
                (execution.state, execution.reason),
                ("scheduled", "20429 Too Many Requests"),
            )
            self.assertEqual(
                (job.state, job.retry, job.eta),
                ("pending", 1, ENTRY + timedelta(seconds=30)),
            )
            job = self.run_job(execution)
            self.assertEqual(
                (job.state, job.retry, job.eta),
                ("pending", 2, ENTRY + timedelta(seconds=120)),
            )
            job = self.run_job(execution)
        self.assertEqual(len(self.provider_calls(logs)), 3)
        self.assertEqual(job.state, "done")
        self.assertRecordValues(
            execution,
            [{"state": "sent", "attempts": 3, "provider_ref": f"SM{execution.id}"}],
        )

    def test_transient_errors_give_up_after_the_last_attempt(self):
        self.use_provider(
            ScriptedProvider(*[TransientChannelError("503 Service Unavailable")] * 9)
        )
        self.make_rule(self.stage_paid, "Never through")
        self.make_rule(self.stage_paid, "Next", sequence=20, run_mode="after_previous")
        execution, following = self.enter(self.stage_paid)
        with self.assertLogs(PROVIDER_LOGGER, logging.INFO) as logs:
            for _attempt in range(5):
                job = self.run_job(execution)
        self.assertEqual(len(self.provider_calls(logs)), 5)
        # queue_job gave up on the job and told the execution.
        self.assertEqual((job.state, job.retry, job.max_retries), ("failed", 5, 5))
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason, "503 Service Unavailable (gave up after 5 attempts)"
        )
        self.assertEqual(following.state, "scheduled")

    def test_permanent_error_fails_with_the_provider_message(self):
        self.use_provider(ScriptedProvider(PermanentChannelError("21211 Invalid 'To'")))
        self.make_rule(self.stage_paid, "Wrong number")
        (execution,) = self.enter(self.stage_paid)
        job = self.run_job(execution)
        self.assertEqual(job.state, "done")
        self.assertEqual(
            (execution.state, execution.reason), ("failed", "21211 Invalid 'To'")
        )
        note = self.order.message_ids.filtered(lambda m: "Wrong number" in m.body)
        self.assertIn("21211", note.body)

    def test_failing_channel_never_fails_the_users_save(self):
        def broken_prepare(channel, execution):
            raise ZeroDivisionError("bug in a template")

        self.use_provider(ScriptedProvider())
        patcher = patch.object(
            self.registry["sale.status.channel.sms"], "_prepare", broken_prepare
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        self.make_rule(self.stage_paid, "Broken")
        (execution,) = self.enter(self.stage_paid)
        self.assertEqual(self.order.stage_id, self.stage_paid)
        job = self.run_job(execution)
        self.assertEqual(job.state, "done")
        self.assertEqual(execution.state, "failed")
        self.assertIn("bug in a template", execution.reason)

    def test_unexpected_send_error_is_an_unknown_outcome(self):
        self.use_provider(ScriptedProvider(ConnectionResetError("peer reset")))
        self.make_rule(self.stage_paid, "Lost answer")
        (execution,) = self.enter(self.stage_paid)
        self.run_job(execution)
        self.assertEqual(execution.state, "unknown")
        self.assertIn("peer reset", execution.reason)

    def test_missing_recipient_is_skipped(self):
        self.customer.phone = False
        self.make_rule(self.stage_paid, "No phone")
        (execution,) = self.enter(self.stage_paid)
        self.run_job(execution)
        self.assertEqual(
            (execution.state, execution.reason),
            ("skipped", "Ada Customer has no phone number."),
        )
