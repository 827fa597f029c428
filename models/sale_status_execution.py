# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import uuid
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError
from odoo.fields import Domain

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import (
    CANCELLED,
    ENQUEUED,
    PENDING,
    WAIT_DEPENDENCIES,
    Job,
)

from ..channels import (
    ChannelError,
    PermanentChannelError,
    SkipExecution,
    TransientChannelError,
    UnknownOutcomeError,
    adapter_for,
    error_text,
)

_logger = logging.getLogger(__name__)

NOT_STARTED = ("waiting", "scheduled")
FINISHED = ("sent", "delivered", "failed", "skipped", "unknown")
# States that count as "the rule ran" for rules that run once per order.
RAN = ("running", "sent", "delivered", "unknown")
# Sending attempts before a transient provider error fails the execution.
MAX_ATTEMPTS = 5
# How long a job waits for a row another transaction holds.
LOCK_RETRY_SECONDS = 5


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
    visit = fields.Integer(required=True, readonly=True)
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
    state = fields.Selection(
        [
            ("waiting", "Waiting for previous rule"),
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
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    attempts = fields.Integer(readonly=True)
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
    call_sequence = fields.Integer(
        readonly=True,
        default=-1,
        help="The last call status report taken into account (Twilio numbers "
        "them): older or repeated reports are ignored.",
    )
    call_duration = fields.Integer(string="Call Duration (s)", readonly=True)
    answered_by = fields.Char(readonly=True)
    is_test = fields.Boolean(
        string="Test", readonly=True, help="Sent from the rule's Send test button."
    )
    test_destination = fields.Char(readonly=True)

    _one_run_per_visit = models.UniqueIndex(
        "(order_id, rule_id, visit) WHERE is_test IS NOT TRUE"
    )

    @api.depends("order_id.name", "rule_id.name")
    def _compute_display_name(self):
        for execution in self:
            execution.display_name = (
                f"{execution.order_id.name} · {execution.rule_id.name}"
            )

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env)).get(
            self.channel, ""
        )

    # ------------------------------------------------------------------
    # Planning: called by the sale.order hook, in the user's transaction
    # ------------------------------------------------------------------
    @api.model
    def _on_orders_leave(self, orders):
        """Cancel what has not started for orders leaving their status."""
        pending = self.search(
            [("order_id", "in", orders.ids), ("state", "in", NOT_STARTED)]
        )
        for stage, executions in pending.grouped("stage_id").items():
            executions._cancel(
                self.env._("The order left the status %(status)s.", status=stage.name)
            )

    @api.model
    def _on_orders_enter(self, orders):
        """Plan the rules of the status each order just entered."""
        rules = self.env["sale.status.rule"].search(
            [("stage_id", "in", orders.stage_id.ids)]
        )
        if not rules:
            return
        rules_of_stage = rules.grouped("stage_id")
        ran_before = self._ran_before(orders, rules.filtered("once_per_order"))
        now = fields.Datetime.now()
        vals_list = []
        for order in orders:
            previous_finished = True  # the first rule waits for nothing
            for rule in rules_of_stage.get(order.stage_id, ()):
                if rule.company_id != order.company_id:
                    continue
                vals = self._values_for(order, rule, order.stage_visit)
                if (order.id, rule.id) in ran_before:
                    vals.update(
                        state="skipped",
                        finished_at=now,
                        reason=self.env._("Runs once per order, and it already ran."),
                    )
                elif rule.run_mode == "after_previous" and not previous_finished:
                    vals["state"] = "waiting"
                else:
                    vals.update(rule._planned(now))
                previous_finished = vals["state"] == "skipped"
                vals_list.append(vals)
        executions = self.create(vals_list)
        executions.filtered(lambda execution: execution.state == "scheduled")._enqueue()
        executions.filtered(lambda execution: execution.state == "skipped")._log()

    @api.model
    def _values_for(self, order, rule, visit):
        """What every execution of ``rule`` on ``order`` starts with."""
        return {
            "order_id": order.id,
            "company_id": order.company_id.id,
            "rule_id": rule.id,
            "stage_id": rule.stage_id.id,
            "visit": visit,
            "channel": rule.channel,
            "sequence": rule.sequence,
        }

    def _ran_before(self, orders, rules):
        if not rules:
            return set()
        groups = self._read_group(
            [
                ("order_id", "in", orders.ids),
                ("rule_id", "in", rules.ids),
                ("state", "in", RAN),
                ("is_test", "=", False),
            ],
            ["order_id", "rule_id"],
        )
        return {(order.id, rule.id) for order, rule in groups}

    def _enqueue(self):
        """Store one queue job per execution, due at its scheduled time.

        queue_job's ``with_delay`` stores each job with its own queries; the
        jobs of a bulk status change are stored in one INSERT instead, from
        the values queue_job itself prepares.
        """
        now = fields.Datetime.now()
        jobs = [
            Job(
                execution._run,
                eta=execution.scheduled_at if execution.scheduled_at > now else None,
                job_uuid=execution.job_uuid,
                max_retries=0,  # bounded by MAX_ATTEMPTS, see _send
                description=self.env._(
                    "%(order)s: %(rule)s",
                    order=execution.order_id.name,
                    rule=execution.rule_id.name,
                ),
            )
            for execution in self.sudo()
        ]
        job_model = self.env["queue.job"].sudo()
        job_model.with_context(_job_edit_sentinel=job_model.EDIT_SENTINEL).create(
            [job._store_values(create=True) for job in jobs]
        )

    def _cancel(self, reason):
        self.write(
            {
                "state": "cancelled",
                "reason": reason,
                "finished_at": fields.Datetime.now(),
            }
        )
        self._cancel_jobs(reason)
        self._log()

    def _cancel_jobs(self, reason):
        """Cancel the queue jobs of these executions that did not start."""
        uuids = [uuid_ for uuid_ in self.mapped("job_uuid") if uuid_]
        if uuids:
            self._cancel_queue_jobs(Domain("uuid", "in", uuids), reason)

    @api.model
    def _cancel_queue_jobs(self, domain, reason):
        """Cancel the queue jobs matching ``domain`` that did not start.

        Same effect as queue_job's "Cancel" button (these jobs have no
        dependents), in one query for all of them.
        """
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                domain & Domain("state", "in", (WAIT_DEPENDENCIES, PENDING, ENQUEUED))
            )
        )
        jobs.with_context(_job_edit_sentinel=jobs.EDIT_SENTINEL).write(
            {
                "state": CANCELLED,
                "date_cancelled": fields.Datetime.now(),
                "result": reason,
            }
        )

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
            self._postpone_in_quiet_hours()
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
        if not rule._orders_matching(self.order_id):
            return self.env._("The order does not match the conditions.")
        return ""

    def _postpone_in_quiet_hours(self):
        if self.rule_id.ignore_quiet_hours:
            return
        now = fields.Datetime.now()
        until = self.company_id._sale_status_quiet_until(
            now, self.order_id.partner_id.tz
        )
        if not until:
            return
        self.scheduled_at = until
        self._commit()
        raise RetryableJobError(
            self.env._("Quiet hours: postponed to %s (UTC).", until),
            seconds=max(1, int((until - now).total_seconds())),
            ignore_retry=True,
        )

    def _send(self):
        """Prepare, mark running, send through the channel, record the outcome.

        A real run commits "running" before calling the provider and retries
        transient errors through queue_job; a test send does neither.
        """
        commit = (lambda: None) if self.is_test else self._commit
        adapter = adapter_for(self)
        try:
            delivery = adapter.prepare(self)
        except SkipExecution as skip:
            self._finish("skipped", str(skip))
            return
        except ChannelError as error:  # a rule or setting the channel refuses
            self._finish("failed", str(error))
            return
        except Exception as error:
            _logger.warning("Preparing execution %s failed", self.id, exc_info=True)
            self._finish(
                "failed",
                self.env._("The message could not be prepared: %s", error_text(error)),
            )
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
            result = adapter.send(self, delivery)
        except TransientChannelError as error:
            if self.is_test or self.attempts >= MAX_ATTEMPTS:
                self._finish("failed", self._gave_up(error))
                return
            self.write({"state": "scheduled", "reason": str(error)})
            commit()
            raise RetryableJobError(str(error)) from error
        except PermanentChannelError as error:
            self._finish("failed", str(error))
        except UnknownOutcomeError as error:
            self._finish("unknown", self._may_have_left(error))
        except Exception as error:
            _logger.exception("Sending execution %s failed", self.id)
            self._finish("unknown", self._may_have_left(error))
        else:
            self.provider_ref = result.provider_ref
            self._finish(result.state, result.note)

    def _gave_up(self, error):
        if self.is_test:
            return self.env._("%(error)s (a test send is not retried)", error=error)
        return self.env._(
            "%(error)s (gave up after %(attempts)s attempts)",
            error=error,
            attempts=self.attempts,
        )

    def _may_have_left(self, error):
        return self.env._(
            "The provider's answer was lost, the message may have left: %s. It is "
            "not sent again automatically.",
            error,
        )

    def _finish(self, state, reason=""):
        self.write(
            {
                "state": state,
                "reason": reason or False,
                "finished_at": fields.Datetime.now(),
            }
        )
        self._log()

    def _start_next(self, outcome_sent=False):
        """Schedule the rule that waits for this one, counting its delay now.

        ``outcome_sent``: this job just contacted a provider; its outcome is
        committed first, so that it stands even if starting the next rule
        conflicts with a concurrent status change and the job is retried.
        """
        if self._order_left():
            return
        following = self.search(
            [
                ("order_id", "=", self.order_id.id),
                ("stage_id", "=", self.stage_id.id),
                ("visit", "=", self.visit),
                "|",
                ("sequence", ">", self.sequence),
                "&",
                ("sequence", "=", self.sequence),
                ("rule_id", ">", self.rule_id.id),
            ],
            order="sequence, rule_id",
            limit=1,
        )
        if following.state != "waiting":
            return
        if outcome_sent:
            self._commit()
        following._lock()
        if following.state != "waiting":
            return
        following.write(following.rule_id._planned(fields.Datetime.now()))
        following._enqueue()

    # ------------------------------------------------------------------
    # Preview
    # ------------------------------------------------------------------
    @api.model
    def _preview(self, order):
        """Preview line values for each rule of the order's current status."""
        rules = self.env["sale.status.rule"].search(
            [
                ("stage_id", "=", order.stage_id.id),
                ("company_id", "=", order.company_id.id),
            ]
        )
        planned = self.search(
            [
                ("order_id", "=", order.id),
                ("stage_id", "=", order.stage_id.id),
                ("visit", "=", order.stage_visit),
                ("is_test", "=", False),
            ]
        ).grouped("rule_id")
        states = dict(self._fields["state"]._description_selection(self.env))
        lines = []
        for rule in rules:
            execution = planned.get(rule)
            values = {
                "sequence": rule.sequence,
                "rule_id": rule.id,
                "timing": rule._timing_label(),
            }
            if not execution:
                probe = self.new(self._values_for(order, rule, order.stage_visit))
                values.update(probe._preview_delivery())
                values["outcome"] = self.env._(
                    "Not planned: the rule came after the order entered the status; "
                    "it runs on the next entry"
                )
            elif execution.state in NOT_STARTED:
                values.update(execution._preview_delivery())
                values["due"] = execution.scheduled_at
                values.setdefault("outcome", states[execution.state])
            else:
                values.update(
                    outcome=states[execution.state],
                    due=execution.finished_at,
                    recipient=execution.recipient,
                    subject=execution.subject,
                    content=execution.content,
                    reason=execution.reason,
                )
            lines.append(values)
        return lines

    def _preview_delivery(self):
        """What running now would send, or why it would not."""
        try:
            reason = self._skip_reason()
        except Exception as error:
            _logger.info("Previewing rule %s failed", self.rule_id.id, exc_info=True)
            return {"outcome": self.env._("Would fail"), "reason": error_text(error)}
        if reason:
            return {"outcome": self.env._("Would be skipped"), "reason": reason}
        adapter = adapter_for(self)
        try:
            delivery = adapter.prepare(self)
        except SkipExecution as skip:
            return {"outcome": self.env._("Would be skipped"), "reason": str(skip)}
        except Exception as error:
            _logger.info("Previewing rule %s failed", self.rule_id.id, exc_info=True)
            return {"outcome": self.env._("Would fail"), "reason": error_text(error)}
        return {
            "recipient": delivery.recipient,
            "subject": delivery.subject,
            "content": delivery.content,
        }

    # ------------------------------------------------------------------
    # Test sends and delivery reports
    # ------------------------------------------------------------------
    @api.model
    def _send_test(self, rule, order, destination=False):
        """Send ``rule`` once now on ``order``, outside any visit, and return
        the execution that logs it."""
        execution = self.sudo().create(
            {
                **self._values_for(order, rule, visit=0),
                "is_test": True,
                "test_destination": destination,
                "state": "scheduled",
                "scheduled_at": fields.Datetime.now(),
            }
        )
        execution._send()
        return execution

    @api.model
    def _on_notifications_update(self, notifications):
        """Follow the provider's reports on what the channels posted: an SMS
        delivered, an email or SMS that bounced or failed after sending."""
        reported = notifications.filtered(
            lambda n: n.notification_status in ("sent", "exception", "bounce")
        )
        if not reported:
            return
        executions = self.search(
            [
                ("mail_message_id", "in", reported.mail_message_id.ids),
                ("state", "in", ("sent", "delivered")),
            ]
        )
        notification_of = {n.mail_message_id: n for n in reversed(reported)}
        for execution in executions:
            notification = notification_of[execution.mail_message_id]
            status = notification.notification_status
            if status == "sent" and notification.notification_type == "sms":
                if execution.state == "sent":
                    execution._finish("delivered")
            elif status in ("exception", "bounce"):
                execution._finish(
                    "failed",
                    notification.failure_reason
                    or self.env._("The provider reported a failure after sending."),
                )

    def _on_call_status(self, params):
        """Take a Twilio call status report into account, once, in order."""
        self.ensure_one()
        sid, status = params.get("CallSid"), params.get("CallStatus")
        try:
            sequence = int(params.get("SequenceNumber", -1))
        except ValueError:
            sequence = -1
        if sid != self.provider_ref or self.state != "sent":
            _logger.info(
                "Ignored call report %s %s for execution %s (%s, call %s)",
                sid,
                status,
                self.id,
                self.state,
                self.provider_ref,
            )
            return
        if sequence <= self.call_sequence:
            _logger.info("Ignored repeated or late call report %s of %s", sequence, sid)
            return
        self.call_sequence = sequence
        if status == "completed":
            duration = int(params.get("CallDuration") or 0)
            answered_by = params.get("AnsweredBy") or ""
            self.write({"call_duration": duration, "answered_by": answered_by})
            self._finish(
                "delivered",
                self.env._(
                    "Answered%(by)s, %(duration)s s.",
                    by=self.env._(" by %s", answered_by) if answered_by else "",
                    duration=duration,
                ),
            )
        elif status in ("busy", "no-answer"):
            self._call_again_or_fail(status)
        elif status in ("failed", "canceled"):
            self._finish("failed", self.env._("The call %(status)s.", status=status))

    def _call_again_or_fail(self, status):
        rule = self.rule_id
        if self.is_test or self.attempts >= rule.call_retry_max:
            self._finish(
                "failed",
                self.env._(
                    "%(status)s, %(attempts)s call(s): giving up.",
                    status=status,
                    attempts=self.attempts,
                ),
            )
            return
        due = fields.Datetime.now() + timedelta(minutes=rule.call_retry_minutes)
        self.write(
            {
                "state": "scheduled",
                "scheduled_at": due,
                "reason": self.env._(
                    "%(status)s: calling again at %(due)s (UTC).",
                    status=status,
                    due=due,
                ),
                "job_uuid": str(uuid.uuid4()),
            }
        )
        self._enqueue()
        self._log()

    # ------------------------------------------------------------------
    # Chatter
    # ------------------------------------------------------------------
    def _log(self):
        """One internal note per execution in its order's chatter."""
        bodies = {}
        for execution in self:
            bodies.setdefault(execution.order_id.id, []).append(execution._log_line())
        orders = self.order_id.sudo()
        orders._message_log_batch(
            {
                order_id: Markup("<br/>").join(lines)
                for order_id, lines in bodies.items()
            },
            author_id=self.env.ref("base.partner_root").id,
        )

    def _log_line(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        line = Markup("%s<b>%s</b> (%s): %s") % (
            self.env._("Test send of ") if self.is_test else "",
            self.rule_id.name,
            self._channel_label(),
            states[self.state],
        )
        if self.recipient and self.state in ("sent", "delivered", "unknown", "failed"):
            line += Markup(" %s %s") % (self.env._("to"), self.recipient)
        if self.sandbox:
            line += Markup(" %s") % self.env._("(sandbox: nothing left the server)")
        if self.reason:
            line += Markup(" — %s") % self.reason
        return line

    # ------------------------------------------------------------------
    # Manager actions
    # ------------------------------------------------------------------
    def _check_manager(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales managers can act on the automation log.")
            )

    def action_retry(self):
        """Send a failed (or unknown) execution again, now."""
        self._check_manager()
        for execution in self:
            if execution.state not in ("failed", "unknown"):
                raise UserError(
                    self.env._(
                        "Only failed executions, or executions with an unknown "
                        "outcome, can be sent again."
                    )
                )
            if execution._stale_reason():
                raise UserError(
                    self.env._(
                        "%(execution)s: the order left the status since; it is not "
                        "sent again.",
                        execution=execution.display_name,
                    )
                )
        now = fields.Datetime.now()
        for execution in self.sudo():
            execution.write(
                {
                    "state": "scheduled",
                    "scheduled_at": now,
                    "attempts": 0,
                    "reason": self.env._("Sent again by %s.", self.env.user.name),
                    "job_uuid": str(uuid.uuid4()),
                }
            )
        self.sudo()._enqueue()
        return True

    def action_cancel(self):
        """Cancel executions that have not started; the next rule may start."""
        self._check_manager()
        if any(execution.state not in NOT_STARTED for execution in self):
            raise UserError(
                self.env._("Only executions that did not start can be cancelled.")
            )
        executions = self.sudo()
        executions._cancel(self.env._("Cancelled by %s.", self.env.user.name))
        for execution in executions:
            execution._start_next()
        return True

    def action_mark_sent(self):
        """Record that a message whose outcome was unknown did leave."""
        self._check_manager()
        if any(execution.state != "unknown" for execution in self):
            raise UserError(
                self.env._(
                    "Only executions with an unknown outcome can be marked as sent."
                )
            )
        for execution in self.sudo():
            execution._finish(
                "sent", self.env._("Marked as sent by %s.", self.env.user.name)
            )
        return True
