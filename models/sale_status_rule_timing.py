# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import uuid

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DELAY_UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}
MAX_DELAY_MINUTES = 365 * 24 * 60
# Dates of an order a rule cannot count from: the time of any write, and
# the time it entered its status (a rule's delay counts from there already).
NOT_ANCHORS = ("write_date", "stage_date")


class SaleStatusRule(models.Model):
    """When a rule runs: its summary, its moment on an order, the checks of
    its delay and date."""

    _inherit = "sale.status.rule"

    @api.depends(
        "channel",
        "fallback_channel",
        "timing",
        "delay",
        "delay_unit",
        "date_direction",
        "date_field",
        "at_time_of_day",
        "time_of_day",
        "run_mode",
        "condition_domain",
        "once_per_order",
    )
    @api.depends_context("lang")
    def _compute_summary(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for rule in self:
            parts = [
                self.env._(
                    "%(channel)s to %(recipient)s",
                    channel=channels.get(rule.channel, ""),
                    recipient=rule._channel()._audience() if rule.channel else "",
                ),
                rule._timing_label(),
            ]
            if rule.fallback_channel:
                parts.insert(
                    1,
                    self.env._(
                        "otherwise %(channel)s",
                        channel=channels.get(rule.fallback_channel, ""),
                    ),
                )
            if rule._has_condition():
                parts.append(self.env._("if conditions match"))
            if rule.once_per_order:
                parts.append(self.env._("once per order"))
            rule.summary = ", ".join(parts)

    def _timing_label(self):
        after = (
            self.env._("the previous rule")
            if self.run_mode == "after_previous"
            else self.env._("entering")
        )
        if self.timing == "date":
            return self._date_timing_label()
        at = self._time_of_day_label()
        if self.timing == "immediately" or not self.delay:
            if at:
                return self.env._("at %(time)s after %(after)s", time=at, after=after)
            if self.run_mode == "after_previous":
                return self.env._("right after the previous rule")
            return self.env._("immediately on entering")
        if at:
            if self.run_mode == "after_previous":
                return self.env._(
                    "at %(time)s, %(delay)s after the previous rule",
                    time=at,
                    delay=self._delay_label(),
                )
            return self.env._(
                "at %(time)s after %(delay)s", time=at, delay=self._delay_label()
            )
        return self.env._(
            "%(delay)s after %(after)s", delay=self._delay_label(), after=after
        )

    def _delay_label(self):
        unit = {
            "minutes": self.env._("min"),
            "hours": self.env._("h"),
            "days": self.env._("day(s)"),
        }[self.delay_unit]
        return f"{self.delay} {unit}"

    def _time_of_day_label(self):
        if not self.at_time_of_day:
            return ""
        hours, minutes = self._hour_minute()
        return f"{hours:02d}:{minutes:02d}"

    def _date_timing_label(self):
        date = self.env._("the %(date)s", date=self._date_field_label().lower())
        if self.delay:
            label = self.env._(
                "%(offset)s %(direction)s %(date)s",
                offset=self._delay_label(),
                direction=dict(
                    self._fields["date_direction"]._description_selection(self.env)
                )[self.date_direction].lower(),
                date=date,
            )
        else:
            label = self.env._("on %(date)s", date=date)
        at = self._time_of_day_label()
        return self.env._("%(when)s at %(time)s", when=label, time=at) if at else label

    def _hour_minute(self):
        """The time of day as (hour, minute), rounded to the minute."""
        minutes = min(round(self.time_of_day * 60), 24 * 60 - 1)
        return divmod(minutes, 60)

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
        if self.timing == "date" and due < now:
            past = self.env._(
                "Its moment, %(due)s (UTC), was already past",
                due=fields.Datetime.to_string(due),
            )
            if self.past_date == "skip":
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
        due = start + datetime.timedelta(minutes=self._delay_minutes())
        if not self.at_time_of_day:
            return due
        # The first such time of the customer's day at or after ``due``.
        tz = self._customer_tz(order)
        if self.timing == "delay" and self.delay_unit == "days":
            # Days of the customer's calendar: across a clock change one
            # is 23 or 25 hours, and 24 would miss that day's time.
            local = pytz.utc.localize(start).astimezone(tz).replace(tzinfo=None)
            local += datetime.timedelta(days=self.delay)
        else:
            local = pytz.utc.localize(due).astimezone(tz).replace(tzinfo=None)
        moment = self._at_time_of_day(local.date())
        if moment < local:
            moment = self._at_time_of_day(local.date() + datetime.timedelta(days=1))
        return self._to_utc(moment, tz)

    def _due_from_date(self, order):
        # A custom date removed since the rule was saved counts as no date.
        fname = self.date_field
        value = order[fname] if self._is_anchor(fname) else False
        if not value:
            return None
        tz = self._customer_tz(order)
        if isinstance(value, datetime.datetime):
            moment = pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
        else:  # a date: its start in the customer's day
            moment = datetime.datetime.combine(value, datetime.time())
        sign = -1 if self.date_direction == "before" else 1
        offset = datetime.timedelta(
            minutes=sign * self.delay * DELAY_UNITS[self.delay_unit]
        )
        if self.delay_unit == "days":
            # Days are the customer's calendar days, whatever the clock change.
            moment += offset
            if self.at_time_of_day:
                moment = self._at_time_of_day(moment.date())
            return self._to_utc(moment, tz)
        due = self._to_utc(moment, tz) + offset
        if not self.at_time_of_day:
            return due
        local = pytz.utc.localize(due).astimezone(tz).replace(tzinfo=None)
        return self._to_utc(self._at_time_of_day(local.date()), tz)

    def _at_time_of_day(self, day):
        hours, minutes = self._hour_minute()
        return datetime.datetime.combine(day, datetime.time(hours, minutes))

    @staticmethod
    def _to_utc(local, tz):
        """``local``, a naive time of ``tz``, as naive UTC."""
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _customer_tz(self, order):
        """The customer's time zone, else the sending hours', as the
        sending hours read the customer's day."""
        calendar = self.sending_calendar_id or order.company_id.sale_status_calendar_id
        for tz_name in (order.partner_id.tz, calendar.tz):
            if tz_name in pytz.all_timezones_set:
                return pytz.timezone(tz_name)
        return pytz.utc

    def _delay_minutes(self):
        if self.timing != "delay":
            return 0
        return self.delay * DELAY_UNITS[self.delay_unit]

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
            if rule.delay * DELAY_UNITS[rule.delay_unit] > MAX_DELAY_MINUTES:
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
