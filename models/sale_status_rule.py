# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import uuid

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DELAY_UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}
MAX_DELAY_MINUTES = 365 * 24 * 60
# Dates of an order a rule cannot count from: the time of any write, and
# the time it entered its status (a rule's delay counts from there already).
NOT_ANCHORS = ("write_date", "stage_date")


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
    chain_position = fields.Integer(
        string="Order in the Status",
        compute="_compute_chain_position",
        help="Where the rule runs among the live rules of its status and "
        "company: a rule that starts after the previous rule waits for the "
        "one numbered before it.",
    )
    stage_active = fields.Boolean(related="stage_id.active", string="Status Active")
    odoo_email_note = fields.Text(
        string="Odoo's Own Emails",
        compute="_compute_odoo_email_note",
        help="Odoo's own emails to the customer that go out when orders enter "
        "the status: an email rule there sends a second one.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The rule runs on the orders of this company only.",
    )
    # Each channel adds itself (channels/): sale.status.channel.<value>.
    channel = fields.Selection(selection=[], required=True, default="email")
    # Every channel: a whisper, for the staff only, falls back on the
    # employee channel; other rules on a channel that reaches the customer.
    # The form offers each its own choice (customer_fallback, staff_fallback).
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
        help="When the customer has no live chat conversation to whisper in: "
        "an employee notification instead (its settings in the Employee tab). "
        "A whisper is for the staff only: it never falls back on a message to "
        "the customer.",
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

    @api.model_create_multi
    def create(self, vals_list):
        # Last in its status unless a place is given: the order of a status's
        # rules is the order of its "after the previous rule" chain, which a
        # new rule must not reorder behind the user's back.
        last_of = {}
        for vals in vals_list:
            if vals.get("sequence") is not None:
                continue
            stage_id = vals.get("stage_id") or self.env.context.get("default_stage_id")
            company_id = vals.get("company_id") or self.env.context.get(
                "default_company_id", self.env.company.id
            )
            key = (stage_id, company_id)
            if key not in last_of:
                last_of[key] = self._last_sequence(stage_id, company_id)
            last_of[key] += 1
            vals["sequence"] = last_of[key]
        return super().create(vals_list)

    @api.model
    def _last_sequence(self, stage_id, company_id):
        # sudo: a rule the user may not read still holds its place; an
        # archived one has none in the chain.
        last = self.sudo().search(
            [("stage_id", "=", stage_id), ("company_id", "=", company_id)],
            order="sequence desc",
            limit=1,
        )
        return last.sequence if last else 9

    @api.depends("sequence", "stage_id", "company_id", "active", "paused")
    def _compute_chain_position(self):
        live = self.filtered(lambda rule: rule.active and not rule.paused and rule.id)
        (self - live).chain_position = 0
        if not live:
            return
        # sudo: the place of a rule counts every live rule of its status.
        chains = (
            self.sudo()
            .search(
                [
                    ("stage_id", "in", live.stage_id.ids),
                    ("company_id", "in", live.company_id.ids),
                    ("paused", "=", False),
                ]
            )
            .grouped(lambda rule: (rule.stage_id.id, rule.company_id.id))
        )
        for rule in live:
            chain = chains.get((rule.stage_id.id, rule.company_id.id), self.browse())
            ids = chain.ids
            rule.chain_position = ids.index(rule.id) + 1 if rule.id in ids else 0

    def action_activate(self):
        self.paused = False

    def action_pause(self):
        self.paused = True

    @api.depends("channel", "fallback_channel", "stage_id", "company_id")
    def _compute_odoo_email_note(self):
        for rule in self:
            rule.odoo_email_note = (
                rule._odoo_email_note(rule.stage_id, rule.company_id)
                if "email" in (rule.channel, rule.fallback_channel)
                else False
            )

    @api.model
    def _odoo_email_note(self, stage, company):
        """What Odoo itself emails the customer when orders enter ``stage``
        (by the events that move them there), in words, or False."""
        templates = self._odoo_emails_on_entering(stage, company)
        if not templates:
            return False
        return self.env._(
            "Odoo itself emails the customer when orders enter this status: "
            "%(emails)s. An email rule here sends a second email: keep one (see "
            'the configuration guide, "Odoo\'s own emails").',
            emails="; ".join(templates),
        )

    @api.model
    def _odoo_emails_on_entering(self, stage, company):
        """Odoo's own emails (name and when) sent on the events whose
        triggers move orders of ``company`` to ``stage``."""
        if not stage:
            return []
        # sudo: which triggers and templates exist, to name them; sales
        # users may not read mail templates.
        events = set(
            stage.sudo()
            .trigger_ids.filtered(
                lambda trigger: (
                    trigger.active
                    and trigger.company_id in (company, self.env["res.company"])
                )
            )
            .mapped("event")
        )
        found = []

        def add(template, when):
            template = template.sudo()
            if template and template.exists() and template.active:
                found.append(
                    self.env._(
                        "%(template)s (%(when)s)", template=template.name, when=when
                    )
                )

        if events & {"confirmed", "payment_received", "placed_in_shop"}:
            add(
                self._odoo_confirmation_template(),
                self.env._("an order confirmed by an online payment or a checkout"),
            )
        if events & {"payment_received", "placed_in_shop"}:
            add(
                self.env.ref(
                    "sale.mail_template_sale_payment_executed", raise_if_not_found=False
                ),
                self.env._("a payment made or pending online"),
            )
        if "quotation_sent" in events:
            add(
                self.env.ref("sale.email_template_edi_sale", raise_if_not_found=False),
                self.env._("the salesperson's Send by email"),
            )
        return found

    @api.model
    def _odoo_confirmation_template(self):
        """The order confirmation email Odoo sends (Sales settings), as
        sale.order._get_confirmation_template chooses it."""
        template_id = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sale.default_confirmation_template")
        )
        template = self.env["mail.template"].sudo().browse(int(template_id or 0))
        if template_id and template.exists():
            return template
        return (
            self.env.ref(
                "sale.mail_template_sale_confirmation", raise_if_not_found=False
            )
            or self.env["mail.template"]
        )

    def _compute_render_model(self):
        self.render_model = "sale.order"

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
    def _selection_any_fallback(self):
        return self._fields["channel"]._description_selection(self.env)

    def _is_whisper(self):
        return self.channel == "chat" and self.chat_whisper

    @api.depends("fallback_channel")
    def _compute_fallback_choices(self):
        customer_channels = dict(self._selection_fallback_channel())
        for rule in self:
            fallback = rule.fallback_channel
            rule.customer_fallback = (
                fallback if fallback in customer_channels else False
            )
            rule.staff_fallback = fallback == "employee"

    def _inverse_customer_fallback(self):
        for rule in self.filtered(lambda rule: not rule._is_whisper()):
            rule.fallback_channel = rule.customer_fallback

    def _inverse_staff_fallback(self):
        for rule in self.filtered(lambda rule: rule._is_whisper()):
            rule.fallback_channel = "employee" if rule.staff_fallback else False

    @api.onchange("customer_fallback")
    def _onchange_customer_fallback(self):
        if not self._is_whisper():
            self.fallback_channel = self.customer_fallback

    @api.onchange("staff_fallback")
    def _onchange_staff_fallback(self):
        if self._is_whisper():
            self.fallback_channel = "employee" if self.staff_fallback else False

    @api.onchange("channel", "chat_whisper")
    def _onchange_whisper_fallback(self):
        # Each kind of rule has its own fallbacks: the other kind's goes.
        if self._is_whisper():
            allowed = {"employee"}
        else:
            allowed = dict(self._selection_fallback_channel())
        if self.fallback_channel not in allowed:
            self.fallback_channel = False

    @api.model
    def _channel_settings_fields(self):
        fnames = {"channel", "fallback_channel", "chat_whisper"}
        for code, _label in self._fields["channel"].selection:
            fnames.update(self.env[f"sale.status.channel.{code}"]._rule_fields)
        return fnames

    @api.constrains(lambda self: self._channel_settings_fields())
    def _check_channel_settings(self):
        """The channels' own checks of their settings. Nothing is rendered
        here: constraints run as superuser (see _check_rendering)."""
        fallbacks = dict(self._selection_fallback_channel())
        for rule in self:
            if rule._is_whisper() and rule.fallback_channel not in (False, "employee"):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a whisper is for the staff only; it can "
                        "only fall back on an employee notification, never on a "
                        "message to the customer.",
                        rule=rule.name,
                    )
                )
            if (
                rule.fallback_channel
                and rule.fallback_channel not in fallbacks
                and not rule._is_whisper()
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(channel)s cannot be a fallback; choose "
                        "one of %(channels)s.",
                        rule=rule.name,
                        channel=rule.fallback_channel,
                        channels=", ".join(fallbacks.values()),
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

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages._with_pipeline()

    @api.model
    @api.readonly
    def formatted_read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        groups = super().formatted_read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )
        # A status folded in the order pipeline keeps its rules in view on the
        # rules board.
        for group in groups:
            group.pop("__fold", None)
        if groupby and groupby[0] == "stage_id":
            self._mark_archived_stages(groups)
        return groups

    def _mark_archived_stages(self, groups):
        """An archived status's column says so: orders no longer move there,
        and its rules run on nothing new."""
        stage_ids = [group["stage_id"][0] for group in groups if group.get("stage_id")]
        archived = (
            self.env["sale.order.stage"]
            .with_context(active_test=False)
            .search([("id", "in", stage_ids), ("active", "=", False)])
        )
        for group in groups:
            value = group.get("stage_id")
            if value and value[0] in archived.ids:
                group["stage_id"] = (
                    value[0],
                    self.env._("%(status)s (archived)", status=value[1]),
                )

    @api.depends(
        "channel",
        "fallback_channel",
        "timing",
        "delay",
        "delay_unit",
        "date_direction",
        "date_field",
        "at_time_of_day",
        "time_of_day",
        "run_mode",
        "condition_domain",
        "once_per_order",
    )
    @api.depends_context("lang")
    def _compute_summary(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for rule in self:
            parts = [
                self.env._(
                    "%(channel)s to %(recipient)s",
                    channel=channels.get(rule.channel, ""),
                    recipient=rule._channel()._audience() if rule.channel else "",
                ),
                rule._timing_label(),
            ]
            if rule.fallback_channel:
                parts.insert(
                    1,
                    self.env._(
                        "otherwise %(channel)s",
                        channel=channels.get(rule.fallback_channel, ""),
                    ),
                )
            if rule._has_condition():
                parts.append(self.env._("if conditions match"))
            if rule.once_per_order:
                parts.append(self.env._("once per order"))
            rule.summary = ", ".join(parts)

    def _timing_label(self):
        after = (
            self.env._("the previous rule")
            if self.run_mode == "after_previous"
            else self.env._("entering")
        )
        if self.timing == "date":
            return self._date_timing_label()
        at = self._time_of_day_label()
        if self.timing == "immediately" or not self.delay:
            if at:
                return self.env._("at %(time)s after %(after)s", time=at, after=after)
            if self.run_mode == "after_previous":
                return self.env._("right after the previous rule")
            return self.env._("immediately on entering")
        if at:
            if self.run_mode == "after_previous":
                return self.env._(
                    "at %(time)s, %(delay)s after the previous rule",
                    time=at,
                    delay=self._delay_label(),
                )
            return self.env._(
                "at %(time)s after %(delay)s", time=at, delay=self._delay_label()
            )
        return self.env._(
            "%(delay)s after %(after)s", delay=self._delay_label(), after=after
        )

    def _delay_label(self):
        unit = {
            "minutes": self.env._("min"),
            "hours": self.env._("h"),
            "days": self.env._("day(s)"),
        }[self.delay_unit]
        return f"{self.delay} {unit}"

    def _time_of_day_label(self):
        if not self.at_time_of_day:
            return ""
        hours, minutes = self._hour_minute()
        return f"{hours:02d}:{minutes:02d}"

    def _date_timing_label(self):
        date = self.env._("the %(date)s", date=self._date_field_label().lower())
        if self.delay:
            label = self.env._(
                "%(offset)s %(direction)s %(date)s",
                offset=self._delay_label(),
                direction=dict(
                    self._fields["date_direction"]._description_selection(self.env)
                )[self.date_direction].lower(),
                date=date,
            )
        else:
            label = self.env._("on %(date)s", date=date)
        at = self._time_of_day_label()
        return self.env._("%(when)s at %(time)s", when=label, time=at) if at else label

    def _hour_minute(self):
        """The time of day as (hour, minute), rounded to the minute."""
        minutes = min(round(self.time_of_day * 60), 24 * 60 - 1)
        return divmod(minutes, 60)

    def _planned(self, start, order):
        """Values scheduling an execution of this rule on ``order``, its
        delay counted from ``start`` (a date of the order's instead, for a
        rule relative to one): due, waiting for the order's date, or
        skipped because its moment is past."""
        now = fields.Datetime.now()
        due = self._due(start, order)
        if not due:
            return {
                "state": "waiting_date",
                "scheduled_at": False,
                "moment_at": False,
                "job_uuid": False,
                "reason": self.env._(
                    "Waits for the order's %(date)s.", date=self._date_field_label()
                )
                if self._is_anchor(self.date_field)
                else self.env._(
                    "The date of the order the rule counts from was removed."
                ),
            }
        reason = False
        # Only a date of the order can be past. A delay counts from
        # ``start``, which the clock has already left behind by the time the
        # last of a bulk of orders is planned: compared with ``now``, that
        # rule would be skipped for the seconds planning took.
        if self.timing == "date" and due < now:
            past = self.env._(
                "Its moment, %(due)s (UTC), was already past",
                due=fields.Datetime.to_string(due),
            )
            if self.past_date == "skip":
                return {
                    "state": "skipped",
                    "scheduled_at": due,
                    "moment_at": due,
                    "finished_at": now,
                    "reason": self.env._("%(past)s: skipped.", past=past),
                }
            due, reason = now, self.env._("%(past)s: runs at once.", past=past)
        return {
            "state": "scheduled",
            "scheduled_at": due,
            "moment_at": due,
            "job_uuid": str(uuid.uuid4()),
            "reason": reason,
        }

    def _due(self, start, order):
        """When this rule is due on ``order`` (naive UTC), counted from
        ``start`` or from the order's date; None when the order has no such
        date."""
        if self.timing == "date":
            return self._due_from_date(order)
        due = start + datetime.timedelta(minutes=self._delay_minutes())
        if not self.at_time_of_day:
            return due
        # The first such time of the customer's day at or after ``due``.
        tz = self._customer_tz(order)
        if self.timing == "delay" and self.delay_unit == "days":
            # Days of the customer's calendar: across a clock change one
            # is 23 or 25 hours, and 24 would miss that day's time.
            local = pytz.utc.localize(start).astimezone(tz).replace(tzinfo=None)
            local += datetime.timedelta(days=self.delay)
        else:
            local = pytz.utc.localize(due).astimezone(tz).replace(tzinfo=None)
        moment = self._at_time_of_day(local.date())
        if moment < local:
            moment = self._at_time_of_day(local.date() + datetime.timedelta(days=1))
        return self._to_utc(moment, tz)

    def _due_from_date(self, order):
        # A custom date removed since the rule was saved counts as no date.
        fname = self.date_field
        value = order[fname] if self._is_anchor(fname) else False
        if not value:
            return None
        tz = self._customer_tz(order)
        if isinstance(value, datetime.datetime):
            moment = pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
        else:  # a date: its start in the customer's day
            moment = datetime.datetime.combine(value, datetime.time())
        sign = -1 if self.date_direction == "before" else 1
        offset = datetime.timedelta(
            minutes=sign * self.delay * DELAY_UNITS[self.delay_unit]
        )
        if self.delay_unit == "days":
            # Days are the customer's calendar days, whatever the clock change.
            moment += offset
            if self.at_time_of_day:
                moment = self._at_time_of_day(moment.date())
            return self._to_utc(moment, tz)
        due = self._to_utc(moment, tz) + offset
        if not self.at_time_of_day:
            return due
        local = pytz.utc.localize(due).astimezone(tz).replace(tzinfo=None)
        return self._to_utc(self._at_time_of_day(local.date()), tz)

    def _at_time_of_day(self, day):
        hours, minutes = self._hour_minute()
        return datetime.datetime.combine(day, datetime.time(hours, minutes))

    @staticmethod
    def _to_utc(local, tz):
        """``local``, a naive time of ``tz``, as naive UTC."""
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _customer_tz(self, order):
        """The customer's time zone, else the sending hours', as the
        sending hours read the customer's day."""
        calendar = self.sending_calendar_id or order.company_id.sale_status_calendar_id
        for tz_name in (order.partner_id.tz, calendar.tz):
            if tz_name in pytz.all_timezones_set:
                return pytz.timezone(tz_name)
        return pytz.utc

    def _delay_minutes(self):
        if self.timing != "delay":
            return 0
        return self.delay * DELAY_UNITS[self.delay_unit]

    @api.constrains("timing", "delay", "delay_unit")
    def _check_delay_range(self):
        for rule in self.filtered(lambda rule: rule.timing in ("delay", "date")):
            if rule.timing == "delay" and rule.delay <= 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a delay must be positive.", rule=rule.name
                    )
                )
            if rule.delay < 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the time before or after the date cannot "
                        "be negative.",
                        rule=rule.name,
                    )
                )
            if rule.delay * DELAY_UNITS[rule.delay_unit] > MAX_DELAY_MINUTES:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a delay cannot exceed 365 days.", rule=rule.name
                    )
                )

    @api.constrains("timing", "date_field", "at_time_of_day", "time_of_day")
    def _check_date_timing(self):
        anchors = self._anchor_field_names()
        for rule in self:
            if rule.at_time_of_day and not 0 <= rule.time_of_day < 24:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the time of day must be between 00:00 and "
                        "23:59.",
                        rule=rule.name,
                    )
                )
            if rule.timing != "date":
                continue
            if not rule.date_field:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: choose the date of the order it counts from.",
                        rule=rule.name,
                    )
                )
            if rule.date_field not in anchors:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(field)s is not a stored date of the sale "
                        "order.",
                        rule=rule.name,
                        field=rule.date_field,
                    )
                )

    @api.model
    def _anchor_field_names(self):
        """The dates of a sale order a rule may count from."""
        return {
            name for name in self.env["sale.order"]._fields if self._is_anchor(name)
        }

    @api.model
    def _is_anchor(self, fname):
        """Whether a rule may count from the sale order's field ``fname``
        (asked on every write of orders: one look-up, not a scan)."""
        field = self.env["sale.order"]._fields.get(fname)
        return bool(
            field
            and field.type in ("date", "datetime")
            and field.store
            and fname not in NOT_ANCHORS
        )

    @api.model
    def _selection_date_field(self):
        orders = self.env["sale.order"]
        return sorted(
            (
                (fname, orders._fields[fname]._description_string(self.env))
                for fname in self._anchor_field_names()
            ),
            key=lambda option: option[1],
        )

    def _date_field_label(self):
        if not self._is_anchor(self.date_field):
            return ""
        field = self.env["sale.order"]._fields[self.date_field]
        return field._description_string(self.env)

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
