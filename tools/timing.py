# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""When a rule is due, as arithmetic on times: no database.

The rule (models/sale_status_rule_timing.py) reads its settings and the
order, and the sending hours' calendar (models/resource_calendar.py) gives
its working intervals; what they compute from them is here, so that it can
be tested over clock changes and month ends without an order.

Times are naive UTC, as Odoo's Datetime fields hold them; a *local* time is
naive too, a time of the zone ``tz`` (a pytz zone) it is given with. A time
of day is a float of hours (8.5 is 08:30), as Odoo's float_time widget
edits it.
"""

import datetime

import pytz

DELAY_UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}
MAX_DELAY_MINUTES = 365 * 24 * 60


def delay_minutes(delay, unit):
    """A delay of ``delay`` ``unit`` (a key of DELAY_UNITS) in minutes."""
    return delay * DELAY_UNITS[unit]


def hour_minute(time_of_day):
    """The time of day as (hour, minute), rounded to the minute; 23:59.99
    stays 23:59 rather than becoming the next day's midnight."""
    minutes = min(round(time_of_day * 60), 24 * 60 - 1)
    return divmod(minutes, 60)


def time_of_day_label(time_of_day):
    hours, minutes = hour_minute(time_of_day)
    return f"{hours:02d}:{minutes:02d}"


def at_time_of_day(day, time_of_day):
    """The local time ``time_of_day`` of the date ``day``."""
    hours, minutes = hour_minute(time_of_day)
    return datetime.datetime.combine(day, datetime.time(hours, minutes))


def to_utc(local, tz):
    """``local``, a time of ``tz``, as naive UTC. A time the clock skips
    (spring forward) or shows twice (fall back) is read as standard time,
    pytz's default."""
    return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def to_local(moment, tz):
    """``moment`` (naive UTC) as the naive time ``tz``'s clocks show."""
    return pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)


def first_timezone(*names):
    """The zone of the first of ``names`` that is a known time zone, else
    UTC (a partner's tz may be empty or a name pytz no longer has)."""
    for name in names:
        if name in pytz.all_timezones_set:
            return pytz.timezone(name)
    return pytz.utc


def due_after_delay(start, delay, unit, tz=pytz.utc, time_of_day=None):
    """When a rule ``delay`` ``unit`` after ``start`` is due; with a
    ``time_of_day``, the first such time of ``tz``'s day at or after that.

    Days then count on the local calendar: across a clock change a day is
    23 or 25 hours, and 24 hours would land at the wrong time of that day.
    """
    due = start + datetime.timedelta(minutes=delay_minutes(delay, unit))
    if time_of_day is None:
        return due
    if unit == "days":
        local = to_local(start, tz) + datetime.timedelta(days=delay)
    else:
        local = to_local(due, tz)
    moment = at_time_of_day(local.date(), time_of_day)
    if moment < local:
        moment = at_time_of_day(local.date() + datetime.timedelta(days=1), time_of_day)
    return to_utc(moment, tz)


def due_from_date(value, tz, delay, unit, before=False, time_of_day=None):
    """When a rule ``delay`` ``unit`` after (``before``: before) an
    order's date ``value`` is due, in ``tz``'s day; with a ``time_of_day``,
    at that time of the day it lands on.

    ``value`` is a datetime (naive UTC) or a date, which starts at midnight
    of ``tz``'s day. Days are calendar days of ``tz``, whatever the clock
    change; minutes and hours are elapsed time.
    """
    if isinstance(value, datetime.datetime):
        moment = to_local(value, tz)
    else:
        moment = datetime.datetime.combine(value, datetime.time())
    sign = -1 if before else 1
    offset = datetime.timedelta(minutes=sign * delay_minutes(delay, unit))
    if unit == "days":
        moment += offset
        if time_of_day is not None:
            moment = at_time_of_day(moment.date(), time_of_day)
        return to_utc(moment, tz)
    # A datetime is not read back from the local clock, which shows the
    # hour a clock goes back twice.
    start = value if isinstance(value, datetime.datetime) else to_utc(moment, tz)
    due = start + offset
    if time_of_day is None:
        return due
    return to_utc(at_time_of_day(to_local(due, tz).date(), time_of_day), tz)


def run_at(due, now, skip_past):
    """When a rule whose moment from an order's date is ``due`` runs, when
    planned at ``now``: at its moment; at once when that is past; never
    (None) when it is past and the rule skips past moments."""
    if due >= now:
        return due
    return None if skip_past else now


def next_opening(start, intervals):
    """The first moment at or after ``start`` inside ``intervals``, the
    (begin, end) pairs of a calendar's working time in order (aware
    datetimes, as resource.calendar gives them); None when none ends after
    ``start``."""
    for begin, end in intervals:
        if end > start:
            return max(begin, start)
    return None
