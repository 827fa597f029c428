# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.fields import Domain
from odoo.tools import email_normalize, html2plaintext, plaintext2html

from ...tools.sending import (
    Delivery,
    PermanentChannelError,
    SendResult,
    SkipExecution,
)


class SaleStatusChannelChat(models.AbstractModel):
    """A message in the last live-chat conversation of the customer, as its
    operator (or OdooBot); in whisper mode, for the staff of the
    conversation only (see models/sale_status_whisper.py)."""

    _name = "sale.status.channel.chat"
    _inherit = "sale.status.channel"
    _icon = "fa-comments"
    _has_recipient = True
    _text_fields = ("chat_body",)
    _description = "Automation Channel: Live Chat"

    _rule_fields = ("chat_body", "chat_whisper")

    def _rendered_fields(self, rule):
        return ["chat_body"]

    def _staff_only(self, rule):
        return rule.chat_whisper

    def _prepare(self, execution):
        env = self.env
        rule, order = execution.rule_id, execution.order_id
        conversation = last_conversation(
            order, rule.recipient, guests_by_email=rule.chat_whisper
        )
        if not conversation:
            raise SkipExecution(
                env._(
                    "%(customer)s has no live chat conversation.",
                    customer=order.partner_id.display_name,
                ),
                unreachable=True,
            )
        text = rule._render_field("chat_body", order.ids, compute_lang=True)[order.id]
        text = (text or "").strip()
        if not text:
            raise PermanentChannelError(env._("The rule has no message text."))
        author = (
            conversation.livechat_operator_id
            if rule.chat_author == "operator" and conversation.livechat_operator_id
            else env.ref("base.partner_root")
        )
        if rule.chat_whisper:
            # The conversation's name lists the customer too, who never sees
            # a whisper: the log names who does.
            recipient = env._(
                "%(operator)s (whisper, staff only)",
                operator=conversation.livechat_operator_id.name
                or env._("the conversation's staff"),
            )
        else:
            recipient = conversation.display_name
        return Delivery(
            recipient=recipient,
            content=text,
            payload={"conversation": conversation, "author": author},
        )

    def _send(self, execution, delivery):
        # sudo: discuss.channel / sale.status.whisper - the automation speaks
        # in a conversation of the customer's that its own user may not follow.
        conversation = delivery.payload["conversation"].sudo()
        body = plaintext2html(delivery.content)
        author = delivery.payload["author"]
        if execution.rule_id.chat_whisper:
            # Not a message of the conversation: see sale.status.whisper.
            whisper = (
                self.env["sale.status.whisper"]
                .sudo()
                .create(
                    {
                        "channel_id": conversation.id,
                        "author_id": author.id,
                        "body": body,
                        "execution_id": execution.id,
                    }
                )
            )
            return SendResult(provider_ref=f"sale.status.whisper,{whisper.id}")
        message = conversation.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return SendResult(
            provider_ref=f"discuss.channel,{conversation.id}",
            values={"mail_message_id": message.id},
        )


def last_conversation(order, choice, guests_by_email=False):
    """The live chat conversation the customer used last.

    With ``guests_by_email``, that includes a conversation in which a guest
    typed the customer's email address to the chatbot. Nobody checked that
    address, and anyone can type it: only a whisper, which the guest never
    sees, may go there; a message the customer reads goes where the customer
    is known by their account.
    """
    contact = order.partner_id
    company_contacts = (
        contact.commercial_partner_id | contact.commercial_partner_id.child_ids
    )

    def last_of(partners):
        return _last_conversation_of(partners, guests_by_email)

    if choice == "auto":
        return last_of(contact) or last_of(company_contacts)
    return last_of(
        {
            "contact": contact,
            "company": company_contacts,
            "invoice": order.partner_invoice_id,
            "delivery": order.partner_shipping_id,
        }[choice]
    )


def _last_conversation_of(partners, guests_by_email):
    # sudo: the customer's conversations are their operators' to read, and
    # the automation speaks for whoever operates them.
    conversations = partners.env["discuss.channel"].sudo()
    customer = Domain("livechat_customer_partner_ids", "in", partners.ids)
    # A visitor who chats as a guest on the website and logs in later stays
    # a guest of that conversation: website_livechat links it to the
    # website visitor, which the login links to the partner. That field
    # exists only where website_livechat is installed, which this addon does
    # not require: the registry says whether it is there.
    if "livechat_visitor_id" in conversations._fields:
        customer |= Domain("livechat_visitor_id.partner_id", "in", partners.ids)
    if guests_by_email:
        customer |= Domain("id", "in", _guest_conversations_giving(partners))
    return conversations.search(
        Domain("channel_type", "=", "livechat") & customer,
        order="last_interest_dt desc, id desc",
        limit=1,
    )


def _guest_conversations_giving(partners):
    """The conversations in which a guest answered the chatbot's email
    question with the email address of one of ``partners``."""
    emails = set(filter(None, partners.mapped("email_normalized")))
    if not emails:
        return []
    # sudo: the chatbot's answers are its operators' to read.
    answers = (
        partners.env["chatbot.message"]
        .sudo()
        .search(
            Domain("script_step_id.step_type", "=", "question_email")
            & Domain.OR(Domain("user_raw_answer", "ilike", email) for email in emails)
        )
    )
    # The answer is the guest's message as posted: its text is the address.
    return answers.filtered(
        lambda answer: (
            email_normalize(html2plaintext(answer.user_raw_answer or "")) in emails
        )
    ).discuss_channel_id.ids
