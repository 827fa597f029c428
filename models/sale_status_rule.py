# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import uuid
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import email_normalize, safe_eval

from ..channels import error_text
from ..channels.recipients import RECIPIENTS
from ..channels.voices import (
    LANGUAGES,
    RATES,
    TEXT_LIMITS,
    VOICE_SELECTION,
    VOLUMES,
    speaks,
    voice_family,
    voices_for,
)

DELAY_UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}
MAX_DELAY_MINUTES = 365 * 24 * 60


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
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The rule runs on the orders of this company only.",
    )
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("sms", "SMS"),
            ("call", "Robocall"),
            ("chat", "Live chat message"),
            ("employee", "Employee notification"),
        ],
        required=True,
        default="email",
    )
    timing = fields.Selection(
        [("immediately", "Immediately"), ("delay", "After a delay")],
        required=True,
        default="immediately",
    )
    delay = fields.Integer(default=1)
    delay_unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        required=True,
        default="hours",
    )
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
    ignore_quiet_hours = fields.Boolean(
        help="Run even in the company's quiet hours.",
    )
    summary = fields.Char(compute="_compute_summary")
    execution_ids = fields.One2many("sale.status.execution", "rule_id")

    # Who, for the channels that talk to the customer
    recipient = fields.Selection(
        RECIPIENTS,
        string="Send To",
        required=True,
        default="auto",
        help="Contact, else its company: the order's contact when it has the "
        "address the channel needs, else the contact's company.",
    )
    lang = fields.Char(default="{{ object.partner_id.lang }}")

    # Email
    email_sender = fields.Selection(
        [
            ("auto", "Automatic"),
            ("salesperson", "Salesperson"),
            ("company", "Company"),
            ("fixed", "Fixed address"),
        ],
        string="From",
        required=True,
        default="auto",
        help="Automatic: the address this rule last sent from, else the default "
        "sender of the settings, else the company's email.",
    )
    email_from = fields.Char(string="From Address")
    last_email_from = fields.Char(readonly=True, copy=False)
    mail_server_id = fields.Many2one(
        "ir.mail_server",
        string="Outgoing Mail Server",
        help="Leave empty to let Odoo choose the server matching the sender.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "sale.order")],
        help="Use this template's subject, body and attachments instead of the "
        "rule's own.",
    )
    email_subject = fields.Char(
        string="Subject",
        translate=True,
        default=lambda self: self.env._(
            "Your order {{ object.name }}: {{ object.stage_id.name }}"
        ),
    )
    email_body = fields.Html(
        render_engine="qweb",
        render_options={"post_process": True},
        translate=True,
        sanitize="email_outgoing",
        default=lambda self: self.env._(
            '<p>Hello <t t-out="object.partner_id.name"/>,</p>'
            '<p>Your order <t t-out="object.name"/> is now: '
            '<t t-out="object.stage_id.name"/>.</p>'
        ),
    )
    attach_order_pdf = fields.Boolean(string="Attach the Order PDF")

    # SMS
    sms_body = fields.Text(
        string="SMS Text",
        translate=True,
        default=lambda self: self.env._(
            "{{ object.partner_id.name }}, your order {{ object.name }} is now "
            "{{ object.stage_id.name }}."
        ),
    )
    sms_provider = fields.Selection(
        [("default", "Company default"), ("iap", "Odoo IAP"), ("twilio", "Twilio")],
        string="SMS Provider",
        required=True,
        default="default",
        help="Company default: the provider chosen in the SMS settings.",
    )
    sms_warning = fields.Char(compute="_compute_sms_warning")

    # Robocall
    call_from_number_id = fields.Many2one(
        "sms.twilio.number",
        string="Call From",
        domain="[('company_id', '=', company_id)]",
        help="One of the company's Twilio numbers; the default caller number of "
        "the settings when empty.",
    )
    call_mode = fields.Selection(
        [("text", "Text read by a voice"), ("audio", "Audio file")],
        string="Call Using",
        required=True,
        default="text",
    )
    call_text = fields.Text(
        string="Text to Read",
        translate=True,
        default=lambda self: self.env._(
            "Hello {{ object.partner_id.name }}. Your order {{ object.name }} is now "
            "{{ object.stage_id.name }}. Thank you!"
        ),
    )
    call_language = fields.Selection(
        LANGUAGES,
        required=True,
        default=lambda self: self.env.company.sale_status_voice_language or "en-US",
    )
    call_voice = fields.Selection(
        VOICE_SELECTION,
        string="Voice",
        required=True,
        default=lambda self: self.env.company.sale_status_voice or "Polly.Joanna",
        help="Basic voices speak English, French, German, Spanish and Italian; "
        "Polly and Google voices speak their own language, with speed and volume.",
    )
    call_rate = fields.Selection(RATES, string="Speed", required=True, default="medium")
    call_volume = fields.Selection(
        VOLUMES, string="Volume", required=True, default="medium"
    )
    call_audio_url = fields.Char(
        string="Audio URL", help="A public https:// address of an .mp3 file."
    )
    call_repeat = fields.Integer(
        string="Repeat", default=1, help="How many times the message is played."
    )
    call_machine_detection = fields.Boolean(
        string="Answering Machines",
        help="When a voicemail answers, wait for the beep and leave the message.",
    )
    call_retry_max = fields.Integer(
        string="Calls When Busy",
        default=2,
        help="How many calls at most when the line is busy or nobody answers.",
    )
    call_retry_minutes = fields.Integer(
        string="Minutes Between Calls",
        default=15,
        help="Quiet hours still apply to the next call.",
    )

    # Live chat
    chat_body = fields.Text(
        string="Chat Message",
        translate=True,
        default=lambda self: self.env._(
            "Your order {{ object.name }} is now {{ object.stage_id.name }}."
        ),
    )
    chat_author = fields.Selection(
        [("operator", "The conversation's operator"), ("bot", "OdooBot")],
        string="Posted By",
        required=True,
        default="operator",
    )
    chat_whisper = fields.Boolean(
        string="Whisper",
        help="Only the staff of the conversation see the message; the customer "
        "never does (not live, not in the history, not in the transcript).",
    )

    # Employee
    employee_action = fields.Selection(
        [
            ("activity", "Schedule an activity"),
            ("notify", "Send a notification"),
            ("server_action", "Run a server action"),
        ],
        string="Action",
        required=True,
        default="activity",
    )
    employee_target = fields.Selection(
        [("salesperson", "Salesperson"), ("user", "A chosen user")],
        string="For",
        required=True,
        default="salesperson",
    )
    employee_user_id = fields.Many2one("res.users", string="User")
    activity_type_id = fields.Many2one("mail.activity.type")
    activity_summary = fields.Char(translate=True, default="{{ object.name }}")
    activity_note = fields.Html(
        string="Note", render_engine="qweb", translate=True, sanitize="email_outgoing"
    )
    activity_deadline_days = fields.Integer(string="Due in (days)")
    server_action_id = fields.Many2one(
        "ir.actions.server",
        domain=[("model_id.model", "=", "sale.order")],
        help="Runs on the order, as Odoo's own automation rules do.",
    )

    _check_delay = models.Constraint(
        "CHECK(delay >= 0)", "The delay of a rule cannot be negative."
    )

    def _compute_render_model(self):
        self.render_model = "sale.order"

    @api.depends("sms_body", "company_id.sale_status_sms_max_length")
    def _compute_sms_warning(self):
        for rule in self:
            limit = rule.company_id.sale_status_sms_max_length
            length = len(rule.sms_body or "")
            rule.sms_warning = (
                self.env._(
                    "The text has %(length)s characters, more than the %(limit)s "
                    "allowed: such an SMS is not sent.",
                    length=length,
                    limit=limit,
                )
                if limit and length > limit
                else False
            )

    def _caller_number(self, company):
        return self.call_from_number_id or company._sale_status_caller_number()

    @api.onchange("call_language")
    def _onchange_call_language(self):
        if not speaks(self.call_voice, self.call_language):
            self.call_voice = voices_for(self.call_language)[0]

    @api.constrains(
        "call_from_number_id",
        "company_id",
        "call_mode",
        "call_text",
        "call_language",
        "call_voice",
        "call_rate",
        "call_volume",
        "call_audio_url",
        "call_repeat",
        "call_retry_max",
        "call_retry_minutes",
    )
    def _check_call(self):
        for rule in self.filtered(lambda rule: rule.channel == "call"):
            rule._check_call_settings()

    def _check_call_settings(self):
        env = self.env
        number = self.call_from_number_id
        if number and number.company_id != self.company_id:
            raise ValidationError(
                env._(
                    "Rule %(rule)s: %(number)s is not one of the Twilio numbers of "
                    "%(company)s.",
                    rule=self.name,
                    number=number.number,
                    company=self.company_id.name,
                )
            )
        if self.call_mode == "audio":
            url = urlsplit(self.call_audio_url or "")
            if (
                url.scheme != "https"
                or not url.netloc
                or not url.path.lower().endswith(".mp3")
            ):
                raise ValidationError(
                    env._(
                        "Rule %(rule)s: the audio file must be a public https:// "
                        "address of an .mp3 file.",
                        rule=self.name,
                    )
                )
        elif not speaks(self.call_voice, self.call_language):
            raise ValidationError(
                env._(
                    "Rule %(rule)s: the voice %(voice)s does not speak this language; "
                    "choose one of %(voices)s.",
                    rule=self.name,
                    voice=self.call_voice,
                    voices=", ".join(voices_for(self.call_language)),
                )
            )
        else:
            family = voice_family(self.call_voice)
            limit = TEXT_LIMITS[family]
            if len(self.call_text or "") > limit:
                raise ValidationError(
                    env._(
                        "Rule %(rule)s: the text has %(length)s characters; Twilio "
                        "reads at most %(limit)s with this voice.",
                        rule=self.name,
                        length=len(self.call_text),
                        limit=limit,
                    )
                )
            if family == "basic" and {self.call_rate, self.call_volume} != {"medium"}:
                raise ValidationError(
                    env._(
                        "Rule %(rule)s: speed and volume need a Polly or Google voice.",
                        rule=self.name,
                    )
                )
        if not 1 <= self.call_repeat <= 5:
            raise ValidationError(
                env._("Rule %(rule)s: a message plays 1 to 5 times.", rule=self.name)
            )
        if self.call_retry_max < 1 or self.call_retry_minutes < 1:
            raise ValidationError(
                env._(
                    "Rule %(rule)s: at least one call, and at least a minute between "
                    "calls.",
                    rule=self.name,
                )
            )

    def _sms_provider_for(self, company):
        if self.sms_provider != "default":
            return self.sms_provider
        return company.sms_provider

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
        return groups

    @api.depends(
        "channel",
        "timing",
        "delay",
        "delay_unit",
        "run_mode",
        "condition_domain",
        "once_per_order",
    )
    @api.depends_context("lang")
    def _compute_summary(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for rule in self:
            recipient = (
                self.env._("salesperson")
                if rule.channel == "employee"
                else self.env._("customer")
            )
            parts = [
                self.env._(
                    "%(channel)s to %(recipient)s",
                    channel=channels.get(rule.channel, ""),
                    recipient=recipient,
                ),
                rule._timing_label(),
            ]
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
        if self.timing == "immediately" or not self.delay:
            if self.run_mode == "after_previous":
                return self.env._("right after the previous rule")
            return self.env._("immediately on entering")
        unit = {
            "minutes": self.env._("min"),
            "hours": self.env._("h"),
            "days": self.env._("day(s)"),
        }[self.delay_unit]
        return self.env._(
            "%(delay)s %(unit)s after %(after)s",
            delay=self.delay,
            unit=unit,
            after=after,
        )

    def _planned(self, start):
        """Values scheduling an execution of this rule, its delay counted
        from ``start``."""
        return {
            "state": "scheduled",
            "scheduled_at": start + datetime.timedelta(minutes=self._delay_minutes()),
            "job_uuid": str(uuid.uuid4()),
        }

    def _delay_minutes(self):
        if self.timing != "delay":
            return 0
        return self.delay * DELAY_UNITS[self.delay_unit]

    @api.constrains("timing", "delay", "delay_unit")
    def _check_delay_range(self):
        for rule in self.filtered(lambda rule: rule.timing == "delay"):
            if rule.delay <= 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a delay must be positive.", rule=rule.name
                    )
                )
            if rule._delay_minutes() > MAX_DELAY_MINUTES:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a delay cannot exceed 365 days.", rule=rule.name
                    )
                )

    # ------------------------------------------------------------ conditions
    def _has_condition(self):
        return (self.condition_domain or "[]").replace(" ", "") != "[]"

    def _condition(self):
        """The conditions as a Domain on sale.order."""
        return Domain(
            safe_eval.safe_eval(
                self.condition_domain or "[]", self._condition_eval_context()
            )
        )

    def _condition_eval_context(self):
        # What Odoo's own automation rules offer to their domains.
        return {
            "datetime": safe_eval.datetime,
            "dateutil": safe_eval.dateutil,
            "time": safe_eval.time,
            "context_today": safe_eval.datetime.datetime.today,
            "uid": self.env.uid,
            "user": self.env.user,
        }

    @api.constrains("condition_domain")
    def _check_condition_domain(self):
        for rule in self.filtered(lambda rule: rule._has_condition()):
            try:
                self.env["sale.order"]._search(rule._condition())
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the conditions are not a valid filter on "
                        "sale orders (%(error)s).",
                        rule=rule.name,
                        error=error_text(error),
                    )
                ) from error

    def _orders_matching(self, orders):
        """The orders among ``orders`` that match the rule's conditions."""
        if not self._has_condition():
            return orders
        return orders.filtered_domain(self._condition())

    # ------------------------------------------------------------ email
    @api.constrains("email_sender", "email_from", "mail_server_id")
    def _check_email_sender(self):
        for rule in self.filtered(lambda rule: rule.channel == "email"):
            if rule.email_sender == "fixed" and not email_normalize(rule.email_from):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the From address is not a valid email address.",
                        rule=rule.name,
                    )
                )
            server = rule.mail_server_id
            if (
                server
                and rule.email_sender == "fixed"
                and not server._match_from_filter(rule.email_from, server.from_filter)
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the mail server %(server)s does not send "
                        "from %(address)s (its FROM filter is %(filter)s).",
                        rule=rule.name,
                        server=server.name,
                        address=rule.email_from,
                        filter=server.from_filter,
                    )
                )

    @api.constrains(
        "channel",
        "email_subject",
        "email_body",
        "mail_template_id",
        "sms_body",
        "call_mode",
        "call_text",
        "chat_body",
        "activity_summary",
        "activity_note",
    )
    def _check_rendering(self):
        """Render the rule on an order of its company so that a broken
        placeholder is refused on save rather than failing every send."""
        for rule in self:
            fields_to_render = {
                "email": ["email_subject", "email_body"],
                "sms": ["sms_body"],
                "call": ["call_text"] if rule.call_mode == "text" else [],
                "chat": ["chat_body"],
                "employee": ["activity_summary", "activity_note"],
            }.get(rule.channel, [])
            if rule.channel == "email" and rule.mail_template_id:
                continue
            sample = rule._sample_order()
            if not sample or not fields_to_render:
                continue
            for fname in fields_to_render:
                try:
                    rule._render_field(fname, sample.ids)
                except Exception as error:
                    raise ValidationError(
                        self.env._(
                            "Rule %(rule)s: %(field)s cannot be rendered: %(error)s",
                            rule=rule.name,
                            field=rule._fields[fname].string,
                            error=error_text(error),
                        )
                    ) from error

    def _sample_order(self):
        """The order a rule is tried on when none is chosen: the company's
        latest."""
        return self.env["sale.order"].search(
            [("company_id", "=", self.company_id.id)], order="id desc", limit=1
        )

    # ------------------------------------------------------------ history
    @api.ondelete(at_uninstall=False)
    def _unlink_except_executed(self):
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
