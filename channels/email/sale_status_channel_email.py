# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize, html2plaintext

from ...tools.sending import (
    Delivery,
    PermanentChannelError,
    SendResult,
    TransientChannelError,
)

ORDER_REPORT = "sale.action_report_saleorder"
# mail.notification failures worth another attempt: the SMTP server failed.
TRANSIENT_MAIL_FAILURES = ("mail_smtp",)


class SaleStatusChannelEmail(models.AbstractModel):
    """An email to the customer, posted on the order through Odoo's mail
    stack: rendered by the rule (or its mail template), traced in the chatter,
    replies threaded on the order."""

    _name = "sale.status.channel.email"
    _inherit = "sale.status.channel"
    _icon = "fa-envelope"
    _has_recipient = True
    _text_fields = ("email_subject", "email_body")
    _description = "Automation Channel: Email"

    _rule_fields = (
        "email_sender",
        "email_from",
        "mail_server_id",
        "mail_template_id",
        "email_subject",
        "email_body",
    )

    def _check_rule(self, rule):
        if rule.email_sender == "fixed" and not email_normalize(rule.email_from):
            raise ValidationError(
                self.env._(
                    "Rule %(rule)s: the From address is not a valid email address.",
                    rule=rule.name,
                )
            )
        server = rule.mail_server_id
        # ir.mail_server's private reading of a FROM filter, the one Odoo
        # picks a server with: no public method says whether a server sends
        # from an address (guard: tests/test_private_hooks.py).
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

    def _rendered_fields(self, rule):
        return [] if rule.mail_template_id else ["email_subject", "email_body"]

    def _prepare(self, execution):
        rule, order = execution.rule_id, execution.order_id
        partner, email = self._email_recipient(execution)
        email_from, author = sender(rule, order)
        subject, body, attachments = render(rule, order)
        return Delivery(
            recipient=email,
            subject=subject,
            content=html2plaintext(body),
            payload={
                "partner": partner,
                "email_from": email_from,
                "author": author,
                "body": body,
                "attachments": attachments,
            },
        )

    def _send(self, execution, delivery):
        payload = delivery.payload
        rule = execution.rule_id
        recipients = (
            {"partner_ids": payload["partner"].ids}
            if payload["partner"]
            else {"outgoing_email_to": delivery.recipient}
        )
        message = execution.order_id.message_post(
            body=payload["body"],
            subject=delivery.subject,
            email_from=payload["email_from"],
            author_id=payload["author"].id,
            mail_server_id=rule.mail_server_id.id,
            attachments=payload["attachments"],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
            # only the chosen recipient, now, in this job's transaction
            notify_skip_followers=True,
            force_send=True,
            send_after_commit=False,
            **recipients,
        )
        # "Automatic" sends from the address the rule last used.
        if (
            rule.email_sender == "auto"
            and rule.last_email_from != payload["email_from"]
        ):
            rule.last_email_from = payload["email_from"]
        notification = message.notification_ids.filtered(
            lambda n: n.notification_type == "email"
        )[:1]
        if notification.notification_status in ("exception", "bounce"):
            reason = notification.failure_reason or notification.format_failure_reason()
            if notification.failure_type in TRANSIENT_MAIL_FAILURES:
                raise TransientChannelError(reason)
            raise PermanentChannelError(reason)
        return SendResult(
            provider_ref=message.message_id, values={"mail_message_id": message.id}
        )


def sender(rule, order):
    """(From address, author partner) of the rule's emails on ``order``."""
    env = rule.env
    company = order.company_id
    if rule.email_sender == "salesperson" and order.user_id.email:
        address, author = order.user_id.email_formatted, order.user_id.partner_id
    elif rule.email_sender == "fixed":
        address, author = rule.email_from, company.partner_id
    elif rule.email_sender == "company":
        address, author = company.email_formatted, company.partner_id
    else:
        address = (
            (rule.email_sender == "auto" and rule.last_email_from)
            or company.sale_status_email_from
            or company.email_formatted
        )
        author = company.partner_id
    if not address:
        raise PermanentChannelError(
            env._(
                "No sender address: give the company %(company)s an email, or the "
                "rule a sender.",
                company=company.name,
            )
        )
    server = rule.mail_server_id
    # See SaleStatusChannelEmail._check_rule for _match_from_filter.
    if server and not server._match_from_filter(address, server.from_filter):
        raise PermanentChannelError(
            env._(
                "The mail server %(server)s does not send from %(address)s.",
                server=server.name,
                address=address,
            )
        )
    return address, author


def render(rule, order):
    """(subject, HTML body, attachments) of the rule's email on ``order``."""
    if rule.mail_template_id:
        # mail.template's private rendering of its subject, body and files:
        # its public uses (send_mail, message_post_with_source) send or post
        # at once, and a channel prepares without side effects, then posts
        # with the rule's sender and files (guard: tests/test_private_hooks.py).
        values = rule.mail_template_id._generate_template(
            [order.id],
            ["subject", "body_html", "attachment_ids", "report_template_ids"],
        )[order.id]
        subject, body = values.get("subject") or "", values.get("body_html") or ""
        attachments = [
            (name, base64.b64decode(data))
            for name, data in values.get("attachments", [])
        ]
        # The template keeps its own files: send copies.
        attachments += [
            (attachment.name, attachment.raw)
            for attachment in rule.env["ir.attachment"].browse(
                values.get("attachment_ids", [])
            )
        ]
    else:
        subject = rule._render_field("email_subject", order.ids, compute_lang=True)[
            order.id
        ]
        body = rule._render_field("email_body", order.ids, compute_lang=True)[order.id]
        attachments = []
    if rule.attach_order_pdf:
        content, _kind = rule.env["ir.actions.report"]._render_qweb_pdf(
            ORDER_REPORT, order.ids
        )
        attachments.append((f"{order.name}.pdf", content))
    return subject, body, attachments
