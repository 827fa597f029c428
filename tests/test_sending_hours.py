# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo.tests.common import TransactionCase


class TestSendingHours(TransactionCase):
    """When a rule may reach the customer: a resource.calendar's working
    hours, minus its public holidays, in the customer's time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 08:00-12:00 and 13:00-17:00, Monday to Friday.
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Shop hours", "tz": "America/New_York"}
        )

    def opening(self, utc, tz=None):
        return self.calendar._sale_status_next_opening(utc, tz)

    def test_inside_the_hours_runs_now(self):
        tuesday_10_brussels = datetime(2026, 3, 3, 9, 0)
        self.assertEqual(
            self.opening(tuesday_10_brussels, "Europe/Brussels"), tuesday_10_brussels
        )

    def test_evening_waits_for_the_next_morning_in_the_customers_zone(self):
        monday_22_brussels = datetime(2026, 3, 2, 21, 0)
        self.assertEqual(
            self.opening(monday_22_brussels, "Europe/Brussels"),
            datetime(2026, 3, 3, 7, 0),  # Tuesday 08:00 in Brussels
        )

    def test_lunch_break_and_weekend_wait(self):
        self.assertEqual(
            self.opening(datetime(2026, 3, 3, 11, 30), "Europe/Brussels"),
            datetime(2026, 3, 3, 12, 0),  # 12:30 → 13:00 in Brussels
        )
        friday_18_brussels = datetime(2026, 3, 6, 17, 0)
        self.assertEqual(
            self.opening(friday_18_brussels, "Europe/Brussels"),
            datetime(2026, 3, 9, 7, 0),  # Monday 08:00
        )

    def test_the_calendars_zone_when_the_customers_is_unknown(self):
        # Tuesday 23:00 UTC is 18:00 in New York: closed there.
        self.assertEqual(
            self.opening(datetime(2026, 3, 3, 23, 0)),
            datetime(2026, 3, 4, 13, 0),  # Wednesday 08:00 in New York
        )
        self.assertEqual(
            self.opening(datetime(2026, 3, 3, 23, 0), "Not/AZone"),
            datetime(2026, 3, 4, 13, 0),
        )

    def test_public_holidays_are_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 3, 0, 0),
                "date_to": datetime(2026, 3, 3, 23, 59),
            }
        )
        self.assertEqual(
            self.opening(datetime(2026, 3, 3, 9, 0), "Europe/Brussels"),
            datetime(2026, 3, 4, 7, 0),  # Wednesday 08:00 in Brussels
        )

    def test_a_company_and_a_rule_choose_their_hours(self):
        company = self.env.company
        rule_hours = self.env["resource.calendar"].create({"name": "Night shift"})
        company.sale_status_calendar_id = self.calendar
        self.assertEqual(company.sale_status_calendar_id, self.calendar)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.sale_status_calendar_id, self.calendar)
        stage = self.env.ref("sale_status_automation.stage_paid")
        rule = self.env["sale.status.rule"].create(
            {
                "name": "At night",
                "stage_id": stage.id,
                "channel": "sms",
                "sending_calendar_id": rule_hours.id,
            }
        )
        self.assertEqual(rule.sending_calendar_id, rule_hours)
