# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The rules board's numbers: sent, delivered, failed and unknown apart, the
delivery rate of the channels that report it, each counter opening what it
counts."""

from datetime import datetime, timedelta

from .common import LogCase


class TestTheCardsNumbers(LogCase):
    """Item 10: sent, delivered and failed apart; delivered ÷ sent, for the
    channels whose provider reports delivery."""

    def test_accepted_by_the_provider_is_not_delivered(self):
        """The issue's "75% delivered": 3 SMS Twilio accepted, none reported
        delivered, 1 failed."""
        rule = self.make_rule(self.stage_paid, "Paid SMS")
        for _sent in range(3):
            self.log(rule, "sent")
        self.log(rule, "failed")
        self.assertRecordValues(
            rule,
            [
                {
                    "sent_recently": 3,
                    "delivered_recently": 0,
                    "delivery_reported": True,
                    "delivery_rate": 0,
                    "failed_recently": 1,
                }
            ],
        )

    def test_the_rate_is_delivered_over_sent_of_the_channels_that_report(self):
        """An SMS rule falling back to email: the emails, never reported
        delivered, do not lower the SMS delivery rate."""
        rule = self.make_rule(self.stage_paid, "SMS or email")
        self.log(rule, "delivered")
        self.log(rule, "sent")
        self.log(rule, "sent", channel="email")
        self.log(rule, "sent", channel="email")
        self.assertRecordValues(
            rule,
            [{"sent_recently": 4, "delivered_recently": 1, "delivery_rate": 50}],
        )

    def test_an_email_rule_shows_no_delivery_rate(self):
        rule = self.make_rule(
            self.stage_paid,
            "Paid email",
            channel="email",
            email_subject="Paid",
            email_body="<p>Thanks</p>",
        )
        self.log(rule, "sent")
        self.log(rule, "sent")
        self.assertRecordValues(
            rule, [{"sent_recently": 2, "delivery_reported": False}]
        )

    def test_sandbox_runs_and_test_sends_count_nowhere(self):
        rule = self.make_rule(self.stage_paid, "Tried out")
        self.log(rule, "sent", sandbox=True)
        self.log(rule, "delivered", is_test=True)
        self.log(rule, "failed", is_test=True, sandbox=True)
        self.assertRecordValues(
            rule,
            [
                {
                    "sent_recently": 0,
                    "delivered_recently": 0,
                    "failed_recently": 0,
                    "unknown_recently": 0,
                }
            ],
        )

    def test_each_counter_opens_exactly_the_executions_it_counts(self):
        rule = self.make_rule(self.stage_paid, "Counted")
        counted = {
            "sent": self.log(rule, "sent") | self.log(rule, "delivered"),
            "delivered": self.env["sale.status.execution"],
            "failed": self.log(rule, "failed"),
            "unknown": self.log(rule, "unknown"),
        }
        counted["delivered"] = counted["sent"].filtered(
            lambda execution: execution.state == "delivered"
        )
        # Not counted: old, a test, a sandbox run, skipped, another rule's.
        self.log(rule, "sent", finished_at=datetime.now() - timedelta(days=31))
        self.log(rule, "sent", is_test=True)
        self.log(rule, "failed", sandbox=True)
        self.log(rule, "skipped")
        self.log(self.make_rule(self.stage_paid, "Other"), "sent")
        counters = {
            "sent": rule.sent_recently,
            "delivered": rule.delivered_recently,
            "failed": rule.failed_recently,
            "unknown": rule.unknown_recently,
        }
        log = self.env["sale.status.execution"].with_user(self.manager)
        for outcome, executions in counted.items():
            action = (
                rule.with_user(self.manager)
                .with_context(outcome=outcome)
                .action_open_recent_log()
            )
            opened = log.search(action["domain"])
            self.assertEqual(opened, executions, outcome)
            self.assertEqual(len(opened), counters[outcome], outcome)
