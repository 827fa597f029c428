# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import register
from .base import (
    ChannelAdapter,
    Delivery,
    PermanentChannelError,
    SendResult,
    TransientChannelError,
    UnknownOutcomeError,
)
from .recipients import phone_recipient

# sms.sms failure types meaning "the provider may have taken it": IAP says
# server_error for anything that went wrong while talking to it.
UNKNOWN_SMS_FAILURES = ("sms_server",)


@register
class SmsAdapter(ChannelAdapter):
    """An SMS to the customer through Odoo's SMS stack: the company's
    provider (Odoo IAP or Twilio with sms_twilio) or the one the rule names,
    traced in the chatter, with delivery reports."""

    channel = "sms"

    def prepare(self, execution):
        env = execution.env
        rule, order = execution.rule_id, execution.order_id
        partner, number = phone_recipient(execution)
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
        provider = rule._sms_provider_for(order.company_id)
        if provider == "twilio":
            order.company_id.sudo()._assert_twilio_sid()
        return Delivery(
            recipient=number,
            content=text,
            payload={"partner": partner, "provider": provider},
        )

    def send(self, execution, delivery):
        env = execution.env
        partner = delivery.payload["partner"]
        transport = {}
        order = execution.order_id.with_context(
            sale_status_sms_provider=delivery.payload["provider"],
            sale_status_sms_transport=transport,
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
        execution.mail_message_id = message
        sms = (
            env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "=", message.id)], limit=1)
        )
        if sms.state in ("pending", "outgoing"):  # taken by the provider, or queued
            return SendResult(provider_ref=sms.sms_twilio_sid or sms.uuid)
        if sms.state == "sent":
            return SendResult(
                provider_ref=sms.sms_twilio_sid or sms.uuid, state="delivered"
            )
        notification = message.notification_ids.filtered(
            lambda n: n.notification_type == "sms"
        )[:1]
        reason = notification.failure_reason or dict(
            sms._fields["failure_type"]._description_selection(env)
        ).get(sms.failure_type, sms.failure_type)
        exchange = transport.get(sms.uuid)
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
