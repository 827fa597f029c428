# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo import api, fields, models
from odoo.fields import Domain

# The rule board's counters: the last this many days, of the messages that
# went to customers for real (test sends and sandbox runs aside).
RECENT_DAYS = 30
# The states each counter of a card counts. "Sent" is what the provider
# accepted; only a channel whose provider reports delivery (SMS, WhatsApp,
# calls) ever gets a message "delivered", and only its sends make the rate.
OUTCOMES = {
    "sent": ("sent", "delivered"),
    "delivered": ("delivered",),
    "failed": ("failed",),
    "unknown": ("unknown",),
}


class SaleStatusRule(models.Model):
    """What a rule's messages did lately, for its card on the rules board."""

    _inherit = "sale.status.rule"

    sent_recently = fields.Integer(
        string="Sent (30 days)",
        compute="_compute_recent_outcomes",
        help="Messages of the rule the provider accepted in the last 30 days "
        "(sent or delivered), test sends and sandbox runs aside.",
    )
    delivered_recently = fields.Integer(
        string="Delivered (30 days)",
        compute="_compute_recent_outcomes",
        help="Messages of the rule the provider reported delivered in the last "
        "30 days (a call: answered). Email, chat and staff messages are never "
        "reported delivered.",
    )
    delivery_reported = fields.Boolean(
        compute="_compute_recent_outcomes",
        help="Some messages of the rule sent in the last 30 days went by a "
        "channel whose provider reports delivery (SMS, WhatsApp, calls).",
    )
    delivery_rate = fields.Integer(
        string="Delivery Rate (30 days)",
        compute="_compute_recent_outcomes",
        help="Of the rule's messages sent in the last 30 days by a channel "
        "that reports delivery, the share reported delivered, in percent.",
    )
    failed_recently = fields.Integer(
        string="Failed (30 days)",
        compute="_compute_recent_outcomes",
        help="Messages of the rule that failed in the last 30 days, test sends "
        "and sandbox runs aside.",
    )
    unknown_recently = fields.Integer(
        string="Unknown Outcome (30 days)",
        compute="_compute_recent_outcomes",
        help="Messages of the rule that may or may not have left in the last "
        "30 days (the provider's answer was lost).",
    )

    def _recent_domain(self, outcome=None):
        """The executions a card's counter counts: the rules' live ones
        that ended in the last 30 days, of ``outcome`` (a key of OUTCOMES)
        or of any of them."""
        since = fields.Datetime.now() - datetime.timedelta(days=RECENT_DAYS)
        states = (
            OUTCOMES[outcome] if outcome else sorted(set().union(*OUTCOMES.values()))
        )
        return Domain(
            [
                ("rule_id", "in", self.ids),
                ("is_test", "=", False),
                ("sandbox", "=", False),
                ("finished_at", ">=", fields.Datetime.to_string(since)),
                ("state", "in", states),
            ]
        )

    @api.model
    def _channels_reporting_delivery(self):
        return {
            code
            for code, _label in self._fields["channel"]._description_selection(self.env)
            if f"sale.status.channel.{code}" in self.env
            and self.env[f"sale.status.channel.{code}"]._reports_delivery
        }

    def _compute_recent_outcomes(self):
        """In one query for all the rules shown."""
        counts = {}
        if self.ids:
            counts_by = self.env["sale.status.execution"]._read_group(
                self._recent_domain(), ["rule_id", "channel", "state"], ["__count"]
            )
            for rule, channel, state, count in counts_by:
                counts.setdefault(rule.id, []).append((channel, state, count))
        reporting = self._channels_reporting_delivery()
        for rule in self:
            rows = counts.get(rule.id, [])

            def total(outcome, channels=None, rows=rows):
                return sum(
                    count
                    for channel, state, count in rows
                    if state in OUTCOMES[outcome]
                    and (channels is None or channel in channels)
                )

            sent_reporting = total("sent", reporting)
            rule.sent_recently = total("sent")
            rule.delivered_recently = total("delivered")
            rule.delivery_reported = bool(sent_reporting)
            rule.delivery_rate = (
                round(100 * total("delivered", reporting) / sent_reporting)
                if sent_reporting
                else 0
            )
            rule.failed_recently = total("failed")
            rule.unknown_recently = total("unknown")

    def action_open_recent_log(self):
        """The executions behind a counter of the card (``outcome`` in the
        context): exactly those it counts."""
        self.ensure_one()
        outcome = self.env.context.get("outcome")
        if outcome not in OUTCOMES:
            outcome = None
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_status_automation.sale_status_execution_action"
        )
        labels = {
            "sent": self.env._("sent"),
            "delivered": self.env._("delivered"),
            "failed": self.env._("failed"),
            "unknown": self.env._("of unknown outcome"),
        }
        name = self.env._(
            "%(rule)s: %(outcome)s in the last %(days)s days",
            rule=self.name,
            outcome=labels.get(outcome, self.env._("ended")),
            days=RECENT_DAYS,
        )
        action.update(
            name=name,
            display_name=name,
            domain=list(self._recent_domain(outcome)),
            # The counter's domain says it all: no default filter on top.
            context={},
        )
        return action
