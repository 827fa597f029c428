# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a rule for the team holds: an activity, a notification or a
server action, and for whom; choosing a server action is for
administrators."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

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
