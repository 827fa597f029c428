# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleStatusRule(models.Model):
    """The rule and its channels: their checks, the fallback, and what the
    channel brings to the screens as it declares it (channels/channel.py).
    The core views read these fields, so they name no channel, and a channel
    added by another addon gets its icon, its *Send To* and its fallbacks
    without touching them."""

    _inherit = "sale.status.rule"

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
    channel_icon = fields.Char(compute="_compute_channel_traits")
    channel_has_recipient = fields.Boolean(compute="_compute_channel_traits")
    staff_only = fields.Boolean(
        string="For the Staff Only",
        compute="_compute_staff_only",
        help="The message is for the staff only (a whisper, say): the rule "
        "can only fall back on telling the staff, never on the customer.",
    )

    @api.depends("channel")
    def _compute_channel_traits(self):
        for rule in self:
            channel = rule._channel() if rule.channel else None
            rule.channel_icon = channel._icon if channel is not None else False
            rule.channel_has_recipient = (
                channel._has_recipient if channel is not None else False
            )

    @api.depends(lambda self: self._channel_settings_fields())
    def _compute_staff_only(self):
        for rule in self:
            rule.staff_only = rule._staff_only()

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
