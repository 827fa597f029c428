# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import fields, models
from odoo.fields import Domain

from odoo.addons.queue_job.exception import RetryableJobError
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
from .sale_status_execution import FINISHED

_logger = logging.getLogger(__name__)

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
    """The queue job of an execution: queued when it is due, it checks that
    the rule still applies, waits for the sending hours and the channel's
    turn, sends once, and records how it ended."""

    _inherit = "sale.status.execution"

    def _job_options(self, now=None, description=None):
        """The options of this execution's queue job (``with_delay``'s);
        ``now`` and ``description`` (its translated pattern) once for many."""
        now = now or fields.Datetime.now()
        description = description or self.env._("%(order)s: %(rule)s")
        return {
            "eta": self.scheduled_at if self.scheduled_at > now else None,
            "priority": BULK_PRIORITY if self.bulk else PRIORITY,
            "max_retries": JOB_MAX_RETRIES,
            "identity_key": f"sale.status.execution,{self.id}",
            "description": description
            % {"order": self.order_id.name, "rule": self.rule_id.name},
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
        now = fields.Datetime.now()
        description = self.env._("%(order)s: %(rule)s")
        # The jobs keep the executions' environment (sudo when planned by a
        # status change): the automation acts for the company, not the user.
        # Their rows need no mail tracking: queue_job already creates them
        # without a creation message or followers.
        store_jobs(
            self.with_context(tracking_disable=True).env,
            [
                (
                    execution._run,
                    {
                        "job_uuid": execution.job_uuid,
                        **execution._job_options(now, description),
                    },
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

    def _run(self):
        """Run this execution at most once.

        Each step that matters is committed before the next one: the job
        claims the execution (*running*, committed) before it checks and
        prepares it, so a job that is retried after a crash finds it running
        and does not send again.
        """
        self.ensure_one()
        if not self._lock():  # its order was deleted
            return
        if self.state == "running":
            self._note_what_may_have_left()
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
            if not self.starts_nothing:
                self._start_next()
            return
        if self.state != "scheduled":
            return
        self._claim()
        stale = self._stale_reason()
        if stale:
            self._finish("cancelled", stale)
            return
        if self._checks_pass():
            self._postpone_outside_sending_hours()
            self._send()
        if not self.starts_nothing:
            self._start_next(outcome_sent=self.state not in ("skipped", "cancelled"))

    def _claim(self):
        """Mark the execution running and commit it, before reading what
        its checks and its message need: from here on, a job that dies never
        sends again (it finds the execution running). Committed first, the
        order, its customer and the company are read once: a commit clears
        the ORM's cache, and read before it they were read again to send,
        about a sixth of an SMS job (scripts/profile_job.sh)."""
        self.write(
            {"state": "running", "started_at": fields.Datetime.now(), "reason": False}
        )
        self._commit()

    def _note_what_may_have_left(self):
        """A job that died after its claim may have sent the message: its
        recipient and text were only to be saved with the outcome. Prepare
        it again, without sending, so the log says to whom and what; best
        effort, as preparing may be what stopped the worker."""
        # Kept from an earlier attempt, or saved before sending by an older
        # version of the addon.
        if self.recipient:
            return
        try:
            with self.env.cr.savepoint():
                delivery = self._channel()._prepare(self)
        except Exception:
            _logger.info(
                "Execution %s: its message cannot be prepared again",
                self.id,
                exc_info=True,
            )
            return
        self.write(
            {
                "recipient": delivery.recipient,
                "subject": delivery.subject,
                "content": delivery.content,
            }
        )

    def _commit(self):
        # The job function is declared with allow_commit: queue_job runs it in
        # a cursor of its own, made for this.
        self.env.cr.commit()  # pylint: disable=invalid-commit

    def _lock(self):
        """Lock the execution's row for this job, and read it as it is now;
        False when the row is gone (its order was deleted). A row another
        transaction holds is tried again later."""
        if not self.try_lock_for_update(allow_referencing=True):
            if not self.exists():
                return False
            raise RetryableJobError(
                self.env._("The execution is locked by another transaction."),
                seconds=LOCK_RETRY_SECONDS,
                ignore_retry=True,
            )
        self.invalidate_recordset()
        return True

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

    def _send(self):
        """Prepare, send through the channel, record the outcome.

        A real run was claimed (running, committed) by ``_run`` and retries
        transient errors through queue_job; a test send commits nothing and
        is not retried.
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
                # A test send is not claimed; a run is running already.
                "state": "running",
                "started_at": self.started_at or fields.Datetime.now(),
                "attempts": self.attempts + 1,
                "recipient": delivery.recipient,
                "subject": delivery.subject,
                "content": delivery.content,
                "sandbox": self.company_id.sale_status_sandbox,
                "reason": False,
            }
        )
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

    def _may_have_left(self, error):
        return self.env._(
            "The provider's answer was lost, the message may have left: %s. It is "
            "not sent again automatically.",
            error,
        )
