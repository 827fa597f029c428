# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SMS sent at the company's rate per Twilio number, against the fake
Twilio server: a bulk waits for its turns in the job queue, an order moved
by hand goes first. Several workers and servers sharing the turns:
scripts/multinode.py (make test) and scripts/bench.py (make bench)."""

import time
from datetime import UTC, datetime

from odoo import sql_db
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.sms.tests.common import MockSMS

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

TWILIO_NUMBER = "+15005550006"
BELGIAN_NUMBER = "+3225550006"


@tagged("post_install", "-at_install")
class TestSmsPace(FakeTwilioCase, MockSMS, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(
            TWILIO_NUMBER, sms_provider="twilio", sale_status_sms_per_second=10
        )
        cls.rule = cls.make_rule(
            cls.stage_paid, "Paid", sms_body="{{ object.name }} is paid."
        )

    def move(self, count):
        """``count`` new orders moved into Paid by one change, committed."""
        orders = self.env["sale.order"].create(
            [{"partner_id": self.customer.id}] * count
        )
        orders.stage_id = self.stage_paid
        self.flush_tracking()  # the change commits: its count of orders ends
        return self.env["sale.status.execution"].search(
            [("order_id", "in", orders.ids)], order="id"
        )

    def take_turns(self, count, spacing, number=TWILIO_NUMBER):
        """What ``count`` SMS sent meanwhile by other workers take."""
        for _turn in range(count):
            self.env["sale.status.sms.turn"]._take(number, spacing)

    def turns(self, number):
        return self.env["sale.status.sms.turn"].search([("number", "=", number)])

    def run_as_the_runner(self, executions, timeout=30):
        """Run the jobs of ``executions`` as queue_job's runner does, one at
        a time: the due one of best priority first, until none is left."""
        deadline = time.monotonic() + timeout
        while True:
            jobs = self.jobs(executions).filtered(lambda job: job.state == "pending")
            if not jobs:
                return
            now = datetime.now(UTC).replace(tzinfo=None)
            due = [job for job in jobs if not job.eta or job.eta <= now]
            if due:
                best = min(due, key=lambda job: (job.priority, job.id))
                self.run_job_uuid(best.uuid)
            else:
                time.sleep(0.02)
            self.assertLess(time.monotonic(), deadline, "The jobs never ended.")

    def sent_messages(self):
        return [
            request
            for request in self.fake_twilio.api_requests("Messages")
            if request.accepted
        ]

    def test_a_bulk_waits_for_its_turns_in_the_job_queue(self):
        executions = self.move(25)
        self.take_turns(9, 0.11)  # the number is busy for about a second
        self.assertEqual(set(self.jobs(executions).mapped("priority")), {20})
        first_three = executions[:3]
        for execution in first_three:
            self.run_job(execution)
        jobs = self.jobs(first_three)
        self.assertEqual(jobs.mapped("state"), ["pending"] * 3)
        self.assertEqual(jobs.mapped("retry"), [0, 0, 0], "waiting is no retry")
        # Each is promised the turn after the one before.
        etas = jobs.sorted("id").mapped("eta")
        self.assertEqual(etas, sorted(etas))
        self.assertGreater(etas[-1], etas[0])
        for execution in first_three:
            self.assertEqual(execution.state, "scheduled")
            self.assertEqual(
                execution.reason,
                f"{TWILIO_NUMBER} sends 10 SMS per second (Settings ▸ Sales): this "
                "one waits for its turn.",
            )
        self.assertFalse(self.sent_messages())

        self.run_as_the_runner(executions)
        self.assertEqual(set(executions.mapped("state")), {"sent"})
        self.assertFalse(any(executions.mapped("reason")))
        sent = self.sent_messages()
        self.assertEqual(len(sent), 25)
        (most,) = self.fake_twilio.most_messages_in_one_second().values()
        self.assertLessEqual(most, 10)
        arrivals = sorted(request.received_at for request in sent)
        self.assertGreaterEqual(arrivals[-1] - arrivals[0], 24 * 0.1)

    def test_an_order_moved_by_hand_goes_before_the_waiting_bulk(self):
        self.company.sale_status_sms_per_second = 1  # a turn every 1.1 s
        bulk = self.move(25)
        self.take_turns(1, 1.1)
        for execution in bulk[:4]:
            self.run_job(execution)
        self.assertEqual(bulk[:4].mapped("state"), ["scheduled"] * 4)
        turns = self.turns(TWILIO_NUMBER)
        promised_until = turns.promised_until

        (by_hand,) = self.move(1)
        job = self.run_job(by_hand)
        # Run once, never postponed: it took the number's next turn rather
        # than a place after the 4 SMS promised one.
        self.assertEqual((job.state, job.retry, job.priority), ("done", 1, 10))
        self.assertEqual(by_hand.state, "sent", by_hand.reason)
        self.env.invalidate_all()
        self.assertEqual(turns.promised_until, promised_until)
        self.assertEqual(len(self.sent_messages()), 1)
        self.assertEqual(bulk[:4].mapped("state"), ["scheduled"] * 4)

    def test_each_number_has_its_own_turns(self):
        self.company.sale_status_sms_per_second = 1
        self.env["sms.twilio.number"].create(
            {
                "company_id": self.company.id,
                "number": BELGIAN_NUMBER,
                "country_id": self.env.ref("base.be").id,
            }
        )
        self.take_turns(5, 1.1)  # the US number is busy for 5.5 s
        (execution,) = self.move(1)  # to a Belgian customer
        job = self.run_job(execution)
        self.assertEqual(job.state, "done")  # never postponed
        self.assertEqual(execution.state, "sent", execution.reason)
        (request,) = self.sent_messages()
        self.assertEqual(request.form["From"], BELGIAN_NUMBER)
        self.assertTrue(self.turns(BELGIAN_NUMBER).next_turn_at)

    def test_a_test_send_on_a_busy_number_fails_saying_why(self):
        self.company.sale_status_sms_per_second = 1
        self.take_turns(5, 1.1)
        test = self.env["sale.status.rule.test"].create(
            {
                "rule_id": self.rule.id,
                "order_id": self.create_order().id,
                "destination": "+1 202 555 0143",
            }
        )
        test.action_send()
        self.assertEqual(test.state, "failed")
        self.assertEqual(
            test.reason,
            f"{TWILIO_NUMBER} sends 1 SMS per second (Settings ▸ Sales): this "
            "one waits for its turn.",
        )
        self.assertFalse(self.sent_messages())

    def test_no_turns_without_a_limit_in_the_sandbox_or_through_iap(self):
        def turns_taken(**settings):
            self.turns(TWILIO_NUMBER).sudo().unlink()
            self.company.write(settings)
            (execution,) = self.move(1)
            self.run_job(execution)
            self.assertEqual(execution.state, "sent", execution.reason)
            return bool(self.turns(TWILIO_NUMBER))

        self.assertTrue(turns_taken())
        self.assertFalse(turns_taken(sale_status_sms_per_second=0))
        self.assertFalse(
            turns_taken(sale_status_sms_per_second=10, sale_status_sandbox=True)
        )
        with self.mockSMSGateway():
            self.assertFalse(turns_taken(sale_status_sandbox=False, sms_provider="iap"))

    def test_without_a_limit_the_turn_costs_no_query(self):
        """Where no rate applies, an SMS takes no turn: not a transaction of
        its own, not a query of the job's (scripts/bench.py's dispatch)."""
        channel = self.env["sale.status.channel.sms"]

        def queries_of_the_turn(**settings):
            self.company.write(settings)
            (execution,) = self.move(1)
            delivery = channel._prepare(execution)
            # Out of the sandbox, as the job reads it right before the turn.
            self.assertFalse(execution.company_id.sale_status_sandbox)
            # Every cursor's queries, the turns' own transactions included.
            before = sql_db.sql_counter
            channel._take_turn(execution, delivery)
            return sql_db.sql_counter - before

        self.assertTrue(queries_of_the_turn(), "a limit costs its turn")
        self.assertEqual(queries_of_the_turn(sale_status_sms_per_second=0), 0)
        self.assertEqual(
            queries_of_the_turn(sale_status_sms_per_second=10, sms_provider="iap"), 0
        )

    def test_the_rate_is_zero_or_more(self):
        with self.assertRaises(ValidationError):
            self.company.sale_status_sms_per_second = -1


@tagged("post_install", "-at_install")
class TestBulkPriority(AutomationCase):
    """Which executions are a bulk, in the sandbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_rule(cls.stage_paid, "First")
        cls.make_rule(cls.stage_paid, "Then", sequence=20, run_mode="after_previous")

    def test_past_20_orders_in_one_transaction_the_rules_are_a_bulk(self):
        orders = self.env["sale.order"].create([{"partner_id": self.customer.id}] * 21)
        orders[:20].stage_id = self.stage_paid
        orders[20].stage_id = self.stage_paid
        first = self.env["sale.status.execution"].search(
            [("order_id", "in", orders.ids), ("rule_id.name", "=", "First")],
            order="id",
        )
        self.assertEqual(first.mapped("bulk"), [False] * 20 + [True])
        self.assertEqual(
            self.jobs(first).sorted("id").mapped("priority"), [10] * 20 + [20]
        )

        # The rule after the bulk's first keeps the bulk's priority.
        self.run_job(first[20])
        (then,) = self.executions(orders[20], state="scheduled")
        self.assertEqual(self.jobs(then).priority, 20)

        # Another transaction starts counting again.
        self.flush_tracking()
        single = self.create_order()
        single.stage_id = self.stage_paid
        self.assertEqual(self.jobs(self.executions(single)).priority, 10)
