# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, plaintext2html

from odoo.addons.sms.tools.sms_api import SmsApi
from odoo.addons.sms_twilio.tools.sms_twilio import get_twilio_from_number

from ...tools.sending import (
    Delivery,
    PermanentChannelError,
    SendLater,
    SendResult,
    SkipExecution,
    TransientChannelError,
    UnknownOutcomeError,
    reply_word,
    reply_words,
)
from ...tools.twilio import (
    ExchangeRecordingTwilioSmsApi,
    error_reason,
    inbound_media,
    sms_error,
)

_logger = logging.getLogger(__name__)

# Twilio's standard keywords (what its Advanced Opt-Out answers to). YES
# subscribes again only a number that opted out: otherwise it answers a
# question ("Can we deliver tomorrow?").
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
OPT_IN_AFTER_OPT_OUT_ONLY = frozenset({"YES"})
HELP_WORDS = frozenset({"HELP", "INFO"})
# The GSM 03.38 alphabet an SMS is written in unless a character outside it
# makes the whole SMS UCS-2; those of its extension take two characters.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
# Minutes before sending again an SMS whose report said Twilio could not
# deliver it yet (queue overflow, handset off), by attempt; and how many
# attempts each kind of error gets.
REDELIVERY_MINUTES = (2, 10, 30, 60)
ATTEMPTS = {"retry": 5, "retry_few": 3}
# sms.sms failure types meaning "the provider may have taken it": IAP says
# server_error for anything that went wrong while talking to it.
UNKNOWN_SMS_FAILURES = ("sms_server",)
# An SMS goes ahead when its sending number's next free turn comes within
# this many seconds, else it waits in the job queue for a turn promised after
# those of the SMS already waiting. A bulk's SMS only goes for a close turn;
# an order moved by hand (or a test send) takes one further ahead, so it
# gets one right away, before the bulk's promised turns.
BULK_TURN_HORIZON = 0.5
TURN_HORIZON = 5.0
# Turns are a tenth further apart than the rate says: an SMS reaches Twilio
# some milliseconds after its turn, never exactly then, and one more than
# the rate must never arrive within one second.
TURN_SPACING = 1.1
# Turns are taken in short transactions of their own, which may meet each
# other (REPEATABLE READ): tries before giving up.
TURN_TRIES = 5
NOW = SQL("(clock_timestamp() AT TIME ZONE 'UTC')")


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("sms", "SMS")], ondelete={"sms": "cascade"}
    )
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
    sms_length = fields.Char(
        string="SMS Length",
        compute="_compute_sms_warning",
        help="The text with its placeholders filled on a sample order: its "
        "characters against the company's limit (Settings ▸ Sales), and how "
        "many SMS it makes.",
    )
    sms_warning = fields.Char(compute="_compute_sms_warning")

    @api.depends("sms_body", "company_id.sale_status_sms_max_length")
    @api.depends_context("uid")
    def _compute_sms_warning(self):
        # Counted on the text as it leaves, not the template: a placeholder's
        # braces are neither the customer's characters nor Unicode.
        for rule in self:
            rule.sms_length = rule.sms_warning = False
            source = rule.sms_body or ""
            if not source.strip():
                continue
            text, sample = rule._rendered_on_sample(source)
            if text is None:
                continue  # the save says which placeholder fails
            text = text.strip()
            limit = rule.company_id.sale_status_sms_max_length
            length, parts, encoding = sms_parts(text)
            values = {
                "length": length,
                "limit": limit,
                "parts": parts,
                "encoding": encoding,
                "order": sample.name,
            }
            rule.sms_length = self.env._(
                "%(length)s/%(limit)s characters on %(order)s: %(parts)s SMS "
                "(%(encoding)s)",
                **values,
            )
            if limit and length > limit:
                rule.sms_warning = self.env._(
                    "The text has %(length)s characters, more than the %(limit)s "
                    "allowed: such an SMS is not sent.",
                    **values,
                )


def sms_parts(text):
    """(characters, SMS, encoding) of ``text`` as carriers count it: GSM-7
    when every character is in its alphabet (those of its extension count
    twice), 160 characters in one SMS, 153 per part of a longer one; else
    UCS-2, in UTF-16 units, 70 in one, 67 per part."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        length = len(text) + sum(char in GSM7_EXTENSION for char in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "Unicode"
    parts = 0 if not length else 1 if length <= single else -(-length // part)
    return length, parts, encoding


class SaleStatusChannelSms(models.AbstractModel):
    """An SMS to the customer through Odoo's SMS stack: the company's
    provider (Odoo IAP or Twilio with sms_twilio) or the one the rule names,
    traced in the chatter, with delivery reports."""

    _name = "sale.status.channel.sms"
    _inherit = "sale.status.channel"
    _icon = "fa-mobile"
    _has_recipient = True
    _text_fields = ("sms_body",)
    _description = "Automation Channel: SMS"

    _reports_delivery = True
    _rule_fields = ("sms_body",)

    def _rendered_fields(self, rule):
        return ["sms_body"]

    def _provider(self, rule, company):
        if rule.sms_provider != "default":
            return rule.sms_provider
        return company.sms_provider

    def _prepare(self, execution):
        env = self.env
        rule, order = execution.rule_id, execution.order_id
        partner, number = self._phone_recipient(execution)
        text = rule._render_field("sms_body", order.ids, compute_lang=True)[order.id]
        text = (text or "").strip()
        if not text:
            raise PermanentChannelError(env._("The rule has no SMS text."))
        limit = order.company_id.sale_status_sms_max_length
        if len(text) > limit:
            raise PermanentChannelError(
                env._(
                    "The SMS has %(length)s characters, more than the %(limit)s "
                    "allowed (Settings ▸ Sales): it was not sent.",
                    length=len(text),
                    limit=limit,
                )
            )
        provider = self._provider(rule, order.company_id)
        # In the sandbox nothing leaves: a shop tries its rules before it
        # has a Twilio account.
        if provider == "twilio" and not order.company_id.sale_status_sandbox:
            try:
                # sudo: the Twilio credentials are readable by admins only.
                order.company_id.sudo()._assert_twilio_sid()
            except UserError as error:
                raise PermanentChannelError(str(error)) from error
        return Delivery(
            recipient=number,
            content=text,
            payload={"partner": partner, "provider": provider},
        )

    def _take_turn(self, execution, delivery):
        """Let the SMS go ahead if the Twilio number it leaves from has a
        turn soon, at the company's SMS per second per number, counted
        across every worker; the request to Twilio takes that turn
        (tools/twilio.py). Otherwise it waits in the job queue."""
        company = execution.company_id
        rate = company.sale_status_sms_per_second
        if not rate or delivery.payload["provider"] != "twilio":
            return
        # sudo: the Twilio numbers are administrators' settings; sms_twilio's
        # own choice of the number the SMS leaves from.
        sender = get_twilio_from_number(company.sudo(), delivery.recipient)
        if not sender:
            return  # sms_twilio fails the SMS, saying a sender is missing
        spacing = TURN_SPACING / rate
        patient = execution.is_test or not execution.bulk
        horizon = TURN_HORIZON if patient else BULK_TURN_HORIZON
        promised_in = self.env["sale.status.sms.turn"]._promise_if_busy(
            sender.number, spacing, horizon
        )
        if promised_in is not None:
            raise SendLater(
                self.env._(
                    "%(number)s sends %(rate)s SMS per second (Settings ▸ Sales): "
                    "this one waits for its turn.",
                    number=sender.number,
                    rate=rate,
                ),
                promised_in,
            )
        delivery.payload["turn"] = (sender.number, spacing)

    def _send(self, execution, delivery):
        env = self.env
        partner = delivery.payload["partner"]
        # Filled by the Twilio API of channels/twilio.py: how each request went.
        exchanges = {}
        order = execution.order_id.with_context(
            sale_status_sms_provider=delivery.payload["provider"],
            sale_status_sms_exchanges=exchanges,
            sale_status_sms_turn=delivery.payload.get("turn"),
        )
        if partner:
            recipients = {
                "partner_ids": partner.ids,
                "sms_pid_to_number": {partner.id: delivery.recipient},
            }
        else:
            recipients = {"sms_numbers": [delivery.recipient]}
        message = order._message_sms(
            delivery.content, author_id=order.company_id.partner_id.id, **recipients
        )
        sent = {"mail_message_id": message.id}
        # sudo: sms.sms is readable by admins only.
        sms = (
            env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "=", message.id)], limit=1)
        )
        if sms.state in ("pending", "outgoing"):  # taken by the provider, or queued
            return SendResult(provider_ref=sms.sms_twilio_sid or sms.uuid, values=sent)
        if sms.state == "sent":
            return SendResult(
                provider_ref=sms.sms_twilio_sid or sms.uuid,
                state="delivered",
                values=sent,
            )
        notification = message.notification_ids.filtered(
            lambda n: n.notification_type == "sms"
        )[:1]
        reason = notification.failure_reason or dict(
            sms._fields["failure_type"]._description_selection(env)
        ).get(sms.failure_type, sms.failure_type)
        exchange = exchanges.get(sms.uuid)
        error = sms_error(exchange.twilio_code) if exchange else None
        if error:
            if error.handling == "unsubscribed":
                raise self._unsubscribed(delivery.recipient, exchange.twilio_code)
            reason = self._error_reason(error, exchange.twilio_code)
            if error.handling in ATTEMPTS:
                raise TransientChannelError(reason)
            if error.handling == "sender":
                self._tell_administrators(execution, exchange.twilio_code, reason)
            raise PermanentChannelError(
                reason, unreachable=error.handling == "permanent"
            )
        if exchange and exchange.twilio_code:
            reason = env._(
                "%(reason)s (Twilio error %(code)s)",
                reason=reason,
                code=exchange.twilio_code,
            )
        if exchange is None and sms.failure_type in UNKNOWN_SMS_FAILURES:
            raise UnknownOutcomeError(reason)
        if exchange and exchange.outcome == "unknown":
            raise UnknownOutcomeError(reason)
        if exchange and exchange.outcome == "transient":
            raise TransientChannelError(reason)
        raise PermanentChannelError(reason)

    # ------------------------------------------------------------------
    # Inbound: the customer's answers (controllers/twilio_sms.py)
    # ------------------------------------------------------------------
    @api.model
    def _inbound_company(self, params):
        """The company whose Twilio account (and number) the SMS came to."""
        account = params.get("AccountSid")
        if not account:
            return self.env["res.company"]
        companies = self.env["res.company"].search(
            [("sms_twilio_account_sid", "=", account)]
        )
        if len(companies) > 1:
            number = self.env["sms.twilio.number"].search(
                [
                    ("company_id", "in", companies.ids),
                    ("number", "=", params.get("To")),
                ],
                limit=1,
            )
            return number.company_id or companies[:1]
        return companies

    @api.model
    def _on_inbound(self, company, params, channel="sms"):
        """Keep an SMS the customer sent, once, and put it on the order that
        last texted that number, else the customer's latest order, else the
        customer, as a message from them that notifies the salesperson and
        the followers as an incoming email does; act on its keyword. Return
        the text to answer it with, if any.

        Other channels of Twilio's Messages API (WhatsApp) hand their
        messages over the same way, as ``channel``, with the numbers in
        E.164."""
        reply = self.env["sale.status.reply"]._claim(
            company, channel, params["MessageSid"]
        )
        if not reply:
            return None  # handed over before
        number = params.get("From", "")
        order, partner, answered = self._replying_order(company, number, channel)
        answered.reply_count = 1
        files, missed = inbound_media(company, params)
        body = "\n".join(filter(None, [params.get("Body", ""), *missed]))
        reply.write(
            {
                "from_number": number,
                "to_number": params.get("To", ""),
                "body": body,
                "partner_id": partner.id,
                "order_id": order.id,
                "keyword": self._keyword(company, params.get("Body", ""), number),
            }
        )
        answer = self._act_on_keyword(reply, partner)
        thread = order or partner
        if not thread:
            _logger.info(
                "%s from unknown number %s: reply %s", channel, number, reply.id
            )
            self.env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": reply._name,
                        "res_id": reply.id,
                    }
                    for name, content in files
                ]
            )
            return answer
        # Emails to the followers go through the mail queue: Twilio waits
        # for the answer to its webhook. A comment, not an "sms" message: the
        # sms module would text it to every partner it names, forwarding the
        # customer's words to the salesperson's phone from the company's
        # number; the salesperson and the followers get it in their inbox or
        # by email, as they chose.
        message = thread.with_context(mail_notify_force_send=False).message_post(
            body=plaintext2html(body),
            attachments=files,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=order.user_id.partner_id.ids,
        )
        reply.mail_message_id = message
        if order and not reply.keyword:
            self.env["sale.status.trigger"]._fire(
                "customer_replied", order, reply=params.get("Body", "")
            )
        return answer

    @api.model
    def _keyword(self, company, text, number):
        """The keyword ``text`` is, whatever its case and spacing: opt_out,
        opt_in, help, or False for a reply to read."""
        word = reply_word(text)
        if not word:
            return False
        if word in OPT_OUT_WORDS | self._company_words(company, "opt_out"):
            return "opt_out"
        if word in OPT_IN_WORDS | self._company_words(company, "opt_in"):
            if word in OPT_IN_AFTER_OPT_OUT_ONLY and not self._opted_out(number):
                return False
            return "opt_in"
        return "help" if word in HELP_WORDS else False

    @api.model
    def _company_words(self, company, kind):
        """The company's own keywords of ``kind``, in every language."""
        field = f"sale_status_sms_{kind}_words"
        words = set()
        for lang, _name in self.env["res.lang"].get_installed():
            words |= reply_words(company.with_context(lang=lang)[field])
        return words

    @api.model
    def _opted_out(self, number):
        # Without a number, the blacklist's search would read the user's own.
        return bool(number) and bool(
            self.env["phone.blacklist"].search([("number", "=", number)])
        )

    @api.model
    def _act_on_keyword(self, reply, partner):
        """Blacklist or clear the number as the keyword says; return the
        text to answer the customer with (for HELP), if any."""
        blacklist = self.env["phone.blacklist"]
        number = reply.from_number
        note = self.env._(
            "Answered %(text)s by SMS (%(ref)s).",
            text=reply.body,
            ref=reply.provider_ref,
        )
        if reply.keyword == "opt_out":
            # The blacklist holds phone numbers only: a short code or an
            # alphanumeric sender cannot go on it (nor be texted by a rule),
            # and the reply is kept all the same. (Without a number,
            # _phone_format would read the user's own phone.)
            if not (number and self.env.user._phone_format(number=number)):
                _logger.warning(
                    "Opt-out %s (reply %s) from %r: not a phone number, so "
                    "nothing was put on the phone blacklist",
                    reply.provider_ref,
                    reply.id,
                    number,
                )
                return None
            blacklist._add([number], message=note)
        elif reply.keyword == "opt_in" and self._opted_out(number):
            blacklist._remove([number], message=note)
        elif reply.keyword == "help":
            company = reply.company_id.with_context(lang=partner.lang or None)
            return company.sale_status_sms_help_text
        return None

    def _unsubscribed(self, number, code):
        """Twilio refused to text ``number``: the customer opted out there
        (by texting STOP to the number, maybe before this addon heard of
        it). Blacklist it as an opt-out here is, and skip."""
        self.env["phone.blacklist"].sudo()._add(
            [number],
            message=self.env._(
                "Twilio refused to text the number: the customer unsubscribed "
                "(Twilio error %s).",
                code,
            ),
        )
        return SkipExecution(
            self.env._(
                "The customer unsubscribed (Twilio error %s): their number is on "
                "the phone blacklist now.",
                code,
            )
        )

    @api.model
    def _replying_order(self, company, number, channel="sms"):
        """(order, customer, execution) a message from ``number`` on
        ``channel`` answers: the execution is the last that wrote to the
        number, if any."""
        last_texted = self.env["sale.status.execution"].search(
            [
                ("company_id", "=", company.id),
                ("channel", "=", channel),
                ("recipient", "=", number),
                ("is_test", "=", False),
                ("state", "in", ("sent", "delivered", "unknown")),
            ],
            order="id desc",
            limit=1,
        )
        partners = self.env["res.partner"].search(
            Domain("phone_sanitized", "=", number)
            & Domain("company_id", "in", [False, company.id])
        )
        order = last_texted.order_id
        if not order and partners:
            order = self.env["sale.order"].search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("stage_id", "!=", False),
                ],
                order="date_order desc, id desc",
                limit=1,
            )
        # The order a rule texted the number about answers for its customer,
        # even when the number is no longer on the contact.
        partner = (order.partner_id & partners) or partners[:1] or order.partner_id
        return order, partner, last_texted

    def _error_reason(self, error, code):
        return error_reason(self.env, error, code)

    def _tell_administrators(self, execution, code, reason):
        """One to-do a day per error code for the company's administrators:
        the carrier blocks the company's SMS until they fix the sender."""
        company = execution.company_id
        admins = self.env.ref("base.group_system").all_user_ids.filtered(
            lambda user: company in user.company_ids and not user.share
        )
        summary = self.env._("SMS blocked by carriers (Twilio error %s)", code)
        today = fields.Datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
        told = (
            self.env["mail.activity"]
            .search(
                [
                    ("summary", "=", summary),
                    ("user_id", "in", admins.ids),
                    ("create_date", ">=", today),
                ]
            )
            .user_id
        )
        order = execution.order_id.sudo()
        for admin in admins - told:
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=reason,
                user_id=admin.id,
            )

    def _on_notification(self, execution, notification):
        if notification.notification_type != "sms":
            super()._on_notification(execution, notification)
            return
        if notification.notification_status == "sent":
            execution._finish("delivered")
            return
        # Set by SmsTracker below, for a report of Twilio with its error code.
        code = self.env.context.get("sale_status_twilio_error_code")
        error = sms_error(code)
        if not error or notification.notification_status not in (
            "exception",
            "bounce",
        ):
            super()._on_notification(execution, notification)
            return
        if error.handling == "unsubscribed":
            skip = self._unsubscribed(execution.recipient, code)
            execution._finish("skipped", str(skip))
            return
        reason = self._error_reason(error, code)
        if error.handling in ATTEMPTS:
            self._deliver_again_or_fail(execution, error, reason)
            return
        if error.handling == "sender":
            self._tell_administrators(execution, code, reason)
        execution._finish("failed", reason, unreachable=error.handling == "permanent")

    def _deliver_again_or_fail(self, execution, error, reason):
        attempts = execution.attempts
        if execution.is_test or attempts >= ATTEMPTS[error.handling]:
            execution._finish(
                "failed",
                self.env._(
                    "%(reason)s Not delivered after %(attempts)s attempt(s).",
                    reason=reason,
                    attempts=attempts,
                ),
                # the phone stayed off: another channel may reach them
                unreachable=error.handling == "retry_few",
            )
            return
        minutes = REDELIVERY_MINUTES[min(attempts, len(REDELIVERY_MINUTES)) - 1]
        due = fields.Datetime.now() + timedelta(minutes=minutes)
        execution._schedule_again(
            due,
            self.env._(
                "%(reason)s Sending again at %(due)s (UTC).", reason=reason, due=due
            ),
        )


class SaleStatusSmsTurn(models.Model):
    """The turns of a number the company's SMS leave from, shared by every
    worker of every server: when the next one is free, and the end of those
    promised to the SMS that wait in the job queue.

    Each method works in a short transaction of its own: the number's row is
    locked while a turn is taken, not while an SMS is sent.
    """

    _name = "sale.status.sms.turn"
    _description = "Automation: SMS Turns of a Sending Number"
    _log_access = False

    number = fields.Char(required=True, readonly=True)
    next_turn_at = fields.Datetime(readonly=True)
    promised_until = fields.Datetime(readonly=True)

    _one_per_number = models.Constraint("UNIQUE(number)", "One row per number.")

    @api.model
    def _take(self, number, spacing):
        """Take the next turn of ``number``, turns being ``spacing`` seconds
        apart: return the seconds until it."""
        seconds = self._in_a_transaction(
            SQL(
                """
                INSERT INTO sale_status_sms_turn AS turn (number, next_turn_at)
                     VALUES (%(number)s, %(now)s + %(spacing)s)
                ON CONFLICT (number) DO UPDATE
                        SET next_turn_at =
                            GREATEST(turn.next_turn_at, %(now)s) + %(spacing)s
                  RETURNING EXTRACT(EPOCH FROM
                            turn.next_turn_at - %(spacing)s - %(now)s)
                """,
                number=number,
                now=NOW,
                spacing=SQL("make_interval(secs => %s)", spacing),
            ),
            conflicted=0.0,  # hardly ever: the SMS goes without its turn
        )
        return max(0.0, seconds)

    @api.model
    def _promise_if_busy(self, number, spacing, horizon):
        """None when the next turn of ``number`` comes within ``horizon``
        seconds. Otherwise promise the turn after those already promised and
        return the seconds until it."""
        return self._in_a_transaction(
            SQL(
                """
                UPDATE sale_status_sms_turn
                   SET promised_until =
                       GREATEST(promised_until, next_turn_at, %(now)s) + %(spacing)s
                 WHERE number = %(number)s
                   AND next_turn_at > %(now)s + make_interval(secs => %(horizon)s)
             RETURNING EXTRACT(EPOCH FROM promised_until - %(spacing)s - %(now)s)
                """,
                number=number,
                now=NOW,
                spacing=SQL("make_interval(secs => %s)", spacing),
                horizon=horizon,
            ),
            conflicted=spacing,  # waits a little
        )

    def _in_a_transaction(self, query, conflicted):
        """The number ``query`` returns, run in a transaction of its own;
        None when it returns no row, ``conflicted`` when it kept meeting
        other transactions."""
        for _try in range(TURN_TRIES):
            try:
                with self.env.registry.cursor() as cr:
                    # a conflict is tried again, not an error to log
                    cr.execute(query, log_exceptions=False)
                    row = cr.fetchone()
                    return float(row[0]) if row else None
            except SerializationFailure:
                continue
        return conflicted


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_sms_api_class(self):
        """The SMS of a rule go through the provider the rule names, Twilio
        noting how each request went (channels' ``_send`` above)."""
        provider = self.env.context.get("sale_status_sms_provider")
        if not provider:
            return super()._get_sms_api_class()
        return ExchangeRecordingTwilioSmsApi if provider == "twilio" else SmsApi


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _split_by_api(self):
        # sms_twilio splits by the company's provider; a rule may name the
        # other one, so the API of its SMS is the one the company hands out
        # for the rule (see ResCompany above).
        provider = self.env.context.get("sale_status_sms_provider")
        for sms_api, batch in super()._split_by_api():
            if provider:
                company = batch[:1]._get_sms_company()
                api_class = company._get_sms_api_class()
                if type(sms_api) is not api_class:
                    sms_api = api_class(self.env)
                    sms_api._set_company(company)
            yield sms_api, batch


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _trigger_list(self, at_list):
        # Every new sms.sms wakes the SMS queue's cron up. The SMS of a rule
        # leaves at once, from its job, and never waits in that queue: the
        # wake-up would cost a trigger row, a database connection and a run
        # of the cron for nothing, per SMS.
        if self.env.context.get("sale_status_sms_provider") and self.id == self.env[
            "ir.model.data"
        ]._xmlid_to_res_id(
            "sms.ir_cron_sms_scheduler_action", raise_if_not_found=False
        ):
            return self.env["ir.cron.trigger"]
        return super()._trigger_list(at_list)


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    def _action_update_from_twilio_error(self, sms_status, error_code, error_message):
        # sms_twilio keeps Twilio's message on the notification, not its code,
        # and the code decides what the automation does (send again,
        # blacklist, tell the administrators): it travels in the context to
        # the notification's write (models/mail_notification.py). A private
        # method of sms_twilio, the one its delivery report controller calls;
        # tests/test_sms_replies.py posts such reports and breaks if it goes.
        tracker = self.with_context(sale_status_twilio_error_code=error_code)
        return super(SmsTracker, tracker)._action_update_from_twilio_error(
            sms_status, error_code, error_message
        )
