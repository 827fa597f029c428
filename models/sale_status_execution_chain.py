# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import fields, models

from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)


class SaleStatusExecution(models.Model):
    """Chains and fallback: a rule that runs after the previous one starts
    when that one ended, and a channel that cannot reach the customer hands
    over to the rule's fallback channel."""

    _inherit = "sale.status.execution"

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
