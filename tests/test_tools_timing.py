# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The timing arithmetic (tools/timing.py) without a database: examples,
then properties over clock changes, month ends and sending hours
(Hypothesis). tests/test_timing.py checks the same through rules and
orders."""

import unittest
from datetime import date, datetime, time, timedelta

import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.sale_status_automation.tools.timing import (
    at_time_of_day,
    due_after_delay,
    due_from_date,
    first_timezone,
    hour_minute,
    next_opening,
    run_at,
    time_of_day_label,
    to_local,
    to_utc,
)

BRUSSELS = pytz.timezone("Europe/Brussels")
NEW_YORK = pytz.timezone("America/New_York")
ZONES = st.sampled_from([BRUSSELS, NEW_YORK, pytz.utc])
# The weeks around the clock changes of 2026 in both zones (Brussels:
# 29 March, 25 October; New York: 8 March, 1 November), and month ends.
MOMENTS = st.one_of(
    *(
        st.datetimes(min_value=first, max_value=first + timedelta(days=10))
        for first in (
            datetime(2026, 3, 3),
            datetime(2026, 3, 24),
            datetime(2026, 10, 20),
            datetime(2026, 10, 27),
            datetime(2028, 2, 24),
        )
    )
)
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))
TIMES_OF_DAY = st.integers(min_value=0, max_value=24 * 60 - 1).map(
    lambda minutes: minutes / 60
)
UNITS = st.sampled_from(["minutes", "hours", "days"])
PROPERTIES = settings(max_examples=300, deadline=None)


def exists(local, tz):
    """Whether ``tz``'s clocks show ``local`` (not skipped by a spring
    forward)."""
    return to_local(to_utc(local, tz), tz) == local


class TestTimingExamples(unittest.TestCase):
    def test_a_time_of_day_rounds_to_the_minute_within_the_day(self):
        self.assertEqual(hour_minute(8.5), (8, 30))
        self.assertEqual(hour_minute(23.9999), (23, 59))
        self.assertEqual(time_of_day_label(7.25), "07:15")
        self.assertEqual(
            at_time_of_day(date(2026, 2, 28), 18.0), datetime(2026, 2, 28, 18)
        )

    def test_a_delay_is_elapsed_time_without_a_time_of_day(self):
        start = datetime(2026, 3, 28, 23, 30)
        self.assertEqual(
            due_after_delay(start, 90, "minutes"), datetime(2026, 3, 29, 1, 0)
        )
        self.assertEqual(
            due_after_delay(start, 2, "days"), datetime(2026, 3, 30, 23, 30)
        )

    def test_days_then_a_time_of_day_count_calendar_days_across_spring_forward(self):
        # 08:00 in Brussels on the Saturday; one day later at 08:00 is 06:00
        # UTC on Sunday (summer time), where 24 hours would be 09:00 local,
        # past 08:00, and wait until Monday.
        start = datetime(2026, 3, 28, 7, 0)
        self.assertEqual(
            due_after_delay(start, 1, "days", BRUSSELS, 8.0),
            datetime(2026, 3, 29, 6, 0),
        )

    def test_hours_then_a_time_of_day_take_the_next_such_time(self):
        # 2 hours after 20:00 New York time is 22:00: 09:00 is the next
        # morning's.
        start = datetime(2026, 11, 2, 1, 0)  # 20:00 EST on 1 November
        self.assertEqual(
            due_after_delay(start, 2, "hours", NEW_YORK, 9.0), datetime(2026, 11, 2, 14)
        )

    def test_days_before_a_date_cross_the_month_end_and_the_leap_day(self):
        self.assertEqual(
            due_from_date(date(2028, 3, 1), BRUSSELS, 1, "days", before=True),
            datetime(2028, 2, 28, 23, 0),  # midnight of 29 February, CET
        )
        self.assertEqual(
            due_from_date(date(2026, 3, 1), pytz.utc, 1, "days", True, 10.0),
            datetime(2026, 2, 28, 10, 0),
        )
        self.assertEqual(
            due_from_date(date(2026, 1, 31), NEW_YORK, 1, "days", time_of_day=9.0),
            datetime(2026, 2, 1, 14, 0),
        )

    def test_hours_after_a_datetime_are_elapsed_across_fall_back(self):
        # 00:30 CEST on 25 October plus 3 hours is 02:30 CET: 01:30 UTC.
        value = datetime(2026, 10, 24, 22, 30)
        self.assertEqual(
            due_from_date(value, BRUSSELS, 3, "hours"), datetime(2026, 10, 25, 1, 30)
        )

    def test_hours_from_a_datetime_in_the_hour_shown_twice(self):
        # 00:30 UTC on 25 October is 02:30 summer time in Brussels, a clock
        # time the fall back shows again an hour later: read back from the
        # clock it was 01:30 UTC, and the rule came an hour late.
        value = datetime(2026, 10, 25, 0, 30)
        self.assertEqual(
            due_from_date(value, BRUSSELS, 1, "hours"), datetime(2026, 10, 25, 1, 30)
        )

    def test_a_past_moment_runs_at_once_or_never(self):
        now = datetime(2026, 5, 1, 12)
        later, earlier = now + timedelta(hours=1), now - timedelta(seconds=1)
        self.assertEqual(run_at(later, now, skip_past=True), later)
        self.assertEqual(run_at(now, now, skip_past=True), now)
        self.assertIsNone(run_at(earlier, now, skip_past=True))
        self.assertEqual(run_at(earlier, now, skip_past=False), now)

    def test_the_first_known_time_zone(self):
        self.assertEqual(
            first_timezone(False, "Nowhere/Land", "Europe/Brussels"), BRUSSELS
        )
        self.assertEqual(first_timezone(None, ""), pytz.utc)

    def test_the_next_opening(self):
        def at(hour):
            return pytz.utc.localize(datetime(2026, 5, 4, hour))

        hours = [(at(8), at(12)), (at(13), at(17))]
        self.assertEqual(next_opening(at(9), hours), at(9))
        self.assertEqual(next_opening(at(6), hours), at(8))
        # the end of an interval is closed: at 12:00 the lunch break starts
        self.assertEqual(next_opening(at(12), hours), at(13))
        self.assertIsNone(next_opening(at(17), hours))
        self.assertIsNone(next_opening(at(9), []))


def daily_hours(tz, first_day, days, opens, closes):
    """Working intervals of ``opens`` to ``closes`` o'clock every day in
    ``tz``, as resource.calendar gives them (aware, in order)."""
    intervals = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        intervals.append(
            tuple(
                tz.localize(datetime.combine(day, time(hour)))
                for hour in (opens, closes)
            )
        )
    return intervals


class TestTimingProperties(unittest.TestCase):
    @PROPERTIES
    @given(start=MOMENTS, delay=st.integers(0, 400), unit=UNITS, tz=ZONES)
    def test_without_a_time_of_day_a_delay_is_elapsed_time(
        self, start, delay, unit, tz
    ):
        minutes = {"minutes": 1, "hours": 60, "days": 24 * 60}[unit] * delay
        self.assertEqual(
            due_after_delay(start, delay, unit, tz), start + timedelta(minutes=minutes)
        )

    @PROPERTIES
    @given(
        start=MOMENTS,
        delay=st.integers(0, 48),
        unit=st.sampled_from(["minutes", "hours"]),
        tz=ZONES,
        time_of_day=TIMES_OF_DAY,
    )
    def test_a_time_of_day_is_the_first_one_at_or_after_the_delay(
        self, start, delay, unit, tz, time_of_day
    ):
        elapsed = start + timedelta(minutes=delay * (60 if unit == "hours" else 1))
        due = due_after_delay(start, delay, unit, tz, time_of_day)
        local = to_local(due, tz)
        wanted = at_time_of_day(local.date(), time_of_day)
        if exists(wanted, tz):
            self.assertEqual(local, wanted)
            self.assertGreaterEqual(due, elapsed)
            # and the same time a day earlier was before the delay ended
            self.assertLess(to_utc(wanted - timedelta(days=1), tz), elapsed)
        # within the day after: a day is at most 25 hours
        self.assertLess(due, elapsed + timedelta(hours=25))

    @PROPERTIES
    @given(start=MOMENTS, delay=st.integers(0, 40), tz=ZONES, time_of_day=TIMES_OF_DAY)
    def test_days_and_a_time_of_day_land_on_the_calendar_day(
        self, start, delay, tz, time_of_day
    ):
        due = due_after_delay(start, delay, "days", tz, time_of_day)
        day = to_local(start, tz).date() + timedelta(days=delay)
        wanted = at_time_of_day(day, time_of_day)
        if not exists(wanted, tz):
            return
        # that day, unless the time of day was already past there
        if wanted >= to_local(start, tz) + timedelta(days=delay):
            self.assertEqual(to_local(due, tz), wanted)
        else:
            self.assertEqual(to_local(due, tz).date(), day + timedelta(days=1))

    @PROPERTIES
    @given(
        day=DAYS,
        delay=st.integers(0, 365),
        before=st.booleans(),
        tz=ZONES,
        time_of_day=st.one_of(st.none(), TIMES_OF_DAY),
    )
    def test_days_from_a_date_are_calendar_days_across_month_ends(
        self, day, delay, before, tz, time_of_day
    ):
        due = due_from_date(day, tz, delay, "days", before, time_of_day)
        target = day + timedelta(days=-delay if before else delay)
        local = to_local(due, tz)
        self.assertEqual(local.date(), target)
        wanted = at_time_of_day(target, time_of_day or 0)
        if exists(wanted, tz):
            self.assertEqual(local, wanted)

    @PROPERTIES
    @given(
        value=MOMENTS,
        delay=st.integers(0, 72),
        unit=st.sampled_from(["minutes", "hours"]),
        before=st.booleans(),
        tz=ZONES,
    )
    def test_minutes_and_hours_from_a_datetime_are_elapsed_time(
        self, value, delay, unit, before, tz
    ):
        offset = timedelta(minutes=delay * (60 if unit == "hours" else 1))
        due = due_from_date(value, tz, delay, unit, before)
        self.assertEqual(due, value - offset if before else value + offset)

    @PROPERTIES
    @given(local=MOMENTS, tz=ZONES)
    def test_a_local_time_goes_to_utc_and_back(self, local, tz):
        moment = to_utc(local, tz)
        if exists(local, tz):
            self.assertEqual(to_local(moment, tz), local)
        else:  # skipped by spring forward: read as standard time
            self.assertEqual(to_local(moment, tz), local + timedelta(hours=1))

    @PROPERTIES
    @given(start=MOMENTS, tz=ZONES, opens=st.integers(0, 22), hours=st.integers(1, 12))
    def test_the_next_opening_is_the_first_open_moment(self, start, tz, opens, hours):
        closes = min(opens + hours, 23)
        windows = daily_hours(tz, (start - timedelta(days=2)).date(), 8, opens, closes)
        start = pytz.utc.localize(start)
        opening = next_opening(start, windows)
        if opening is None:
            self.assertTrue(all(end <= start for _begin, end in windows))
            return
        self.assertGreaterEqual(opening, start)
        self.assertTrue(any(begin <= opening < end for begin, end in windows))
        for begin, end in windows:  # nothing open from the start to the opening
            self.assertGreaterEqual(max(begin, start), min(end, opening))
        # in the sending hours of the customer's clock, but on a day whose
        # opening hour the clock skips
        local = opening.astimezone(tz).replace(tzinfo=None)
        if exists(datetime.combine(local.date(), time(opens)), tz):
            self.assertTrue(opens <= local.hour < closes, local)
