# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields, models
from odoo.tools import html2plaintext, is_html_empty

from ..tools.sending import Delivery, SendResult, SkipExecution


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("employee", "Employee notification")],
        ondelete={"employee": "cascade"},
    )
    employee_action = fields.Selection(
        [
            ("activity", "Schedule an activity"),
            ("notify", "Send a notification"),
            ("server_action", "Run a server action"),
        ],
        string="Action",
        required=True,
        default="activity",
    )
    employee_target = fields.Selection(
        [("salesperson", "Salesperson"), ("user", "A chosen user")],
        string="For",
        required=True,
        default="salesperson",
    )
    employee_user_id = fields.Many2one("res.users", string="User")
    activity_type_id = fields.Many2one("mail.activity.type")
    activity_summary = fields.Char(translate=True, default="{{ object.name }}")
    activity_note = fields.Html(
        string="Note", render_engine="qweb", translate=True, sanitize="email_outgoing"
    )
    activity_deadline_days = fields.Integer(string="Due in (days)")
    server_action_id = fields.Many2one(
        "ir.actions.server",
        domain=[("model_id.model", "=", "sale.order")],
        help="Runs on the order, as Odoo's own automation rules do.",
    )


class SaleStatusChannelEmployee(models.AbstractModel):
    """Tells the team instead of the customer: an activity, a notification,
    or a server action run on the order."""

    _name = "sale.status.channel.employee"
    _inherit = "sale.status.channel"
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

    def _send(self, execution, delivery):
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
