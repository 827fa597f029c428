# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the rules achieved: the rule board's counters and the log's pivot
agree with the log itself."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AutomationCase

# (state, days ago, read, replied) of the rule's executions.
LOG = [
    ("delivered", 1, True, True),
    ("delivered", 2, True, False),
    ("delivered", 40, False, False),  # too old for the board
    ("sent", 3, False, True),
    ("unknown", 4, False, False),
    ("failed", 5, False, False),
    ("failed", 6, False, False),
    ("skipped", 1, False, False),
    ("cancelled", 1, False, False),
]


@tagged("post_install", "-at_install")
class TestInsight(AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.make_rule(cls.stage_paid, "Insight rule")
        now = fields.Datetime.now()
        executions = cls.env["sale.status.execution"]
        for visit, (state, days, read, replied) in enumerate(LOG, 1):
            executions.create(
                {
                    **executions._values_for(cls.create_order(), cls.rule, visit),
                    "state": state,
                    "finished_at": now - timedelta(days=days),
                    "read_at": read and now,
                    "reply_count": int(replied),
                }
            )
        # A test send and a sandbox run count nowhere on the board, nor in
        # Automation Results until its filter is taken off.
        executions.create(
            {
                **executions._values_for(cls.create_order(), cls.rule, 0),
                "state": "failed",
                "finished_at": now,
                "is_test": True,
            }
        )
        executions.create(
            {
                **executions._values_for(cls.create_order(), cls.rule, 1),
                "state": "delivered",
                "finished_at": now,
                "sandbox": True,
            }
        )

    def test_the_board_counts_the_last_30_days_of_the_log(self):
        log = self.env["sale.status.execution"]
        recent = [
            ("rule_id", "=", self.rule.id),
            ("is_test", "=", False),
            ("sandbox", "=", False),
            ("finished_at", ">=", fields.Datetime.now() - timedelta(days=30)),
        ]
        sent = log.search_count([*recent, ("state", "in", ("sent", "delivered"))])
        delivered = log.search_count([*recent, ("state", "=", "delivered")])
        self.assertEqual(self.rule.sent_recently, sent)
        self.assertEqual(self.rule.delivered_recently, delivered)
        self.assertEqual(self.rule.delivery_rate, round(100 * delivered / sent))
        # Of an SMS rule's last 30 days: 3 sent, of which 2 reported
        # delivered; 2 failed, 1 of unknown outcome.
        self.assertRecordValues(
            self.rule,
            [
                {
                    "sent_recently": 3,
                    "delivered_recently": 2,
                    "delivery_reported": True,
                    "delivery_rate": 67,
                    "failed_recently": 2,
                    "unknown_recently": 1,
                }
            ],
        )

    def test_the_pivot_totals_are_the_log(self):
        log = self.env["sale.status.execution"]
        domain = [("rule_id", "=", self.rule.id), ("is_test", "=", False)]
        # What the pivot view asks for its rows and columns.
        groups = log.formatted_read_group(
            domain, ["state"], ["__count", "read_count:sum", "reply_count:sum"]
        )
        by_state = {group["state"]: group for group in groups}
        for state in {state for state, *_rest in LOG}:
            self.assertEqual(
                by_state[state]["__count"],
                log.search_count([*domain, ("state", "=", state)]),
            )
        self.assertEqual(
            sum(group["read_count:sum"] for group in groups),
            log.search_count([*domain, ("read_at", "!=", False)]),
        )
        self.assertEqual(
            sum(group["reply_count:sum"] for group in groups),
            sum(1 for *_rest, replied in LOG if replied),
        )

    def test_a_manager_reads_the_counts_in_automation_results(self):
        """The pivot shows how many of each outcome, the cancelled one, the
        test send and the sandbox run aside (8 of the log's 11 executions of
        the rule), until the filters are removed; no column is Cancelled or
        Scheduled while its default filter says "Finished (not cancelled)"."""
        self.assertEqual(
            self.env["sale.status.execution"].search_count(
                [("rule_id", "=", self.rule.id)]
            ),
            len(LOG) + 2,
        )
        self.start_tour(
            "/odoo/action-sale_status_automation.sale_status_execution_action_insight",
            "sale_status_automation_insight_tour",
            login=self.manager.login,
        )

    def test_a_rule_whose_messages_all_failed_still_shows_on_the_board(self):
        rule = self.make_rule(self.stage_paid, "All failed")
        executions = self.env["sale.status.execution"]
        for visit in (1, 2):
            executions.create(
                {
                    **executions._values_for(self.create_order(), rule, visit),
                    "state": "failed",
                    "finished_at": fields.Datetime.now(),
                }
            )
        self.assertRecordValues(
            rule,
            [
                {
                    "sent_recently": 0,
                    "delivery_reported": False,
                    "delivery_rate": 0,
                    "failed_recently": 2,
                }
            ],
        )
        self.assertEqual(self.rule.failed_recently, 2)
        self.start_tour(
            "/odoo/action-sale_status_automation.sale_status_rule_action",
            "sale_status_automation_board_counters_tour",
            login=self.manager.login,
        )
