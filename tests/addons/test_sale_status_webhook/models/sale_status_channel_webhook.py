# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import requests

from odoo import models
from odoo.exceptions import ValidationError

from odoo.addons.sale_status_automation.tools.sending import (
    Delivery,
    PermanentChannelError,
    SendResult,
    TransientChannelError,
    UnknownOutcomeError,
)


class SaleStatusChannelWebhook(models.AbstractModel):
    """Posts the order's news as JSON to the URL of the rule."""

    _name = "sale.status.channel.webhook"
    _inherit = "sale.status.channel"
    _description = "Automation Channel: Webhook"

    # What the channel brings to the screens and the library
    # (sale_status_automation/channels/channel.py).
    _icon = "fa-plug"
    _has_recipient = True
    _text_fields = ("webhook_text",)

    _rule_fields = ("webhook_url", "webhook_text")

    def _check_rule(self, rule):
        if not (rule.webhook_url or "").startswith(("https://", "http://")):
            raise ValidationError(
                self.env._("Rule %s: the webhook needs an http(s) URL.", rule.name)
            )

    def _rendered_fields(self, rule):
        return ["webhook_text"]

    def _audience(self):
        return self.env._("the shop's systems")

    def _prepare(self, execution):
        rule, order = execution.rule_id, execution.order_id
        # The partner the rule's Send To names on the order, for the shop's
        # systems to reach.
        customer = self._recipient_partner(execution, lambda partner: True)
        text = rule._render_field("webhook_text", order.ids, compute_lang=True)
        return Delivery(
            recipient=rule.webhook_url,
            content=text[order.id],
            payload={"customer": customer.email or customer.name},
        )

    def _send(self, execution, delivery):
        try:
            response = requests.post(
                delivery.recipient,
                json={
                    "execution": execution.id,
                    "text": delivery.content,
                    "customer": delivery.payload["customer"],
                },
                timeout=5,
            )
        except requests.ConnectionError as error:
            raise TransientChannelError(str(error)) from error
        except requests.Timeout as error:
            raise UnknownOutcomeError(str(error)) from error
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientChannelError(f"{response.status_code} {response.reason}")
        if not response.ok:
            raise PermanentChannelError(f"{response.status_code} {response.reason}")
        return SendResult(provider_ref=response.headers.get("X-Request-Id", ""))
