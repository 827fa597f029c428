# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What happens in the user's transaction when orders change status."""

from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import AutomationCase

ENTRY = datetime(2026, 3, 2, 10, 0)


class TestEnginePlanning(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sms_now = cls.make_rule(cls.stage_paid, "Thanks", sequence=1)
        cls.call_later = cls.make_rule(
            cls.stage_paid,
            "Call",
            channel="call",
            sequence=2,
            timing="delay",
            delay=2,
            delay_unit="hours",
        )
        cls.email_chained = cls.make_rule(
            cls.stage_paid,
            "Invoice mail",
            channel="email",
            sequence=3,
            run_mode="after_previous",
            timing="delay",
            delay=30,
            delay_unit="minutes",
        )

    def test_parallel_rules_each_get_their_own_eta(self):
        order = self.create_order()
        with freeze_time(ENTRY):
            order.stage_id = self.stage_paid
        sms, call, email = self.executions(order)
        self.assertEqual(
            [(sms.state, sms.scheduled_at), (call.state, call.scheduled_at)],
            [("scheduled", ENTRY), ("scheduled", ENTRY + timedelta(hours=2))],
        )
        self.assertEqual(
            (email.state, email.scheduled_at, email.job_uuid), ("waiting", False, False)
        )
        jobs = self.jobs(sms + call)
        self.assertEqual(len(jobs), 2)
        self.assertEqual(
            {job.uuid: job.eta for job in jobs},
            {sms.job_uuid: False, call.job_uuid: ENTRY + timedelta(hours=2)},
        )
        self.assertEqual(set(jobs.mapped("channel")), {"root.sale_status_automation"})
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual((sms + call + email).mapped("visit"), [2, 2, 2])

    def test_planning_that_takes_seconds_skips_no_rule(self):
        """Planning a bulk of orders takes time: a rule counted from their
        entry is due at once, never "already past" (the soak caught this)."""
        orders = self.env["sale.order"].create(
            [{"partner_id": self.customer.id} for _ in range(3)]
        )
        # Each look at the clock moves it one second on.
        with freeze_time(ENTRY, auto_tick_seconds=1):
            orders.write({"stage_id": self.stage_paid.id})
        sms = self.env["sale.status.execution"].search(
            [("order_id", "in", orders.ids), ("rule_id", "=", self.sms_now.id)]
        )
        self.assertEqual(sms.mapped("state"), ["scheduled"] * 3)
        self.assertEqual(sms.mapped("reason"), [False] * 3)
        self.assertEqual(set(self.jobs(sms).mapped("state")), {"pending"})

    def test_rule_right_after_the_previous_one_is_due_when_it_ends(self):
        self.email_chained.timing = "immediately"
        order = self.create_order()
        with freeze_time(ENTRY):
            order.stage_id = self.stage_paid
        _sms, call, email = self.executions(order)
        with freeze_time(ENTRY + timedelta(hours=2), auto_tick_seconds=1):
            self.run_job(call)
        self.assertEqual(call.state, "sent")
        self.assertEqual((email.state, email.reason), ("scheduled", False))
        self.assertEqual(self.jobs(email).state, "pending")

    def test_database_refuses_a_second_run_of_a_rule_in_a_visit(self):
        order = self.create_order()
        order.stage_id = self.stage_paid
        sms = self.executions(order, rule_id=self.sms_now.id)
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
            sms.copy()

    def test_first_rule_after_previous_starts_on_entry(self):
        self.sms_now.run_mode = "after_previous"
        order = self.create_order()
        order.stage_id = self.stage_paid
        self.assertEqual(self.executions(order).mapped("state")[0], "scheduled")

    def test_leaving_cancels_what_did_not_start_and_its_jobs(self):
        order = self.create_order()
        order.stage_id = self.stage_paid
        executions = self.executions(order)
        jobs = self.jobs(executions)

        order.stage_id = self.stage_shipped

        self.assertEqual(set(executions.mapped("state")), {"cancelled"})
        self.assertEqual(
            set(executions.mapped("reason")), {"The order left the status Paid."}
        )
        self.assertEqual(set(jobs.mapped("state")), {"cancelled"})
        note = order.message_ids.filtered(
            lambda message: "Invoice mail" in message.body
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.is_internal)
        self.assertIn("Cancelled", note.body)

    def test_reentering_starts_a_new_visit(self):
        order = self.create_order()
        order.stage_id = self.stage_paid
        order.stage_id = self.stage_shipped
        order.stage_id = self.stage_paid
        first, second = (
            self.executions(order, visit=2),
            self.executions(order, visit=4),
        )
        self.assertEqual(set(first.mapped("state")), {"cancelled"})
        self.assertEqual(second.mapped("state"), ["scheduled", "scheduled", "waiting"])
        self.assertEqual(
            len(self.jobs(second).filtered(lambda j: j.state == "pending")), 2
        )

    def test_once_per_order_suppresses_later_visits(self):
        self.sms_now.once_per_order = True
        order = self.create_order()
        order.stage_id = self.stage_paid
        sms = self.executions(order, rule_id=self.sms_now.id)
        self.run_job(sms)
        self.assertEqual(sms.state, "sent")

        order.stage_id = self.stage_shipped
        order.stage_id = self.stage_paid

        again = self.executions(order, rule_id=self.sms_now.id, visit=4)
        self.assertEqual(again.state, "skipped")
        self.assertEqual(again.reason, "Runs once per order, and it already ran.")
        self.assertFalse(again.job_uuid)
        # The rule after it counts from the entry: its predecessor is done.
        self.assertEqual(
            self.executions(order, visit=4).mapped("state")[1], "scheduled"
        )

    def test_once_per_order_runs_again_when_it_never_ran(self):
        self.sms_now.once_per_order = True
        order = self.create_order()
        order.stage_id = self.stage_paid
        order.stage_id = self.stage_shipped  # cancelled before it ran
        order.stage_id = self.stage_paid
        again = self.executions(order, rule_id=self.sms_now.id, visit=4)
        self.assertEqual(again.state, "scheduled")

    def test_rules_of_another_company_do_not_run(self):
        self.make_rule(
            self.stage_shipped, "Other shop SMS"
        ).company_id = self.other_company
        order = self.create_order()
        order.stage_id = self.stage_shipped
        self.assertFalse(self.executions(order))

    def test_archived_rules_do_not_run(self):
        (self.sms_now + self.call_later + self.email_chained).action_archive()
        order = self.create_order()
        order.stage_id = self.stage_paid
        self.assertFalse(self.executions(order))

    def test_new_order_runs_the_rules_of_its_first_status(self):
        self.make_rule(self.stage_new, "Welcome")
        order = self.create_order()
        self.assertEqual(self.executions(order).mapped("rule_id.name"), ["Welcome"])

    def test_order_created_in_a_status_runs_that_status_rules_once(self):
        """An import, the API or a connector may create an order already in a
        status: the rules of that status run, not those of the first one."""
        self.make_rule(self.stage_new, "Welcome")
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "stage_id": self.stage_paid.id}
        )
        self.assertEqual(order.stage_visit, 1)
        self.assertEqual(
            self.executions(order).mapped("rule_id.name"),
            ["Thanks", "Call", "Invoice mail"],
        )

    def test_imported_orders_run_the_rules_of_their_status_column(self):
        self.make_rule(self.stage_new, "Welcome")
        result = self.env["sale.order"].load(
            ["partner_id/.id", "stage_id/id", "client_order_ref"],
            [
                [str(self.customer.id), "sale_status_automation.stage_paid", "A"],
                [str(self.customer.id), "sale_status_automation.stage_new", "B"],
                [str(self.customer.id), "sale_status_automation.stage_paid", "C"],
            ],
        )
        self.assertFalse(result["messages"])
        paid_a, new_b, paid_c = self.env["sale.order"].browse(result["ids"])
        self.assertEqual(new_b.client_order_ref, "B")
        for order in paid_a + paid_c:
            self.assertEqual(order.stage_id, self.stage_paid)
            self.assertEqual(
                [(e.rule_id.name, e.visit) for e in self.executions(order)],
                [("Thanks", 1), ("Call", 1), ("Invoice mail", 1)],
            )
        self.assertEqual(self.executions(new_b).mapped("rule_id.name"), ["Welcome"])
        # The jobs exist and are due: nothing waits for another move.
        self.assertEqual(
            sorted(self.jobs(self.executions(paid_a)).mapped("state")),
            ["pending", "pending"],
        )

    def test_smart_button_counts_and_opens_the_log(self):
        order = self.create_order()
        order.stage_id = self.stage_paid
        self.assertEqual(order.status_execution_count, 3)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_status_automation.sale_status_execution_action_order"
        )
        domain = safe_eval(action["domain"], {"active_id": order.id})
        self.assertEqual(
            self.env["sale.status.execution"].search(domain), self.executions(order)
        )

    def test_bulk_status_change_costs_a_bounded_number_of_queries(self):
        def move(count):
            orders = self.env["sale.order"].create(
                [{"partner_id": self.customer.id} for _ in range(count)]
            )
            self.flush_tracking()
            start = self.env.cr.sql_log_count
            orders.write({"stage_id": self.stage_paid.id})
            self.flush_tracking()
            entering = self.env.cr.sql_log_count - start
            start = self.env.cr.sql_log_count
            orders.write({"stage_id": self.stage_shipped.id})
            self.flush_tracking()
            leaving = self.env.cr.sql_log_count - start
            executions = self.env["sale.status.execution"].search(
                [("order_id", "in", orders.ids)]
            )
            self.assertEqual(len(executions), 3 * count)
            self.assertEqual(set(executions.mapped("state")), {"cancelled"})
            return entering, leaving

        small_in, small_out = move(50)
        large_in, large_out = move(500)
        per_order_in = (large_in - small_in) / 450
        per_order_out = (large_out - small_out) / 450
        # Odoo's tracking of the status costs two INSERTs per order (message,
        # tracking value); what the engine adds does not grow with the orders.
        self.assertLessEqual(per_order_in, 2.5, (small_in, large_in))
        self.assertLessEqual(per_order_out, 2.5, (small_out, large_out))
