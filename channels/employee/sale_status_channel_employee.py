# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import html2plaintext, is_html_empty

from ...tools.sending import ChannelError, Delivery, SendResult, SkipExecution

# The model a staff rule's server action runs on.
ACTION_MODEL = "sale.order"


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
        domain=[("model_id.model", "=", ACTION_MODEL)],
        help="Runs on the order, as Odoo's own automation rules do: with the "
        "automation's rights. Only administrators, who may write server "
        "actions, choose it.",
    )

    # A server action runs code with the automation's rights, whoever moves
    # the order: choosing one is for those who may write server actions
    # (Odoo's rule: administrators), as the writing user, before anything
    # is written (constraints run as superuser).
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("server_action_id"):
                self._check_may_choose_server_action(vals["server_action_id"])
        return super().create(vals_list)

    def write(self, vals):
        action_id = vals.get("server_action_id")
        if action_id and any(rule.server_action_id.id != action_id for rule in self):
            self._check_may_choose_server_action(action_id)
        return super().write(vals)

    @api.model
    def _check_may_choose_server_action(self, action_id):
        if not self.env["ir.actions.server"].browse(action_id).has_access("write"):
            raise AccessError(
                self.env._(
                    "Only administrators, who may write server actions, may "
                    "choose the server action a rule runs."
                )
            )

    @api.constrains("server_action_id")
    def _check_server_action_model(self):
        for rule in self:
            action = rule.server_action_id
            if action and action.model_id.model != ACTION_MODEL:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the server action %(action)s runs on "
                        "%(model)s; a rule runs server actions on sales orders "
                        "only.",
                        rule=rule.name,
                        action=action.name,
                        model=action.model_id.name,
                    )
                )


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
