# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleStatusRule(models.Model):
    """What to tell the customer when an order enters a status."""

    _name = "sale.status.rule"
    _inherit = "mail.render.mixin"
    _description = "Order Status Automation Rule"
    _order = "sequence, id"
    _check_company_auto = True
    # Rendering trusts the rule's placeholders, so only template editors may
    # write ones that run code (checked by mail.render.mixin on save).
    _unrestricted_rendering = True

    name = fields.Char(required=True, translate=True)
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Order Status",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        group_expand="_read_group_stage_ids",
        help="The rule runs each time an order enters this status.",
    )
    # No default: a new rule goes last in its status (see create), so that
    # it never slips into the middle of an "after the previous rule" chain.
    sequence = fields.Integer()
    active = fields.Boolean(default=True)
    paused = fields.Boolean(
        help="A paused rule is not planned on the orders entering its status, "
        "and its runs planned before the pause are skipped. Rules created in "
        "the rules screens, added from the library or copied start paused "
        "until activated.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The rule runs on the orders of this company only.",
    )
    # Each channel adds itself (channels/): sale.status.channel.<value>.
    channel = fields.Selection(
        selection=[], required=True, default=lambda self: self._default_channel()
    )
    # Every channel: a rule for the staff only (staff_only, a whisper say)
    # falls back on a channel that tells the staff; other rules on one that
    # reaches the customer. The form offers each its own choice
    # (customer_fallback, staff_fallback).
    fallback_channel = fields.Selection(selection="_selection_any_fallback")
    customer_fallback = fields.Selection(
        selection="_selection_fallback_channel",
        string="Otherwise",
        compute="_compute_fallback_choices",
        inverse="_inverse_customer_fallback",
        help="Sent instead, once and right away, when the rule's channel cannot "
        "reach the customer: no address or phone, a landline, not on WhatsApp, "
        "no live chat, no answer after the calls. Never after an opt-out, nor "
        "once the order left the status. Its text is the rule's own for that "
        "channel.",
    )
    staff_fallback = fields.Boolean(
        string="Otherwise Tell the Staff",
        compute="_compute_fallback_choices",
        inverse="_inverse_staff_fallback",
        help="When the message cannot be delivered (no conversation to "
        "whisper in, say): a notification to the staff instead, with its "
        "settings in its own tab. A message for the staff only never falls "
        "back on a message to the customer.",
    )
    timing = fields.Selection(
        [
            ("immediately", "Immediately"),
            ("delay", "After a delay"),
            ("date", "Relative to a date of the order"),
        ],
        required=True,
        default="immediately",
        help="Relative to a date of the order: before or after one of its dates "
        "(the delivery date...); when the date changes while the rule waits, "
        "its run moves with it.",
    )
    delay = fields.Integer(default=1)
    delay_unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        required=True,
        default="hours",
    )
    date_direction = fields.Selection(
        [("before", "Before"), ("after", "After")],
        string="Before or After",
        required=True,
        default="before",
    )
    # A selection rather than an ir.model.fields, which sales managers may
    # not read; its values are the order's stored dates, custom ones too.
    date_field = fields.Selection(
        selection="_selection_date_field",
        string="Date of the Order",
        help="The order's date the rule counts from, e.g. its delivery date. "
        "An order without this date waits for it.",
    )
    past_date = fields.Selection(
        [("run", "Run at once"), ("skip", "Skip")],
        string="When Already Past",
        required=True,
        default="skip",
        help="What the rule does when the moment it counts to is already past "
        "when it is planned, or when the date moves into the past.",
    )
    at_time_of_day = fields.Boolean(
        string="At a Time of Day",
        help="Run at this time of the customer's day (their time zone, else "
        "the sending hours'): the first such time once the delay is over, or "
        "on the day counted from the order's date.",
    )
    time_of_day = fields.Float(string="Time", default=9.0)
    run_mode = fields.Selection(
        [
            ("parallel", "When the order enters the status"),
            ("after_previous", "After the previous rule"),
        ],
        string="Start",
        required=True,
        default="parallel",
        help="After the previous rule: the delay starts when the previous rule of "
        "the status (by sequence) has finished, whatever its outcome.",
    )
    condition_domain = fields.Char(
        string="Conditions",
        default="[]",
        help="Checked when the rule is about to run; when the order does not "
        "match, the rule is skipped.",
    )
    once_per_order = fields.Boolean(
        help="Do not run again when the order comes back to the status after "
        "the rule already ran for it.",
    )
    sending_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Sending Hours",
        domain="[('company_id', 'in', [False, company_id])]",
        help="When the rule may reach the customer; the company's sending "
        "hours (Settings ▸ Sales) when empty.",
    )
    ignore_sending_hours = fields.Boolean(
        string="Any Time",
        help="Run as soon as due, even outside the sending hours.",
    )
    summary = fields.Char(compute="_compute_summary")
    execution_ids = fields.One2many("sale.status.execution", "rule_id")

    # Who, for the channels that talk to the customer
    recipient = fields.Selection(
        [
            ("auto", "Contact, else its company"),
            ("contact", "Contact"),
            ("company", "Company"),
            ("invoice", "Invoice address"),
            ("delivery", "Delivery address"),
        ],
        string="Send To",
        required=True,
        default="auto",
        help="Contact, else its company: the order's contact when it has the "
        "address the channel needs, else the contact's company.",
    )
    lang = fields.Char(default="{{ object.partner_id.lang }}")

    _check_delay = models.Constraint(
        "CHECK(delay >= 0)", "The delay of a rule cannot be negative."
    )

    def action_activate(self):
        self.paused = False

    def action_pause(self):
        self.paused = True

    def _compute_render_model(self):
        self.render_model = "sale.order"

    @api.model
    def _default_channel(self):
        # The first one the form offers (channels/__init__.py orders them).
        selection = self._fields["channel"].selection
        return selection[0][0] if selection else False

    def _channel(self):
        """The model of the rule's channel (channels/)."""
        return self.env[f"sale.status.channel.{self.channel}"]

    @api.model
    def _selection_fallback_channel(self):
        """The channels a rule falls back on when it cannot reach the
        customer: those that reach the customer."""
        return [
            (code, label)
            for code, label in self._fields["channel"]._description_selection(self.env)
            if self.env[f"sale.status.channel.{code}"]._reaches_customer
        ]

    @api.model
    def _selection_staff_fallback(self):
        """The channels a rule for the staff only falls back on: those that
        tell the staff."""
        return [
            (code, label)
            for code, label in self._fields["channel"]._description_selection(self.env)
            if not self.env[f"sale.status.channel.{code}"]._reaches_customer
        ]

    @api.model
    def _selection_any_fallback(self):
        return self._fields["channel"]._description_selection(self.env)

    def _staff_only(self):
        """Whether the rule's message is for the staff only, as its channel
        says (see sale.status.channel._staff_only)."""
        return bool(self.channel) and self._channel()._staff_only(self)

    def _allowed_fallbacks(self):
        """The fallbacks the rule may have, by code: a rule for the staff
        only tells the staff, any other reaches the customer."""
        if self._staff_only():
            return dict(self._selection_staff_fallback())
        return dict(self._selection_fallback_channel())

    @api.depends("fallback_channel")
    def _compute_fallback_choices(self):
        customer_channels = dict(self._selection_fallback_channel())
        staff_channels = dict(self._selection_staff_fallback())
        for rule in self:
            fallback = rule.fallback_channel
            rule.customer_fallback = (
                fallback if fallback in customer_channels else False
            )
            rule.staff_fallback = fallback in staff_channels

    def _staff_fallback_value(self):
        """What "otherwise tell the staff" sets: the staff channel the rule
        has, else the first one."""
        if not self.staff_fallback:
            return False
        staff_channels = [code for code, _label in self._selection_staff_fallback()]
        if self.fallback_channel in staff_channels:
            return self.fallback_channel
        return staff_channels[0] if staff_channels else False

    def _inverse_customer_fallback(self):
        for rule in self.filtered(lambda rule: not rule._staff_only()):
            rule.fallback_channel = rule.customer_fallback

    def _inverse_staff_fallback(self):
        for rule in self.filtered(lambda rule: rule._staff_only()):
            rule.fallback_channel = rule._staff_fallback_value()

    @api.onchange("customer_fallback")
    def _onchange_customer_fallback(self):
        if not self._staff_only():
            self.fallback_channel = self.customer_fallback

    @api.onchange("staff_fallback")
    def _onchange_staff_fallback(self):
        if self._staff_only():
            self.fallback_channel = self._staff_fallback_value()

    @api.onchange("channel", "staff_only")
    def _onchange_staff_only_fallback(self):
        # Each kind of rule has its own fallbacks: the other kind's goes.
        if self.fallback_channel not in self._allowed_fallbacks():
            self.fallback_channel = False

    @api.model
    def _channel_settings_fields(self):
        fnames = {"channel", "fallback_channel"}
        for code, _label in self._fields["channel"].selection:
            fnames.update(self.env[f"sale.status.channel.{code}"]._rule_fields)
        return fnames

    @api.constrains(lambda self: self._channel_settings_fields())
    def _check_channel_settings(self):
        """The channels' own checks of their settings. Nothing is rendered
        here: constraints run as superuser (see _check_rendering)."""
        for rule in self:
            allowed = rule._allowed_fallbacks()
            if rule.fallback_channel not in (False, *allowed) and rule._staff_only():
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: its message is for the staff only; it "
                        "can only fall back on %(channels)s, never on a message "
                        "to the customer.",
                        rule=rule.name,
                        channels=", ".join(allowed.values()),
                    )
                )
            if rule.fallback_channel not in (False, *allowed):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(channel)s cannot be a fallback; choose "
                        "one of %(channels)s.",
                        rule=rule.name,
                        channel=rule.fallback_channel,
                        channels=", ".join(allowed.values()),
                    )
                )
            if rule.fallback_channel and rule.fallback_channel == rule.channel:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the fallback must be another channel.",
                        rule=rule.name,
                    )
                )
            for channel in rule._channels():
                channel._check_rule(rule)

    def _channels(self):
        """The rule's channel, then its fallback's."""
        self.ensure_one()
        codes = [self.channel, self.fallback_channel]
        return [self.env[f"sale.status.channel.{code}"] for code in codes if code]

    def _sample_order(self):
        """The order a rule is tried on when none is chosen: the company's
        latest."""
        return self.env["sale.order"].search(
            [("company_id", "=", self.company_id.id)], order="id desc", limit=1
        )

    # ------------------------------------------------------------ history
    @api.ondelete(at_uninstall=False)
    def _unlink_except_executed(self):
        # sudo: a run on an order the manager cannot see is history too.
        if (
            self.env["sale.status.execution"]
            .sudo()
            .search_count([("rule_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "These rules already ran on orders and their log would be lost: "
                    "archive them instead."
                )
            )
