# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields, models

from odoo.addons.queue_job.exception import RetryableJobError


class SaleStatusExecution(models.Model):
    """When a claimed execution must wait (models/
    sale_status_execution_job.py): outside its sending hours, or until its
    channel's provider may take the message. It goes back to *scheduled*,
    and its job runs again at that time."""

    _inherit = "sale.status.execution"

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
        self.write({"state": "scheduled", "started_at": False, "scheduled_at": opening})
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
                "state": "scheduled",
                "started_at": False,
                "scheduled_at": fields.Datetime.now()
                + timedelta(seconds=later.seconds),
                "reason": str(later),
            }
        )
        self._commit()
        raise RetryableJobError(str(later), seconds=later.seconds, ignore_retry=True)
