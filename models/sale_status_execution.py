# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

NOT_STARTED = ("waiting", "waiting_date", "scheduled")
FINISHED = ("sent", "delivered", "failed", "skipped", "unknown")
# States that count as "the rule ran" for rules that run once per order.
RAN = ("running", "sent", "delivered", "unknown")


class SaleStatusExecution(models.Model):
    """One run of one rule for one visit of an order in a status.

    It is created when the order enters the status, runs at most once, and
    keeps what was sent, to whom, and how it ended. This file holds the
    record; the engine extends it by responsibility: planning on entering
    and leaving a status (_planning), the queue job (_job), chains and
    fallback (_chain), the settling cron (_settle), following the order's
    dates (_dates) and the chatter note (_chatter). It names no channel: it
    asks the channel model (``_channel()``, channels/channel.py).
    """

    _name = "sale.status.execution"
    _description = "Order Status Automation Execution"
    _order = "id desc"

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    rule_id = fields.Many2one(
        "sale.status.rule", required=True, index=True, ondelete="cascade", readonly=True
    )
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Order Status",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    visit = fields.Integer(
        string="Status Entry",
        required=True,
        readonly=True,
        help="Which of the order's entries into a status this execution "
        "belongs to (the order's Statuses Entered when it entered this one).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id", string="Customer", readonly=True
    )
    channel = fields.Selection(
        selection=lambda self: (
            self.env["sale.status.rule"]
            ._fields["channel"]
            ._description_selection(self.env)
        ),
        required=True,
        readonly=True,
    )
    sequence = fields.Integer(readonly=True, help="The rule's place in its status.")
    bulk = fields.Boolean(
        string="Part of a Bulk",
        readonly=True,
        help="Planned by a change that moved many orders at once: its job "
        "gives way to those of the orders moved one by one.",
    )
    state = fields.Selection(
        [
            ("waiting", "Waiting for previous rule"),
            ("waiting_date", "Waiting for a date"),
            ("scheduled", "Scheduled"),
            ("running", "Running"),
            ("sent", "Sent"),
            ("delivered", "Delivered"),
            ("failed", "Failed"),
            ("skipped", "Skipped"),
            ("cancelled", "Cancelled"),
            ("unknown", "Unknown outcome"),
        ],
        required=True,
        default="scheduled",
        index=True,
        readonly=True,
    )
    scheduled_at = fields.Datetime(string="Due", readonly=True)
    # The sending hours or the number's pace may move Due past it; once it
    # came, a new date of the order no longer skips the execution.
    moment_at = fields.Datetime(
        string="Rule's Moment",
        readonly=True,
        help="When the rule's timing fell due on the order; the sending "
        "hours or the sending number's pace may send it later (Due).",
    )
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    attempts = fields.Integer(readonly=True)
    read_at = fields.Datetime(
        string="Read",
        readonly=True,
        help="When the customer read the message, for channels whose provider says so.",
    )
    # 0 or 1, summed by the log's pivot and graph views.
    read_count = fields.Integer(
        string="Read by the Customer", compute="_compute_read_count", store=True
    )
    reply_count = fields.Integer(
        string="Replied",
        readonly=True,
        help="1 when the customer answered this message, on a channel that "
        "takes answers.",
    )
    recipient = fields.Char(readonly=True)
    subject = fields.Char(readonly=True)
    content = fields.Text(readonly=True)
    provider_ref = fields.Char(string="Provider Reference", readonly=True, index=True)
    reason = fields.Text(readonly=True, help="Why it was skipped, failed or cancelled.")
    sandbox = fields.Boolean(
        readonly=True, help="Run in sandbox mode: nothing left the server."
    )
    job_uuid = fields.Char(string="Queue Job", readonly=True, index="btree_not_null")
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Chatter Message",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The message the channel posted on the order: its notification "
        "carries the delivery reports.",
    )
    is_test = fields.Boolean(
        string="Test", readonly=True, help="Sent from the rule's Send test button."
    )
    test_destination = fields.Char(readonly=True)
    kind = fields.Char(
        string="Test/Sandbox",
        compute="_compute_kind",
        help="A test send or a sandbox run: no message to a customer.",
    )
    kind_help = fields.Char(compute="_compute_kind")
    fallback_of_id = fields.Many2one(
        "sale.status.execution",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The execution of the rule's own channel that could not reach the "
        "customer: this one sent the rule's fallback channel instead.",
    )

    _one_run_per_visit = models.UniqueIndex(
        "(order_id, rule_id, visit)"
        " WHERE is_test IS NOT TRUE AND fallback_of_id IS NULL"
    )
    _one_fallback = models.UniqueIndex("(fallback_of_id)")

    @api.depends("order_id.name", "rule_id.name")
    def _compute_display_name(self):
        for execution in self:
            execution.display_name = (
                f"{execution.order_id.name} · {execution.rule_id.name}"
            )

    @api.depends("is_test", "sandbox", "test_destination")
    def _compute_kind(self):
        for execution in self:
            if execution.is_test and execution.sandbox:
                kind = self.env._("Test, sandbox")
                explained = self.env._(
                    "sent from the rule's Send test button in sandbox mode: "
                    "nothing left the server."
                )
            elif execution.is_test:
                kind = self.env._("Test send")
                explained = (
                    self.env._(
                        "sent from the rule's Send test button to %s.",
                        execution.test_destination,
                    )
                    if execution.test_destination
                    else self.env._(
                        "sent from the rule's Send test button, to the order's "
                        "customer."
                    )
                )
            elif execution.sandbox:
                kind = self.env._("Sandbox")
                explained = self.env._(
                    "run in sandbox mode: nothing left the server, no customer got it."
                )
            else:
                kind = explained = False
            execution.kind = kind
            execution.kind_help = explained

    @api.depends("read_at")
    def _compute_read_count(self):
        for execution in self:
            execution.read_count = 1 if execution.read_at else 0

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env)).get(
            self.channel, ""
        )

    def _channel(self):
        return self.env[f"sale.status.channel.{self.channel}"]

    def _order_left(self):
        """Whether the order left the visit this execution belongs to."""
        order = self.order_id
        return order.stage_id != self.stage_id or order.stage_visit != self.visit

    def _stale_reason(self):
        if self._order_left():
            return self.env._(
                "The order left the status %(status)s.", status=self.stage_id.name
            )
        return ""

    def _finish(self, state, reason="", unreachable=False):
        """End the execution; ``unreachable``: its channel cannot reach the
        customer, the rule's fallback channel may."""
        self.write(
            {
                "state": state,
                "reason": reason or False,
                "finished_at": fields.Datetime.now(),
            }
        )
        self._log()
        if unreachable:
            self._fall_back()
