# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import uuid

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.timing import (
    MAX_DELAY_MINUTES,
    delay_minutes,
    due_after_delay,
    due_from_date,
    first_timezone,
    run_at,
)

# Dates of an order a rule cannot count from: the time of any write, and
# the time it entered its status (a rule's delay counts from there already).
NOT_ANCHORS = ("write_date", "stage_date")


class SaleStatusRule(models.Model):
    """When a rule runs: its moment on an order (the arithmetic is in
    tools/timing.py), the checks of its delay and date, and the dates of an
    order it may count from."""

    _inherit = "sale.status.rule"

    def _planned(self, start, order):
        """Values scheduling an execution of this rule on ``order``, its
        delay counted from ``start`` (a date of the order's instead, for a
        rule relative to one): due, waiting for the order's date, or
        skipped because its moment is past."""
        now = fields.Datetime.now()
        due = self._due(start, order)
        if not due:
            return {
                "state": "waiting_date",
                "scheduled_at": False,
                "moment_at": False,
                "job_uuid": False,
                "reason": self.env._(
                    "Waits for the order's %(date)s.", date=self._date_field_label()
                )
                if self._is_anchor(self.date_field)
                else self.env._(
                    "The date of the order the rule counts from was removed."
                ),
            }
        reason = False
        # Only a date of the order can be past. A delay counts from
        # ``start``, which the clock has already left behind by the time the
        # last of a bulk of orders is planned: compared with ``now``, that
        # rule would be skipped for the seconds planning took.
        skip_past = self.past_date == "skip"
        runs_at = run_at(due, now, skip_past) if self.timing == "date" else due
        if runs_at != due:
            past = self.env._(
                "Its moment, %(due)s (UTC), was already past",
                due=fields.Datetime.to_string(due),
            )
            if runs_at is None:
                return {
                    "state": "skipped",
                    "scheduled_at": due,
                    "moment_at": due,
                    "finished_at": now,
                    "reason": self.env._("%(past)s: skipped.", past=past),
                }
            due, reason = now, self.env._("%(past)s: runs at once.", past=past)
        return {
            "state": "scheduled",
            "scheduled_at": due,
            "moment_at": due,
            "job_uuid": str(uuid.uuid4()),
            "reason": reason,
        }

    def _due(self, start, order):
        """When this rule is due on ``order`` (naive UTC), counted from
        ``start`` or from the order's date; None when the order has no such
        date."""
        if self.timing == "date":
            return self._due_from_date(order)
        delay, unit = self._delay(), self.delay_unit
        if not self.at_time_of_day:  # the time zone costs reads: not needed
            return due_after_delay(start, delay, unit)
        tz = self._customer_tz(order)
        return due_after_delay(start, delay, unit, tz, self.time_of_day)

    def _due_from_date(self, order):
        # A custom date removed since the rule was saved counts as no date.
        fname = self.date_field
        value = order[fname] if self._is_anchor(fname) else False
        if not value:
            return None
        return due_from_date(
            value,
            self._customer_tz(order),
            self.delay,
            self.delay_unit,
            before=self.date_direction == "before",
            time_of_day=self.time_of_day if self.at_time_of_day else None,
        )

    def _customer_tz(self, order):
        """The customer's time zone, else the sending hours', as the
        sending hours read the customer's day."""
        calendar = self.sending_calendar_id or order.company_id.sale_status_calendar_id
        return first_timezone(order.partner_id.tz, calendar.tz)

    def _delay(self):
        """The delay counted from the start: none when the rule runs
        immediately, whatever its delay field still holds."""
        return self.delay if self.timing == "delay" else 0

    def _delay_minutes(self):
        return delay_minutes(self._delay(), self.delay_unit)

    @api.constrains("timing", "delay", "delay_unit")
    def _check_delay_range(self):
        for rule in self.filtered(lambda rule: rule.timing in ("delay", "date")):
            if rule.timing == "delay" and rule.delay <= 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a delay must be positive.", rule=rule.name
                    )
                )
            if rule.delay < 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the time before or after the date cannot "
                        "be negative.",
                        rule=rule.name,
                    )
                )
            if delay_minutes(rule.delay, rule.delay_unit) > MAX_DELAY_MINUTES:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a delay cannot exceed 365 days.", rule=rule.name
                    )
                )

    @api.constrains("timing", "date_field", "at_time_of_day", "time_of_day")
    def _check_date_timing(self):
        anchors = self._anchor_field_names()
        for rule in self:
            if rule.at_time_of_day and not 0 <= rule.time_of_day < 24:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the time of day must be between 00:00 and "
                        "23:59.",
                        rule=rule.name,
                    )
                )
            if rule.timing != "date":
                continue
            if not rule.date_field:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: choose the date of the order it counts from.",
                        rule=rule.name,
                    )
                )
            if rule.date_field not in anchors:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(field)s is not a stored date of the sale "
                        "order.",
                        rule=rule.name,
                        field=rule.date_field,
                    )
                )

    @api.model
    def _anchor_field_names(self):
        """The dates of a sale order a rule may count from."""
        return {
            name for name in self.env["sale.order"]._fields if self._is_anchor(name)
        }

    @api.model
    def _is_anchor(self, fname):
        """Whether a rule may count from the sale order's field ``fname``
        (asked on every write of orders: one look-up, not a scan)."""
        field = self.env["sale.order"]._fields.get(fname)
        return bool(
            field
            and field.type in ("date", "datetime")
            and field.store
            and fname not in NOT_ANCHORS
        )

    @api.model
    def _selection_date_field(self):
        orders = self.env["sale.order"]
        return sorted(
            (
                (fname, orders._fields[fname]._description_string(self.env))
                for fname in self._anchor_field_names()
            ),
            key=lambda option: option[1],
        )

    def _date_field_label(self):
        if not self._is_anchor(self.date_field):
            return ""
        field = self.env["sale.order"]._fields[self.date_field]
        return field._description_string(self.env)
