# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo import fields, models

# The rule board's counters: the last this many days; what reached the
# customer as far as the provider says, and what did not.
RECENT_DAYS = 30
REACHED = ("sent", "delivered")
MISSED = ("failed", "unknown")


class SaleStatusRule(models.Model):
    """What a rule's messages did lately, for its card on the rules board."""

    _inherit = "sale.status.rule"

    sent_recently = fields.Integer(
        string="Sent (30 days)",
        compute="_compute_recent_outcomes",
        help="Messages of the rule that left in the last 30 days (sent, "
        "delivered, or of unknown outcome), test sends aside.",
    )
    delivery_rate = fields.Integer(
        string="Delivery Rate (30 days)",
        compute="_compute_recent_outcomes",
        help="Of the rule's messages that left or failed in the last 30 days, "
        "the share that reached the customer as far as the provider says "
        "(sent or delivered), in percent.",
    )
    failed_recently = fields.Integer(
        string="Failed (30 days)",
        compute="_compute_recent_outcomes",
        help="Messages of the rule that failed in the last 30 days, test sends aside.",
    )

    def _compute_recent_outcomes(self):
        """In one query for all the rules shown."""
        since = fields.Datetime.now() - datetime.timedelta(days=RECENT_DAYS)
        counts = {}
        if self.ids:
            groups = self.env["sale.status.execution"]._read_group(
                [
                    ("rule_id", "in", self.ids),
                    ("is_test", "=", False),
                    ("finished_at", ">=", since),
                    ("state", "in", (*REACHED, *MISSED)),
                ],
                ["rule_id", "state"],
                ["__count"],
            )
            for rule, state, count in groups:
                counts.setdefault(rule.id, {})[state] = count
        for rule in self:
            states = counts.get(rule.id, {})
            reached = sum(states.get(state, 0) for state in REACHED)
            tried = reached + sum(states.get(state, 0) for state in MISSED)
            rule.sent_recently = reached + states.get("unknown", 0)
            rule.delivery_rate = round(100 * reached / tried) if tried else 0
            rule.failed_recently = states.get("failed", 0)
