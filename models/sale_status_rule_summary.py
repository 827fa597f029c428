# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools.timing import time_of_day_label


class SaleStatusRule(models.Model):
    """What a rule says it does, in one line of the board and the list: its
    channel, its recipient, its timing, its conditions."""

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
        return time_of_day_label(self.time_of_day) if self.at_time_of_day else ""

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
