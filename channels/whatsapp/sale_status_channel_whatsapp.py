# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""WhatsApp through Twilio's Messages API, on Odoo Community: a template
approved by WhatsApp (its Twilio Content SID and variables), or free text
inside WhatsApp's 24-hour customer-service window. Twilio reports each
message's progress to controllers/twilio_reports.py, which hands the report
to this channel."""

import json
import logging
import re
from datetime import timedelta
from types import SimpleNamespace

from twilio.base.exceptions import TwilioException

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from odoo.addons.sms_twilio.tools.sms_twilio import get_twilio_from_number

from ...tools.sending import (
    Delivery,
    PermanentChannelError,
    SendResult,
    SkipExecution,
    TransientChannelError,
)
from ...tools.twilio import (
    WHATSAPP,
    client_for,
    message_error,
    public_url,
    twilio_error,
    whatsapp_address,
)

_logger = logging.getLogger(__name__)

CONTENT_SID_RE = re.compile(r"^HX[0-9a-fA-F]{32}$")
# WhatsApp lets a business write freely to a customer for this long after
# the customer's last message; after that, only approved templates.
SERVICE_WINDOW = timedelta(hours=24)
# Sendings of a message Twilio reports it could not deliver yet (rate).
ATTEMPTS = 3


class SaleStatusChannelWhatsapp(models.AbstractModel):
    """A WhatsApp message to the customer through the company's Twilio
    account, from one of its numbers marked as WhatsApp senders."""

    _name = "sale.status.channel.whatsapp"
    _inherit = "sale.status.channel"
    _icon = "fa-whatsapp"
    _has_recipient = True
    _text_fields = ("whatsapp_body",)
    _description = "Automation Channel: WhatsApp"

    _reports_delivery = True
    _rule_fields = (
        "whatsapp_sender_id",
        "whatsapp_content_sid",
        "whatsapp_variable_ids",
        "whatsapp_body",
    )

    # ------------------------------------------------------------ the rule
    def _rendered_fields(self, rule):
        return ["whatsapp_body"] if rule.whatsapp_body else []

    def _placeholder_texts(self, rule):
        return super()._placeholder_texts(rule) + [
            (
                self.env._("the template variable %(key)s", key=variable.key),
                variable.value,
                "inline_template",
            )
            for variable in rule.whatsapp_variable_ids
        ]

    def _check_rule(self, rule):
        env = self.env
        sender = rule.whatsapp_sender_id
        if sender and not (
            sender.company_id == rule.company_id and sender.sale_status_whatsapp
        ):
            raise ValidationError(
                env._(
                    "Rule %(rule)s: %(number)s is not a WhatsApp sender of "
                    "%(company)s (Settings ▸ SMS ▸ Twilio account).",
                    rule=rule.name,
                    number=sender.number,
                    company=rule.company_id.name,
                )
            )
        sid = rule.whatsapp_content_sid
        if sid and not CONTENT_SID_RE.match(sid):
            raise ValidationError(
                env._(
                    "Rule %(rule)s: %(sid)s is not a Twilio Content SID (HX "
                    "followed by 32 hexadecimal characters, as Twilio's Content "
                    "Template Builder shows it).",
                    rule=rule.name,
                    sid=sid,
                )
            )
        if not sid and not (rule.whatsapp_body or "").strip():
            raise ValidationError(
                env._(
                    "Rule %(rule)s: give a template's Content SID, free text, or both.",
                    rule=rule.name,
                )
            )

    # ------------------------------------------------------------ sending
    def _sender(self, rule, company, destination):
        """The WhatsApp sender of the rule, else the company's of the
        destination's country, else its first."""
        if rule.whatsapp_sender_id:
            return rule.whatsapp_sender_id
        # sudo: the Twilio numbers are readable by administrators only.
        senders = company.sudo().sms_twilio_number_ids.filtered("sale_status_whatsapp")
        # sms_twilio's choice of the number an SMS leaves from, among the
        # WhatsApp senders: it reads nothing of the company it is handed but
        # its numbers. tests/test_channel_whatsapp.py (a sender of the
        # customer's country, else the first) breaks if that changes.
        return get_twilio_from_number(
            SimpleNamespace(sms_twilio_number_ids=senders), destination
        )

    def _window_open(self, company, sender, number):
        """Whether the customer wrote to ``sender`` in the last 24 hours."""
        # sudo: the replies are the automation's log.
        return bool(
            self.env["sale.status.reply"]
            .sudo()
            .search_count(
                Domain("company_id", "=", company.id)
                & Domain("channel", "=", "whatsapp")
                & Domain("from_number", "=", number)
                & Domain("to_number", "=", sender.number)
                & Domain("received_at", ">=", fields.Datetime.now() - SERVICE_WINDOW),
                limit=1,
            )
        )

    def _prepare(self, execution):
        env = self.env
        rule, order = execution.rule_id, execution.order_id
        _partner, number = self._phone_recipient(execution)
        sender = self._sender(rule, order.company_id, number)
        # The sandbox sends nothing: a shop tries it before it has a sender.
        if not sender and not order.company_id.sale_status_sandbox:
            raise PermanentChannelError(
                env._(
                    "The company has no WhatsApp sender: mark one of its Twilio "
                    "numbers as such (Settings ▸ SMS ▸ Twilio account)."
                )
            )
        payload = {"sender": sender.number}
        if rule.whatsapp_body and self._window_open(order.company_id, sender, number):
            text = rule._render_field("whatsapp_body", order.ids, compute_lang=True)[
                order.id
            ]
            payload["body"] = (text or "").strip()
            content = payload["body"]
        elif rule.whatsapp_content_sid:
            variables = rule.whatsapp_variable_ids._render(order)
            payload.update(content_sid=rule.whatsapp_content_sid, variables=variables)
            # The log shows what the customer reads: each variable on a line
            # of its own, as the template names it.
            content = "\n".join(
                [env._("WhatsApp template %s", rule.whatsapp_content_sid)]
                + [f"{{{{{key}}}}} = {value}" for key, value in variables.items()]
            )
        else:
            raise SkipExecution(
                env._(
                    "%(number)s has not written to %(sender)s in the last 24 hours: "
                    "WhatsApp only lets a template through, and the rule has none.",
                    number=number,
                    sender=sender.number,
                ),
                unreachable=True,
            )
        return Delivery(recipient=number, content=content, payload=payload)

    def _send(self, execution, delivery):
        company = execution.order_id.company_id
        payload = delivery.payload
        if "body" in payload:
            content = {"body": payload["body"]}
        else:
            content = {
                "content_sid": payload["content_sid"],
                "content_variables": json.dumps(payload["variables"]),
            }
        try:
            message = client_for(company).messages.create(
                to=whatsapp_address(delivery.recipient),
                from_=whatsapp_address(payload["sender"]),
                status_callback=public_url(company, self._callback_path(execution)),
                **content,
            )
        except (TwilioException, OSError) as error:
            if self._unsubscribed_code(getattr(error, "code", None)):
                raise self._unsubscribed(delivery.recipient, error.code) from error
            raise message_error(self.env, error) from error
        return SendResult(provider_ref=message.sid)

    def _unsubscribed_code(self, code):
        error = twilio_error(code)
        return bool(error) and error.handling == "unsubscribed"

    def _unsubscribed(self, number, code):
        """The customer unsubscribed (error 21610): as for an SMS, the number
        goes on the phone blacklist and the execution is skipped."""
        return self.env["sale.status.channel.sms"]._unsubscribed(number, code)

    def _callback_path(self, execution):
        return f"/sale_status_automation/twilio/whatsapp/{execution.id}"

    # ------------------------------------------------------------ inbound
    @api.model
    def _on_inbound(self, company, params):
        """A WhatsApp message the customer sent to one of the company's
        senders (Twilio posts it to the incoming SMS webhook): kept and put
        on the order like an SMS answer, keywords included; it opens the
        24-hour window. Return the text to answer it with, if any."""
        numbers = {
            key: params.get(key, "").removeprefix(WHATSAPP) for key in ("From", "To")
        }
        return self.env["sale.status.channel.sms"]._on_inbound(
            company, {**params, **numbers}, channel="whatsapp"
        )

    # ------------------------------------------------------------ reports
    def _on_message_status(self, execution, params):
        """Take a Twilio report on the message into account; a late one never
        takes the execution back."""
        sid, status = params.get("MessageSid"), params.get("MessageStatus")
        if sid != execution.provider_ref or execution.state not in (
            "sent",
            "delivered",
        ):
            _logger.info(
                "Ignored WhatsApp report %s %s for execution %s (%s)",
                sid,
                status,
                execution.id,
                execution.state,
            )
            return
        if status == "read" and not execution.read_at:
            execution.read_at = fields.Datetime.now()
        if status in ("delivered", "read") and execution.state == "sent":
            execution._finish("delivered")
        elif status in ("failed", "undelivered") and execution.state == "sent":
            self._on_failure(execution, status, params.get("ErrorCode"))

    def _on_failure(self, execution, status, code):
        if self._unsubscribed_code(code):
            skip = self._unsubscribed(execution.recipient, code)
            execution._finish("skipped", str(skip))
            return
        if code:
            error = message_error(self.env, code=code)
        else:
            error = PermanentChannelError(
                self.env._("Twilio reports the message %s.", status)
            )
        if (
            isinstance(error, TransientChannelError)
            and not execution.is_test
            and execution.attempts < ATTEMPTS
        ):
            due = fields.Datetime.now() + timedelta(minutes=10)
            execution._schedule_again(
                due,
                self.env._(
                    "%(reason)s Sending again at %(due)s (UTC).",
                    reason=str(error),
                    due=due,
                ),
            )
            return
        execution._finish("failed", str(error), unreachable=error.unreachable)
