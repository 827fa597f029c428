# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""When a rule runs: at a time of the customer's day, and relative to a
date of the order that it follows while it waits."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import AutomationCase

# Monday 2 March 2026, 10:00 UTC: 11:00 in Paris, 05:00 in New York.
ENTRY = datetime(2026, 3, 2, 10, 0)


class TestTiming(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.tz = "Europe/Paris"
        cls.new_yorker = cls.env["res.partner"].create(
            {
                "name": "Nick New York",
                "phone": "+1 212 555 0100",
                "tz": "America/New_York",
            }
        )

    def make_date_rule(self, name="Delivery reminder", **values):
        """1 day before the delivery date, at 09:00."""
        return self.make_rule(
            self.stage_paid,
            name,
            **{
                "timing": "date",
                "date_field": "commitment_date",
                "date_direction": "before",
                "delay": 1,
                "delay_unit": "days",
                "at_time_of_day": True,
                "time_of_day": 9.0,
                **values,
            },
        )

    def enter(self, order, at=ENTRY):
        with freeze_time(at):
            order.stage_id = self.stage_paid
        return self.executions(order)

    def job(self, execution):
        return self.jobs(execution)

    # ---------------------------------------------------------- time of day
    def test_at_a_time_of_day_after_a_delay_in_the_customers_zone(self):
        rule = self.make_rule(
            self.stage_paid,
            "Next morning",
            timing="delay",
            delay=1,
            delay_unit="days",
            at_time_of_day=True,
            time_of_day=10.0,
        )
        self.assertEqual(rule.summary, "SMS to customer, at 10:00 after 1 day(s)")
        execution = self.enter(self.create_order())
        # Tuesday 11:00 in Paris is past 10:00: Wednesday 10:00 Paris (CET).
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 4, 9, 0))
        self.assertEqual(self.job(execution).eta, datetime(2026, 3, 4, 9, 0))

    def test_days_then_a_time_of_day_across_a_clock_change(self):
        """Paris springs forward on Sunday 29 March 2026: Saturday 09:30,
        "1 day, at 10:00" is Sunday 10:00, not Monday (24 hours later it
        is already 10:30 on Sunday)."""
        self.make_rule(
            self.stage_paid,
            "Next day at ten",
            timing="delay",
            delay=1,
            delay_unit="days",
            at_time_of_day=True,
            time_of_day=10.0,
        )
        execution = self.enter(self.create_order(), at=datetime(2026, 3, 28, 8, 30))
        # Sunday 10:00 in Paris (CEST, UTC+2).
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 29, 8, 0))

    def test_at_a_time_of_day_across_the_utc_day_boundary(self):
        self.make_rule(self.stage_paid, "At ten", at_time_of_day=True, time_of_day=10.5)
        order = self.create_order(partner_id=self.new_yorker.id)
        # Tuesday 02:00 UTC is still Monday 21:00 in New York: its next
        # 10:30 is Tuesday's, 15:30 UTC.
        execution = self.enter(order, at=datetime(2026, 3, 3, 2, 0))
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 3, 15, 30))
        self.assertEqual(self.job(execution).eta, datetime(2026, 3, 3, 15, 30))
        # Entering before 10:30 in New York runs the same day.
        other = self.enter(
            self.create_order(partner_id=self.new_yorker.id),
            at=datetime(2026, 3, 3, 14, 0),
        )
        self.assertEqual(other.scheduled_at, datetime(2026, 3, 3, 15, 30))

    def test_sending_hours_still_apply_on_top(self):
        self.company.sale_status_calendar_id = self.env.ref(
            "resource.resource_calendar_std"
        )  # 8:00-17:00 Monday to Friday
        self.make_rule(self.stage_paid, "Early", at_time_of_day=True, time_of_day=7.0)
        execution = self.enter(self.create_order())
        early = datetime(2026, 3, 3, 6, 0)  # Tuesday 07:00 in Paris
        self.assertEqual(execution.scheduled_at, early)
        with freeze_time(early):
            job = self.run_job(execution)
        opening = datetime(2026, 3, 3, 7, 0)  # 08:00 in Paris
        self.assertEqual(
            (execution.state, execution.scheduled_at), ("scheduled", opening)
        )
        self.assertEqual(job.eta, opening)
        with freeze_time(opening):
            self.run_job(execution)
        self.assertEqual(execution.state, "sent")

    def test_at_a_time_of_day_after_the_previous_rule(self):
        first = self.make_rule(self.stage_paid, "Thanks", sequence=1)
        rule = self.make_rule(
            self.stage_paid,
            "Evening",
            sequence=2,
            run_mode="after_previous",
            at_time_of_day=True,
            time_of_day=18.0,
        )
        self.assertEqual(
            rule.summary, "SMS to customer, at 18:00 after the previous rule"
        )
        rule.write({"timing": "delay", "delay": 2, "delay_unit": "hours"})
        self.assertEqual(
            rule.summary, "SMS to customer, at 18:00, 2 h after the previous rule"
        )
        rule.write({"timing": "immediately"})
        order = self.create_order()
        self.enter(order)
        thanks = self.executions(order, rule_id=first.id)
        with freeze_time(datetime(2026, 3, 2, 18, 0)):  # 19:00 in Paris
            self.run_job(thanks)
        evening = self.executions(order, rule_id=rule.id)
        self.assertEqual(evening.state, "scheduled")
        self.assertEqual(evening.scheduled_at, datetime(2026, 3, 3, 17, 0))

    # ---------------------------------------------------------- order's date
    def test_relative_to_the_delivery_date_at_a_time_of_day(self):
        rule = self.make_date_rule()
        self.assertEqual(
            rule.summary,
            "SMS to customer, 1 day(s) before the delivery date at 09:00",
        )
        order = self.create_order(commitment_date=datetime(2026, 3, 10, 14, 0))
        execution = self.enter(order)
        # Monday 9 March, 09:00 in Paris.
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 9, 8, 0))
        self.assertEqual(self.job(execution).eta, datetime(2026, 3, 9, 8, 0))

        with freeze_time(datetime(2026, 3, 9, 8, 0)):
            self.run_job(execution)
        self.assertEqual(execution.state, "sent")

    def test_calendar_days_across_a_clock_change(self):
        self.make_date_rule()
        # New York moves to summer time on Sunday 8 March 2026.
        order = self.create_order(
            partner_id=self.new_yorker.id,
            commitment_date=datetime(2026, 3, 9, 16, 0),  # Monday 12:00 EDT
        )
        execution = self.enter(order)
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 8, 13, 0))

    def test_hours_after_a_date_without_time(self):
        rule = self.make_rule(
            self.stage_paid,
            "Quotation expired",
            timing="date",
            date_field="validity_date",
            date_direction="after",
            delay=2,
            delay_unit="hours",
        )
        self.assertEqual(rule.summary, "SMS to customer, 2 h after the expiration")
        order = self.create_order(validity_date=date(2026, 3, 12))
        execution = self.enter(order)
        # The day starts at midnight in Paris: 02:00 Paris, 01:00 UTC.
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 12, 1, 0))

    def test_a_new_delivery_date_moves_the_pending_run_and_its_job(self):
        self.make_date_rule()
        orders = self.create_order(
            commitment_date=datetime(2026, 3, 10, 14, 0)
        ) | self.create_order(commitment_date=datetime(2026, 3, 11, 14, 0))
        for order in orders:
            self.enter(order)
        executions = self.env["sale.status.execution"].search(
            [("order_id", "in", orders.ids)], order="order_id"
        )
        uuids = executions.mapped("job_uuid")

        with freeze_time(ENTRY):
            orders.commitment_date = datetime(2026, 3, 20, 7, 0)  # 08:00 Paris

        self.assertEqual(
            executions.mapped("scheduled_at"), [datetime(2026, 3, 19, 8, 0)] * 2
        )
        self.assertEqual(executions.mapped("job_uuid"), uuids)
        jobs = self.jobs(executions)
        self.assertEqual(jobs.mapped("eta"), [datetime(2026, 3, 19, 8, 0)] * 2)
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual(
            set(executions.mapped("reason")),
            {"Moved to 2026-03-19 08:00:00 (UTC): the order's Delivery Date changed."},
        )
        note = orders[0].message_ids.filtered(lambda m: "Moved to" in m.body)
        self.assertEqual(len(note), 1)
        self.assertIn("Delivery reminder", note.body)

    def test_a_move_and_a_new_date_in_one_write_plan_from_the_new_date(self):
        self.make_date_rule()
        order = self.create_order(commitment_date=datetime(2026, 3, 10, 14, 0))
        with freeze_time(ENTRY):
            order.write(
                {
                    "stage_id": self.stage_paid.id,
                    "commitment_date": datetime(2026, 3, 20, 14, 0),
                }
            )
        execution = self.executions(order)
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 19, 8, 0))
        self.assertFalse(execution.reason)

    def test_other_changes_leave_the_run_alone(self):
        self.make_date_rule()
        order = self.create_order(commitment_date=datetime(2026, 3, 10, 14, 0))
        execution = self.enter(order)
        with freeze_time(ENTRY):
            order.note = "Ring twice"
            # Another hour of the same day: still 09:00 the day before.
            order.commitment_date = datetime(2026, 3, 10, 16, 0)
        self.assertEqual(execution.scheduled_at, datetime(2026, 3, 9, 8, 0))
        self.assertFalse(execution.reason)

    def test_a_past_moment_is_skipped_and_the_next_rule_starts(self):
        rule = self.make_date_rule()
        after = self.make_rule(
            self.stage_paid, "Then", sequence=20, run_mode="after_previous"
        )
        # Delivered tomorrow at 08:00: 09:00 the day before is past.
        order = self.create_order(commitment_date=datetime(2026, 3, 3, 7, 0))
        self.enter(order)
        execution = self.executions(order, rule_id=rule.id)
        self.assertEqual(execution.state, "skipped")
        self.assertEqual(
            execution.reason,
            "Its moment, 2026-03-02 08:00:00 (UTC), was already past: skipped.",
        )
        self.assertFalse(self.job(execution))
        self.assertEqual(self.executions(order, rule_id=after.id).state, "scheduled")

    def test_a_chained_rule_counts_from_the_date_once_its_turn_comes(self):
        first = self.make_rule(self.stage_paid, "Thanks", sequence=1)
        dated = self.make_date_rule(sequence=2, run_mode="after_previous")
        last = self.make_rule(
            self.stage_paid, "Then", sequence=3, run_mode="after_previous"
        )
        order = self.create_order(commitment_date=datetime(2026, 3, 3, 16, 0))
        self.enter(order)
        self.assertEqual(
            self.executions(order).mapped("state"), ["scheduled", "waiting", "waiting"]
        )
        # Thanks runs late, on the delivery day: 09:00 the day before is past.
        with freeze_time(datetime(2026, 3, 3, 9, 0)):
            self.run_job(self.executions(order, rule_id=first.id))
        reminder = self.executions(order, rule_id=dated.id)
        self.assertEqual(reminder.state, "skipped")
        self.assertIn("was already past: skipped", reminder.reason)
        then = self.executions(order, rule_id=last.id)
        self.assertEqual(
            (then.state, then.scheduled_at), ("scheduled", datetime(2026, 3, 3, 9, 0))
        )

    def test_a_past_moment_runs_at_once_when_the_rule_says_so(self):
        rule = self.make_date_rule(past_date="run")
        order = self.create_order(commitment_date=datetime(2026, 3, 3, 7, 0))
        execution = self.enter(order)
        self.assertEqual(execution.rule_id, rule)
        self.assertEqual(
            (execution.state, execution.scheduled_at), ("scheduled", ENTRY)
        )
        self.assertIn("was already past: runs at once", execution.reason)
        self.assertFalse(self.job(execution).eta)

    def test_a_date_moved_into_the_past_applies_the_rules_choice(self):
        skipping = self.make_date_rule("Skips")
        running = self.make_date_rule("Runs", past_date="run")
        order = self.create_order(commitment_date=datetime(2026, 3, 10, 14, 0))
        self.enter(order)
        skipped = self.executions(order, rule_id=skipping.id)
        moved = self.executions(order, rule_id=running.id)
        skipped_job, moved_job = self.job(skipped), self.job(moved)

        with freeze_time(ENTRY):
            order.commitment_date = datetime(2026, 3, 2, 16, 0)

        self.assertEqual(skipped.state, "skipped")
        self.assertIn("was already past: skipped", skipped.reason)
        self.assertEqual(skipped_job.state, "cancelled")
        self.assertEqual((moved.state, moved.scheduled_at), ("scheduled", ENTRY))
        self.assertEqual((moved_job.state, moved_job.eta), ("pending", False))

    def test_a_run_held_by_the_sending_hours_is_not_skipped_by_a_new_date(self):
        """At 07:00 in Paris the shop is closed: the reminder waits for 08:00.
        Meanwhile a new hour of the same delivery day keeps it due; a new
        day moves it."""
        self.company.sale_status_calendar_id = self.env["resource.calendar"].create(
            {"name": "Shop hours", "tz": "Europe/Paris"}  # 08:00-17:00 weekdays
        )
        rule = self.make_date_rule(time_of_day=7.0)
        order = self.create_order(commitment_date=datetime(2026, 3, 10, 14, 0))
        execution = self.enter(order)
        moment = datetime(2026, 3, 9, 6, 0)  # Monday 07:00 in Paris
        self.assertEqual(execution.scheduled_at, moment)
        with freeze_time(moment):
            self.run_job(execution)
        opening = datetime(2026, 3, 9, 7, 0)
        self.assertEqual(
            (execution.state, execution.scheduled_at), ("scheduled", opening)
        )
        self.assertEqual(execution.moment_at, moment)

        with freeze_time(datetime(2026, 3, 9, 6, 30)):
            order.commitment_date = datetime(2026, 3, 10, 16, 0)
        self.assertEqual(
            (execution.state, execution.scheduled_at), ("scheduled", opening)
        )
        self.assertEqual(self.job(execution).state, "pending")

        with freeze_time(datetime(2026, 3, 9, 6, 40)):
            order.commitment_date = datetime(2026, 3, 20, 14, 0)
        self.assertEqual(execution.rule_id, rule)
        later = datetime(2026, 3, 19, 6, 0)
        self.assertEqual(
            (execution.state, execution.scheduled_at, execution.moment_at),
            ("scheduled", later, later),
        )
        self.assertEqual(self.job(execution).eta, later)

    def test_a_managers_send_again_is_not_moved_by_a_new_date(self):
        self.make_date_rule()
        order = self.create_order(commitment_date=datetime(2026, 3, 10, 14, 0))
        execution = self.enter(order)
        self.company.sale_status_sms_max_length = 10  # the SMS is too long: fails
        with freeze_time(execution.scheduled_at):
            self.run_job(execution)
        self.assertEqual(execution.state, "failed")
        self.company.sale_status_sms_max_length = 200
        resent_at = datetime(2026, 3, 9, 10, 0)
        with freeze_time(resent_at):
            self.act_on(execution, "retry", self.manager)
        self.assertEqual(
            (execution.state, execution.scheduled_at), ("scheduled", resent_at)
        )
        with freeze_time(resent_at):
            order.commitment_date = datetime(2026, 3, 20, 14, 0)
        self.assertEqual(
            (execution.state, execution.scheduled_at), ("scheduled", resent_at)
        )

    def test_an_order_without_the_date_waits_for_it(self):
        self.make_date_rule()
        order = self.create_order()
        execution = self.enter(order)
        self.assertEqual(execution.state, "waiting_date")
        self.assertEqual(execution.reason, "Waits for the order's Delivery Date.")
        self.assertFalse(execution.job_uuid)

        with freeze_time(ENTRY):
            order.commitment_date = datetime(2026, 3, 10, 14, 0)
        self.assertEqual(
            (execution.state, execution.scheduled_at),
            ("scheduled", datetime(2026, 3, 9, 8, 0)),
        )
        self.assertEqual(
            execution.reason, "Planned: the order's Delivery Date was set."
        )
        job = self.job(execution)
        self.assertEqual((job.state, job.eta), ("pending", datetime(2026, 3, 9, 8, 0)))

        with freeze_time(ENTRY):
            order.commitment_date = False
        self.assertEqual((execution.state, execution.job_uuid), ("waiting_date", False))
        self.assertEqual(job.state, "cancelled")

    def test_leaving_the_status_still_cancels(self):
        self.make_date_rule("With date")
        self.make_date_rule(
            "Expiry",
            date_field="validity_date",
        )
        order = self.create_order(
            commitment_date=datetime(2026, 3, 10, 14, 0), validity_date=False
        )
        executions = self.enter(order)
        self.assertEqual(
            sorted(executions.mapped("state")), ["scheduled", "waiting_date"]
        )
        job = self.jobs(executions)
        with freeze_time(ENTRY):
            order.stage_id = self.stage_shipped
        self.assertEqual(set(executions.mapped("state")), {"cancelled"})
        self.assertEqual(job.state, "cancelled")
        with freeze_time(ENTRY):
            order.commitment_date = datetime(2026, 3, 20, 14, 0)
        self.assertEqual(set(executions.mapped("state")), {"cancelled"})

    def test_the_preview_shows_the_due_time_and_why_it_waits(self):
        self.make_date_rule("With date")
        self.make_date_rule("Later", sequence=20, run_mode="after_previous")
        order = self.create_order()
        self.enter(order)
        preview = (
            self.env["sale.status.preview"]
            .with_context(default_order_id=order.id)
            .create({})
        )
        waiting, later = preview.line_ids
        self.assertEqual(
            (waiting.outcome, waiting.reason, waiting.due),
            ("Waiting for a date", "Waits for the order's Delivery Date.", False),
        )
        self.assertEqual(later.timing, "1 day(s) before the delivery date at 09:00")

    def test_the_form_shows_what_the_timing_needs(self):
        form = Form(self.env["sale.status.rule"].with_user(self.manager))
        form.name = "Delivery reminder"
        form.stage_id = self.stage_paid
        for fname in ("date_field", "date_direction", "past_date", "time_of_day"):
            self.assertTrue(form._get_modifier(fname, "invisible"), fname)
        form.timing = "date"
        for fname in ("delay", "date_field", "date_direction", "past_date"):
            self.assertFalse(form._get_modifier(fname, "invisible"), fname)
        self.assertTrue(form._get_modifier("date_field", "required"))
        form.date_field = "commitment_date"
        form.delay = 2
        form.delay_unit = "days"
        form.at_time_of_day = True
        self.assertFalse(form._get_modifier("time_of_day", "invisible"))
        form.time_of_day = 8.5
        self.assertEqual(
            form.summary,
            "Email to customer, 2 day(s) before the delivery date at 08:30",
        )
        form.date_direction = "after"
        form.delay = 0
        self.assertEqual(
            form.summary, "Email to customer, on the delivery date at 08:30"
        )
        form.save()

    # ---------------------------------------------------------- bad input
    def test_bad_timing_is_refused_with_a_clear_error(self):
        cases = [
            ({"at_time_of_day": True, "time_of_day": 24.0}, "between 00:00 and 23:59"),
            (
                {"timing": "date", "date_field": False},
                "choose the date of the order",
            ),
            (
                {
                    "timing": "date",
                    "date_field": "amount_total",
                },
                "amount_total is not a stored date of the sale order",
            ),
            (
                {
                    "timing": "date",
                    "date_field": "write_date",
                },
                "is not a stored date of the sale order",
            ),
        ]
        for values, message in cases:
            with (
                self.subTest(message),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.make_date_rule(**values)
        # A new rule meets the table's CHECK first ("The delay of a rule
        # cannot be negative."); a saved one this rule's own message. Last
        # in the test: assertRaises leaves the rule's cache dirty.
        rule = self.make_date_rule()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            rule.delay = -1
