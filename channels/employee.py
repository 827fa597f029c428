# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tools import html2plaintext, is_html_empty

from . import register
from .base import ChannelAdapter, Delivery, SendResult, SkipExecution


@register
class EmployeeAdapter(ChannelAdapter):
    """Tells the team instead of the customer: an activity, a notification,
    or a server action run on the order."""

    channel = "employee"

    def prepare(self, execution):
        env = execution.env
        rule, order = execution.rule_id, execution.order_id
        if rule.employee_action == "server_action":
            action = rule.server_action_id
            if not action:
                raise SkipExecution(env._("The rule has no server action to run."))
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

    def send(self, execution, delivery):
        rule, order = execution.rule_id, execution.order_id
        if rule.employee_action == "server_action":
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
            execution.mail_message_id = message
            return SendResult(provider_ref=f"mail.message,{message.id}")
        activity = order.activity_schedule(
            activity_type_id=rule.activity_type_id.id
            or execution.env.ref("mail.mail_activity_data_todo").id,
            summary=delivery.subject,
            note=delivery.payload["note"],
            user_id=user.id,
            date_deadline=fields.Date.context_today(order)
            + timedelta(days=rule.activity_deadline_days),
        )
        return SendResult(provider_ref=f"mail.activity,{activity.id}")
