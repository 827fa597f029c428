# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.fields import Domain

from ..tools.queue_jobs import cancel_jobs, move_jobs


class SaleStatusExecution(models.Model):
    """Executions counted from a date of the order follow that date."""

    _inherit = "sale.status.execution"

    @api.model
    def _on_order_dates_changed(self, orders, fnames):
        """Move what did not start of the rules that count from a date of
        ``orders`` that just changed (one of ``fnames``)."""
        rules = self.env["sale.status.rule"]
        changed = {fname for fname in fnames if rules._is_anchor(fname)}
        if not changed or not orders.ids:
            return
        # sudo: whoever changes the date moves what the automation planned.
        pending = self.sudo().search(
            [
                ("order_id", "in", orders.ids),
                ("state", "in", ("scheduled", "waiting_date")),
                # a retry, a redial or a manager's "Send again" is not moved:
                # it is already under way
                ("attempts", "=", 0),
                ("finished_at", "=", False),
                ("is_test", "=", False),
                ("fallback_of_id", "=", False),
                ("rule_id.timing", "=", "date"),
                ("rule_id.date_field", "in", sorted(changed)),
            ]
        )
        pending._follow_order_date()

    def _follow_order_date(self):
        """Plan these pending executions again from their order's date:
        move their due time and queue job, wait for a removed date, or skip
        when the date moved into the past and the rule says so."""
        now = fields.Datetime.now()
        changed, moved = self.browse(), self.browse()
        stale_jobs = []
        for execution in self:
            rule = execution.rule_id
            values = rule._planned(now, execution.order_id)
            date = rule._date_field_label()
            if values["state"] == execution.state == "waiting_date":
                continue
            if execution._moment_came(now) and (
                values["state"] != "scheduled" or values["scheduled_at"] <= now
            ):
                # Due under the date it had (waiting for the sending hours,
                # its number's turn or a worker): a date that is past too,
                # or removed, changes nothing; only a later one moves it.
                continue
            if values["state"] == execution.state == "scheduled":
                if values["scheduled_at"] == execution.scheduled_at:
                    continue
                execution.write(
                    {
                        "scheduled_at": values["scheduled_at"],
                        "moment_at": values["moment_at"],
                        "reason": values["reason"]
                        or self.env._(
                            "Moved to %(due)s (UTC): the order's %(date)s changed.",
                            due=fields.Datetime.to_string(values["scheduled_at"]),
                            date=date,
                        ),
                    }
                )
                moved |= execution
            else:
                if execution.state == "scheduled":
                    stale_jobs.append(execution.job_uuid)
                elif values["state"] == "scheduled":
                    values["reason"] = values["reason"] or self.env._(
                        "Planned: the order's %(date)s was set.", date=date
                    )
                execution.write(values)
            changed |= execution
        if stale_jobs:
            cancel_jobs(
                self.env,
                Domain("uuid", "in", stale_jobs),
                self.env._("The date of the order it counted from changed."),
            )
        if moved:
            move_jobs(
                self.env,
                {
                    execution.job_uuid: execution._job_options()["eta"]
                    for execution in moved
                },
            )
        (changed - moved).filtered(
            lambda execution: execution.state == "scheduled"
        )._enqueue()
        changed._log()
        for execution in changed.filtered(
            lambda execution: execution.state == "skipped"
        ):
            execution._start_next_or_leave_it_to_the_cron()

    def _moment_came(self, now):
        moment = self.moment_at or self.scheduled_at
        return self.state == "scheduled" and moment and moment <= now

    def _schedule_again(self, due, reason):
        """Run this finished execution once more at ``due`` (a redial, a
        manager's retry)."""
        self.write({"state": "scheduled", "scheduled_at": due, "reason": reason})
        self._enqueue()
        self._log()
