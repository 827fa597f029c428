# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase


class TestQuietHours(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "America/New_York"
        cls.company.write(
            {
                "sale_status_quiet_hours": True,
                "sale_status_quiet_start": 21.0,
                "sale_status_quiet_end": 8.5,
                "sale_status_quiet_sun": True,
            }
        )

    def until(self, utc, tz=None):
        return self.company._sale_status_quiet_until(utc, tz)

    def test_outside_quiet_hours_runs_now(self):
        # Tuesday 10:00 in Brussels.
        self.assertIsNone(self.until(datetime(2026, 3, 3, 9, 0), "Europe/Brussels"))

    def test_evening_waits_for_the_morning_in_the_customer_time_zone(self):
        # Tuesday 22:00 in Brussels -> Wednesday 08:30 Brussels = 07:30 UTC.
        self.assertEqual(
            self.until(datetime(2026, 3, 3, 21, 0), "Europe/Brussels"),
            datetime(2026, 3, 4, 7, 30),
        )

    def test_early_morning_waits_for_the_same_morning(self):
        # Tuesday 06:00 in Brussels -> 08:30 Brussels.
        self.assertEqual(
            self.until(datetime(2026, 3, 3, 5, 0), "Europe/Brussels"),
            datetime(2026, 3, 3, 7, 30),
        )

    def test_company_time_zone_when_the_customer_has_none(self):
        # Tuesday 23:00 UTC is 18:00 in New York: not quiet there.
        self.assertIsNone(self.until(datetime(2026, 3, 3, 23, 0)))
        # Wednesday 02:00 UTC is 21:00 in New York: wait for 08:30 there.
        self.assertEqual(
            self.until(datetime(2026, 3, 4, 2, 0)), datetime(2026, 3, 4, 13, 30)
        )

    def test_quiet_day_waits_for_the_next_morning(self):
        # Saturday 22:00 in Brussels: the night, then Sunday, then Monday 08:30.
        self.assertEqual(
            self.until(datetime(2026, 3, 7, 21, 0), "Europe/Brussels"),
            datetime(2026, 3, 9, 7, 30),
        )

    def test_daylight_saving_change(self):
        # Brussels moves to summer time on Sunday 29 March 2026; Monday 08:30
        # is then 06:30 UTC.
        self.assertEqual(
            self.until(datetime(2026, 3, 28, 22, 0), "Europe/Brussels"),
            datetime(2026, 3, 30, 6, 30),
        )

    def test_unknown_time_zone_falls_back_to_utc(self):
        self.assertEqual(
            self.until(datetime(2026, 3, 3, 22, 0), "Mars/Olympus_Mons"),
            datetime(2026, 3, 4, 8, 30),
        )

    def test_off_means_never_quiet(self):
        self.company.sale_status_quiet_hours = False
        self.assertIsNone(self.until(datetime(2026, 3, 8, 23, 0), "Europe/Brussels"))

    def test_settings_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "different start and end"):
            self.company.write(
                {"sale_status_quiet_start": 21.0, "sale_status_quiet_end": 21.0}
            )
        with self.assertRaisesRegex(ValidationError, "hours of the day"):
            self.company.write(
                {"sale_status_quiet_start": 25.0, "sale_status_quiet_end": 8.0}
            )
        every_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        with self.assertRaisesRegex(ValidationError, "every day"):
            self.company.write(
                {
                    "sale_status_quiet_start": 21.0,
                    "sale_status_quiet_end": 8.0,
                    **{f"sale_status_quiet_{day}": True for day in every_day},
                }
            )
