# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import LockError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import CANCELLED, FAILED
from odoo.addons.queue_job.utils import must_run_without_delay

from ..tools.queue_jobs import cancel_jobs, store_jobs
from ..tools.sending import (
    ChannelError,
    PermanentChannelError,
    SendLater,
    SkipExecution,
    TransientChannelError,
    UnknownOutcomeError,
    error_text,
)

_logger = logging.getLogger(__name__)

NOT_STARTED = ("waiting", "waiting_date", "scheduled")
FINISHED = ("sent", "delivered", "failed", "skipped", "unknown")
# States that count as "the rule ran" for rules that run once per order.
RAN = ("running", "sent", "delivered", "unknown")
# Runs of a job before queue_job gives up on a transient provider error (its
# retry pattern spaces them, data/queue_job_data.xml); then _on_job_failed.
JOB_MAX_RETRIES = 5
# How long a job waits for a row another transaction holds.
LOCK_RETRY_SECONDS = 5
# Jobs of a bulk (see models/sale_status_execution_planning.py) run after
# those of orders moved one by one: queue_job runs lower priorities first;
# 10 is its default.
PRIORITY = 10
BULK_PRIORITY = 20


class SaleStatusExecution(models.Model):
    """One run of one rule for one visit of an order in a status.

    It is created when the order enters the status, runs at most once, and
    keeps what was sent, to whom, and how it ended.
    """

    _name = "sale.status.execution"
    _description = "Order Status Automation Execution"
    _order = "id desc"

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    rule_id = fields.Many2one(
        "sale.status.rule", required=True, index=True, ondelete="cascade", readonly=True
    )
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Order Status",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    visit = fields.Integer(
        string="Status Entry",
        required=True,
        readonly=True,
        help="Which of the order's entries into a status this execution "
        "belongs to (the order's Statuses Entered when it entered this one).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id", string="Customer", readonly=True
    )
    channel = fields.Selection(
        selection=lambda self: (
            self.env["sale.status.rule"]
            ._fields["channel"]
            ._description_selection(self.env)
        ),
        required=True,
        readonly=True,
    )
    sequence = fields.Integer(readonly=True, help="The rule's place in its status.")
    bulk = fields.Boolean(
        string="Part of a Bulk",
        readonly=True,
        help="Planned by a change that moved many orders at once: its job "
        "gives way to those of the orders moved one by one.",
    )
    state = fields.Selection(
        [
            ("waiting", "Waiting for previous rule"),
            ("waiting_date", "Waiting for a date"),
            ("scheduled", "Scheduled"),
            ("running", "Running"),
            ("sent", "Sent"),
            ("delivered", "Delivered"),
            ("failed", "Failed"),
            ("skipped", "Skipped"),
            ("cancelled", "Cancelled"),
            ("unknown", "Unknown outcome"),
        ],
        required=True,
        default="scheduled",
        index=True,
        readonly=True,
    )
    scheduled_at = fields.Datetime(string="Due", readonly=True)
    # The sending hours or the number's pace may move Due past it; once it
    # came, a new date of the order no longer skips the execution.
    moment_at = fields.Datetime(
        string="Rule's Moment",
        readonly=True,
        help="When the rule's timing fell due on the order; the sending "
        "hours or the sending number's pace may send it later (Due).",
    )
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    attempts = fields.Integer(readonly=True)
    read_at = fields.Datetime(
        string="Read",
        readonly=True,
        help="When the customer read the message, for channels whose provider "
        "says so (WhatsApp).",
    )
    # 0 or 1, summed by the log's pivot and graph views.
    read_count = fields.Integer(
        string="Read by the Customer", compute="_compute_read_count", store=True
    )
    reply_count = fields.Integer(
        string="Replied",
        readonly=True,
        help="1 when the customer answered this message (SMS, WhatsApp).",
    )
    recipient = fields.Char(readonly=True)
    subject = fields.Char(readonly=True)
    content = fields.Text(readonly=True)
    provider_ref = fields.Char(string="Provider Reference", readonly=True, index=True)
    reason = fields.Text(readonly=True, help="Why it was skipped, failed or cancelled.")
    sandbox = fields.Boolean(
        readonly=True, help="Run in sandbox mode: nothing left the server."
    )
    job_uuid = fields.Char(string="Queue Job", readonly=True, index="btree_not_null")
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Chatter Message",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The message the channel posted on the order: its notification "
        "carries the delivery reports.",
    )
    is_test = fields.Boolean(
        string="Test", readonly=True, help="Sent from the rule's Send test button."
    )
    test_destination = fields.Char(readonly=True)
    kind = fields.Char(
        string="Test/Sandbox",
        compute="_compute_kind",
        help="A test send or a sandbox run: no message to a customer.",
    )
    kind_help = fields.Char(compute="_compute_kind")
    fallback_of_id = fields.Many2one(
        "sale.status.execution",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The execution of the rule's own channel that could not reach the "
        "customer: this one sent the rule's fallback channel instead.",
    )

    _one_run_per_visit = models.UniqueIndex(
        "(order_id, rule_id, visit)"
        " WHERE is_test IS NOT TRUE AND fallback_of_id IS NULL"
    )
    _one_fallback = models.UniqueIndex("(fallback_of_id)")

    @api.depends("order_id.name", "rule_id.name")
    def _compute_display_name(self):
        for execution in self:
            execution.display_name = (
                f"{execution.order_id.name} · {execution.rule_id.name}"
            )

    @api.depends("is_test", "sandbox", "test_destination")
    def _compute_kind(self):
        for execution in self:
            if execution.is_test and execution.sandbox:
                kind = self.env._("Test, sandbox")
                explained = self.env._(
                    "sent from the rule's Send test button in sandbox mode: "
                    "nothing left the server."
                )
            elif execution.is_test:
                kind = self.env._("Test send")
                explained = (
                    self.env._(
                        "sent from the rule's Send test button to %s.",
                        execution.test_destination,
                    )
                    if execution.test_destination
                    else self.env._(
                        "sent from the rule's Send test button, to the order's "
                        "customer."
                    )
                )
            elif execution.sandbox:
                kind = self.env._("Sandbox")
                explained = self.env._(
                    "run in sandbox mode: nothing left the server, no customer got it."
                )
            else:
                kind = explained = False
            execution.kind = kind
            execution.kind_help = explained

    @api.depends("read_at")
    def _compute_read_count(self):
        for execution in self:
            execution.read_count = 1 if execution.read_at else 0

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env)).get(
            self.channel, ""
        )

    # ------------------------------------------------------------------
    # Planning: called by the sale.order hook, in the user's transaction
    # ------------------------------------------------------------------
    def _job_options(self):
        """The options of this execution's queue job (``with_delay``'s)."""
        now = fields.Datetime.now()
        return {
            "eta": self.scheduled_at if self.scheduled_at > now else None,
            "priority": BULK_PRIORITY if self.bulk else PRIORITY,
            "max_retries": JOB_MAX_RETRIES,
            "identity_key": f"sale.status.execution,{self.id}",
            "description": self.env._(
                "%(order)s: %(rule)s", order=self.order_id.name, rule=self.rule_id.name
            ),
        }

    def _enqueue(self):
        """One queue job per execution, due at its scheduled time: through
        ``with_delay`` for one, in one INSERT for the many of a status
        change (tools/queue_jobs.py)."""
        if len(self) == 1 or must_run_without_delay(self.env):
            for execution in self:
                job = execution.with_delay(**execution._job_options())._run()
                execution.job_uuid = job.uuid
            return
        # The jobs keep the executions' environment (sudo when planned by a
        # status change): the automation acts for the company, not the user.
        store_jobs(
            self.env,
            [
                (
                    execution._run,
                    {"job_uuid": execution.job_uuid, **execution._job_options()},
                )
                for execution in self
            ],
        )

    def _cancel(self, reason):
        self.write(
            {
                "state": "cancelled",
                "reason": reason,
                "finished_at": fields.Datetime.now(),
            }
        )
        uuids = [uuid_ for uuid_ in self.mapped("job_uuid") if uuid_]
        if uuids:
            cancel_jobs(self.env, Domain("uuid", "in", uuids), reason)
        self._log()

    # ------------------------------------------------------------------
    # Running: the queue job (its job function allows commits)
    # ------------------------------------------------------------------
    def _run(self):
        """Run this execution at most once.

        Each step that matters is committed before the next one: the
        execution is *running* before the provider is called, so a job that
        is retried after a crash finds it running and does not send again.
        """
        self.ensure_one()
        if not self.exists():  # its order was deleted
            return
        self._lock()
        if self.state == "running":
            self._finish(
                "unknown",
                self.env._(
                    "The sending was interrupted (worker stopped or crashed): the "
                    "message may or may not have left. It is not sent again."
                ),
            )
            self._commit()
        if self.state in FINISHED:
            # Also reached when a job is retried after sending, on a
            # transaction conflict while starting the next rule.
            self._start_next()
            return
        if self.state != "scheduled":
            return
        stale = self._stale_reason()
        if stale:
            self._finish("cancelled", stale)
            return
        if self._checks_pass():
            self._postpone_outside_sending_hours()
            self._send()
        self._start_next(outcome_sent=self.state not in ("skipped", "cancelled"))

    def _commit(self):
        # The job function is declared with allow_commit: queue_job runs it in
        # a cursor of its own, made for this.
        self.env.cr.commit()  # pylint: disable=invalid-commit

    def _lock(self):
        try:
            self.lock_for_update(allow_referencing=True)
        except LockError as error:
            raise RetryableJobError(
                str(error), seconds=LOCK_RETRY_SECONDS, ignore_retry=True
            ) from error
        self.invalidate_recordset()

    def _order_left(self):
        """Whether the order left the visit this execution belongs to."""
        order = self.order_id
        return order.stage_id != self.stage_id or order.stage_visit != self.visit

    def _stale_reason(self):
        if self._order_left():
            return self.env._(
                "The order left the status %(status)s.", status=self.stage_id.name
            )
        return ""

    def _checks_pass(self):
        """Skip the execution when its rule no longer applies; say why."""
        try:
            reason = self._skip_reason()
        except Exception as error:  # a condition saved before a field vanished
            _logger.warning("Checking execution %s failed", self.id, exc_info=True)
            self._finish(
                "failed",
                self.env._("The conditions cannot be checked: %s", error_text(error)),
            )
            return False
        if reason:
            self._finish("skipped", reason)
            return False
        return True

    def _skip_reason(self):
        rule = self.rule_id
        if not rule.active:
            return self.env._("The rule was archived.")
        if rule.paused and not self.is_test:
            return self.env._("The rule is paused.")
        if not rule._orders_matching(self.order_id):
            return self.env._("The order does not match the conditions.")
        return ""

    def _sending_hours(self):
        """The calendar whose hours this execution is sent in, if any."""
        rule = self.rule_id
        if rule.ignore_sending_hours:
            return self.env["resource.calendar"]
        return rule.sending_calendar_id or self.company_id.sale_status_calendar_id

    def _opening_after(self, moment):
        """When the sending hours let this execution go at ``moment`` or
        after (naive UTC), in its customer's time zone."""
        calendar = self._sending_hours()
        if not calendar:
            return moment
        return calendar._sale_status_next_opening(moment, self.order_id.partner_id.tz)

    def _postpone_outside_sending_hours(self):
        now = fields.Datetime.now()
        opening = self._opening_after(now)
        if opening <= now:
            return
        self.scheduled_at = opening
        self._commit()
        raise RetryableJobError(
            self.env._("Outside the sending hours: postponed to %s (UTC).", opening),
            seconds=max(1, int((opening - now).total_seconds())),
            ignore_retry=True,
        )

    def _postpone_for_turn(self, later):
        """Run again when the channel says the provider may take the
        message; a test send, which cannot wait that long, fails."""
        if self.is_test:
            self._finish("failed", str(later))
            return
        self.write(
            {
                "scheduled_at": fields.Datetime.now()
                + timedelta(seconds=later.seconds),
                "reason": str(later),
            }
        )
        self._commit()
        raise RetryableJobError(str(later), seconds=later.seconds, ignore_retry=True)

    def _send(self):
        """Prepare, mark running, send through the channel, record the outcome.

        A real run commits "running" before calling the provider and retries
        transient errors through queue_job; a test send does neither.
        """
        commit = (lambda: None) if self.is_test else self._commit
        channel = self._channel()
        try:
            delivery = channel._prepare(self)
        except SkipExecution as skip:
            self._finish("skipped", str(skip), unreachable=skip.unreachable)
            return
        except ChannelError as error:  # a rule or setting the channel refuses
            self._finish("failed", str(error), unreachable=error.unreachable)
            return
        except Exception as error:
            _logger.warning("Preparing execution %s failed", self.id, exc_info=True)
            self._finish(
                "failed",
                self.env._("The message could not be prepared: %s", error_text(error)),
            )
            return
        if not self.company_id.sale_status_sandbox:
            try:
                channel._take_turn(self, delivery)
            except SendLater as later:
                self._postpone_for_turn(later)
                return
        self.write(
            {
                "state": "running",
                "started_at": fields.Datetime.now(),
                "attempts": self.attempts + 1,
                "recipient": delivery.recipient,
                "subject": delivery.subject,
                "content": delivery.content,
                "sandbox": self.company_id.sale_status_sandbox,
                "reason": False,
            }
        )
        commit()
        try:
            result = channel._dispatch(self, delivery)
        except TransientChannelError as error:
            if self.is_test:
                self._finish(
                    "failed",
                    self.env._("%(error)s (a test send is not retried)", error=error),
                )
                return
            self.write({"state": "scheduled", "reason": str(error)})
            commit()
            # queue_job runs the job again, spaced by its retry pattern, and
            # calls _on_job_failed when the retries run out.
            raise RetryableJobError(str(error)) from error
        except PermanentChannelError as error:
            self._finish("failed", str(error), unreachable=error.unreachable)
        except SkipExecution as skip:  # the provider says no one is to be reached
            self._finish("skipped", str(skip), unreachable=skip.unreachable)
        except UnknownOutcomeError as error:
            self._finish("unknown", self._may_have_left(error))
        except Exception as error:
            _logger.exception("Sending execution %s failed", self.id)
            self._finish("unknown", self._may_have_left(error))
        else:
            self.write({"provider_ref": result.provider_ref, **result.values})
            self._finish(result.state, result.note)

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

    def _channel(self):
        return self.env[f"sale.status.channel.{self.channel}"]

    def _may_have_left(self, error):
        return self.env._(
            "The provider's answer was lost, the message may have left: %s. It is "
            "not sent again automatically.",
            error,
        )

    def _finish(self, state, reason="", unreachable=False):
        """End the execution; ``unreachable``: its channel cannot reach the
        customer, the rule's fallback channel may."""
        self.write(
            {
                "state": state,
                "reason": reason or False,
                "finished_at": fields.Datetime.now(),
            }
        )
        self._log()
        if unreachable:
            self._fall_back()

    def _fall_back(self):
        """Send the rule's fallback channel instead, once, right away: a
        fallback has none of its own, and the unique index on fallback_of_id
        keeps a second from being created."""
        rule = self.rule_id
        if (
            self.is_test
            or self.fallback_of_id
            or not rule.fallback_channel
            or self._order_left()
            or self.search_count([("fallback_of_id", "=", self.id)], limit=1)
        ):
            return
        fallback = self.create(
            {
                **self._values_for(self.order_id, rule, self.visit),
                "channel": rule.fallback_channel,
                "fallback_of_id": self.id,
                "bulk": self.bulk,
                "state": "scheduled",
                "scheduled_at": fields.Datetime.now(),
            }
        )
        fallback._enqueue()

    def _start_next(self, outcome_sent=False):
        """Schedule the rule that waits for this one, counting its delay now.

        ``outcome_sent``: this job just contacted a provider; its outcome is
        committed first, so that it stands even if starting the next rule
        conflicts with a concurrent status change and the job is retried.
        """
        if self._order_left():
            return
        following = self._following()
        if following.state != "waiting":
            return
        if outcome_sent:
            self._commit()
        following._lock()
        if following.state != "waiting":
            return
        following.write(
            following.rule_id._planned(fields.Datetime.now(), following.order_id)
        )
        if following.state == "scheduled":
            following._enqueue()
            return
        following._log()
        if following.state == "skipped":  # its moment is past: on to the next
            following._start_next()

    def _start_next_or_leave_it_to_the_cron(self):
        try:
            self._start_next()
        except RetryableJobError:
            _logger.info(
                "The rule after execution %s is locked: the settling cron starts it",
                self.id,
            )

    def _following(self):
        """The execution of the same visit right after this one."""
        return self.search(
            [
                ("order_id", "=", self.order_id.id),
                ("stage_id", "=", self.stage_id.id),
                ("visit", "=", self.visit),
                ("is_test", "=", False),
                ("fallback_of_id", "=", False),
                "|",
                ("sequence", ">", self.sequence),
                "&",
                ("sequence", "=", self.sequence),
                ("rule_id", ">", self.rule_id.id),
            ],
            order="sequence, rule_id",
            limit=1,
        )

    # ------------------------------------------------------------------
    # Following the order's dates: called by the sale.order hook
    # ------------------------------------------------------------------
