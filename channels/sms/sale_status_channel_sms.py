# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The SMS channel: preparing, the sending number's turn, sending through
Odoo's SMS stack, and Twilio's answers and reports. The customer's answers
are the same model's, in sale_status_channel_sms_inbound.py."""

from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.sms_twilio.tools.sms_twilio import get_twilio_from_number

from ...tools.sending import (
    Delivery,
    PermanentChannelError,
    SendLater,
    SendResult,
    SkipExecution,
    TransientChannelError,
    UnknownOutcomeError,
)
from ...tools.twilio import error_reason, twilio_error

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
        (tools/twilio/exchange.py). Otherwise it waits in the job queue.

        Without a limit (IAP, or a rate of 0) it costs nothing: no query, no
        transaction (tests/test_sms_pace.py counts them)."""
        if delivery.payload["provider"] != "twilio":
            return
        company = execution.company_id
        rate = company.sale_status_sms_per_second
        if not rate:
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
        # Filled by the Twilio API of tools/twilio/exchange.py: how each request
        # went.
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
        error = twilio_error(exchange.twilio_code) if exchange else None
        if error:
            if error.handling == "unsubscribed":
                raise self._unsubscribed(delivery.recipient, exchange.twilio_code)
            # Twilio's message, as sms_twilio kept it, or sms_twilio's own.
            reason = error_reason(env, exchange.twilio_code, reason)
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

    def _unsubscribed(self, number, code):
        """Twilio refused to text ``number``: the customer opted out there
        (by texting STOP to the number, maybe before this addon heard of
        it). Blacklist it as an opt-out here is, and skip."""
        self.env["phone.blacklist"].sudo().add(
            number,
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
        # Set by sms.tracker (sms_tracker.py), for a report of Twilio with its
        # error code.
        code = self.env.context.get("sale_status_twilio_error_code")
        error = twilio_error(code)
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
        # Twilio's message, kept by sms_twilio, else its label for the code.
        reason = error_reason(self.env, code, notification.failure_reason)
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
