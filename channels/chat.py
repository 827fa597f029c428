# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import plaintext2html

from . import register
from .base import (
    ChannelAdapter,
    Delivery,
    PermanentChannelError,
    SendResult,
    SkipExecution,
)


@register
class ChatAdapter(ChannelAdapter):
    """A message in the last live-chat conversation of the customer, as its
    operator (or OdooBot); in whisper mode, for the staff of the
    conversation only (see models/sale_status_whisper.py)."""

    channel = "chat"

    def prepare(self, execution):
        env = execution.env
        rule, order = execution.rule_id, execution.order_id
        channel = last_conversation(order, rule.recipient)
        if not channel:
            raise SkipExecution(
                env._(
                    "%(customer)s has no live chat conversation.",
                    customer=order.partner_id.display_name,
                )
            )
        text = rule._render_field("chat_body", order.ids, compute_lang=True)[order.id]
        text = (text or "").strip()
        if not text:
            raise PermanentChannelError(env._("The rule has no message text."))
        author = (
            channel.livechat_operator_id
            if rule.chat_author == "operator" and channel.livechat_operator_id
            else env.ref("base.partner_root")
        )
        return Delivery(
            recipient=channel.display_name,
            content=text,
            payload={"channel": channel, "author": author},
        )

    def send(self, execution, delivery):
        # sudo: discuss.channel / sale.status.whisper - the automation speaks
        # in a conversation of the customer's that its own user may not follow.
        channel = delivery.payload["channel"].sudo()
        body = plaintext2html(delivery.content)
        author = delivery.payload["author"]
        if execution.rule_id.chat_whisper:
            # Not a message of the conversation: see sale.status.whisper.
            whisper = (
                execution.env["sale.status.whisper"]
                .sudo()
                .create(
                    {
                        "channel_id": channel.id,
                        "author_id": author.id,
                        "body": body,
                        "execution_id": execution.id,
                    }
                )
            )
            return SendResult(provider_ref=f"sale.status.whisper,{whisper.id}")
        message = channel.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        execution.mail_message_id = message
        return SendResult(provider_ref=f"discuss.channel,{channel.id}")


def last_conversation(order, choice):
    """The live chat conversation the customer used last."""
    contact = order.partner_id
    company_contacts = (
        contact.commercial_partner_id | contact.commercial_partner_id.child_ids
    )
    if choice == "auto":
        return _last_conversation_of(contact) or _last_conversation_of(company_contacts)
    return _last_conversation_of(
        {
            "contact": contact,
            "company": company_contacts,
            "invoice": order.partner_invoice_id,
            "delivery": order.partner_shipping_id,
        }[choice]
    )


def _last_conversation_of(partners):
    return (
        partners.env["discuss.channel"]
        .sudo()
        .search(
            [
                ("channel_type", "=", "livechat"),
                ("livechat_customer_partner_ids", "in", partners.ids),
            ],
            order="last_interest_dt desc, id desc",
            limit=1,
        )
    )
