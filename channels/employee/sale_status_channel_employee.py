# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields, models
from odoo.tools import html2plaintext, is_html_empty

from ...tools.sending import ChannelError, Delivery, SendResult, SkipExecution
from .sale_status_rule import ACTION_MODEL


class SaleStatusChannelEmployee(models.AbstractModel):
    """Tells the team instead of the customer: an activity, a notification,
    or a server action run on the order."""

    _name = "sale.status.channel.employee"
    _inherit = "sale.status.channel"
    _icon = "fa-user"
    _has_recipient = False
    _text_fields = ("activity_summary", "activity_note")
    _description = "Automation Channel: Employee"

    _rule_fields = ("activity_summary", "activity_note")

    def _rendered_fields(self, rule):
        return ["activity_summary", "activity_note"]

    _reaches_customer = False

    def _audience(self):
        return self.env._("salesperson")

    def _prepare(self, execution):
        env = self.env
        rule, order = execution.rule_id, execution.order_id
        if rule.employee_action == "server_action":
            # sudo: the action's name and model, which the rule's form shows
            # to whoever reads the rule; only administrators read actions.
            action = rule.server_action_id.sudo()
            if not action:
                raise SkipExecution(env._("The rule has no server action to run."))
            if action.model_id.model != ACTION_MODEL:
                # Chosen before the rule's check existed.
                raise ChannelError(
                    env._(
                        "The server action %(action)s does not run on sales "
                        "orders: choose another.",
                        action=action.name,
                    )
                )
            return Delivery(recipient=order.display_name, content=action.name)
        user = (
            order.user_id
            if rule.employee_target == "salesperson"
            else rule.employee_user_id
        )
        if not user:
            raise SkipExecution(env._("The order has no salesperson."))
        summary = rule._render_field("activity_summary", order.ids)[order.id]
        note = rule._render_field("activity_note", order.ids)[order.id]
        return Delivery(
            recipient=user.name,
            subject=summary,
            content=html2plaintext(note) if not is_html_empty(note) else "",
            payload={"user": user, "note": note},
        )

    def _send(self, execution, delivery):
        rule, order = execution.rule_id, execution.order_id
        if rule.employee_action == "server_action":
            # With the execution's rights: the automation's in a run (its
            # job keeps the environment it was planned in) and in a test
            # send alike (sale.status.rule.test sends through the same path).
            rule.server_action_id.with_context(
                active_model=order._name, active_id=order.id, active_ids=order.ids
            ).run()
            return SendResult(
                provider_ref=f"ir.actions.server,{rule.server_action_id.id}"
            )
        user = delivery.payload["user"]
        if rule.employee_action == "notify":
            message = order.message_notify(
                partner_ids=user.partner_id.ids,
                subject=delivery.subject,
                body=delivery.payload["note"],
            )
            return SendResult(
                provider_ref=f"mail.message,{message.id}",
                values={"mail_message_id": message.id},
            )
        activity = order.activity_schedule(
            activity_type_id=rule.activity_type_id.id
            or self.env.ref("mail.mail_activity_data_todo").id,
            summary=delivery.subject,
            note=delivery.payload["note"],
            user_id=user.id,
            date_deadline=fields.Date.context_today(order)
            + timedelta(days=rule.activity_deadline_days),
        )
        return SendResult(provider_ref=f"mail.activity,{activity.id}")
