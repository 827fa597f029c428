# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..models.sale_status_execution import NOT_STARTED


class SaleStatusExecutionAction(models.TransientModel):
    """What a sales manager does with executions of the log: send them again,
    cancel them, or record that a message whose outcome was unknown left.
    The dialog shows the executions first: sending again reaches customers.
    """

    _name = "sale.status.execution.action"
    _inherit = "sale.status.wizard.rights"
    _description = "Act on Automation Executions"
    # Those of the log the user may read (sale.status.wizard.rights).
    _user_record_fields = ("execution_ids",)

    action = fields.Selection(
        [
            ("retry", "Send again"),
            ("cancel", "Cancel"),
            ("mark_sent", "Mark as sent"),
        ],
        required=True,
        readonly=True,
    )
    execution_ids = fields.Many2many(
        "sale.status.execution", string="Executions", required=True, readonly=True
    )
    refused = fields.Text(
        compute="_compute_refused", help="Why these executions cannot be acted on."
    )

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        context = self.env.context
        if context.get("active_model") == "sale.status.execution":
            values["execution_ids"] = [Command.set(context.get("active_ids") or [])]
        return values

    @api.depends("action", "execution_ids")
    def _compute_refused(self):
        for wizard in self:
            wizard.refused = "\n".join(wizard._refusals()) or False

    def _refusals(self):
        env = self.env
        refusals = []
        for execution in self.execution_ids:
            name = execution.display_name
            if self.action == "retry":
                if execution.state not in ("failed", "unknown"):
                    refusals.append(
                        env._(
                            "%(execution)s: only failed executions, or executions "
                            "with an unknown outcome, can be sent again.",
                            execution=name,
                        )
                    )
                elif execution._stale_reason():
                    refusals.append(
                        env._(
                            "%(execution)s: the order left the status since; it is "
                            "not sent again.",
                            execution=name,
                        )
                    )
            elif self.action == "cancel" and execution.state not in NOT_STARTED:
                refusals.append(
                    env._(
                        "%(execution)s: only executions that did not start can be "
                        "cancelled.",
                        execution=name,
                    )
                )
            elif self.action == "mark_sent" and execution.state != "unknown":
                refusals.append(
                    env._(
                        "%(execution)s: only executions with an unknown outcome can "
                        "be marked as sent.",
                        execution=name,
                    )
                )
        return refusals

    def action_apply(self):
        self.ensure_one()
        self._check_own_records()
        refusals = self._refusals()
        if refusals:
            raise UserError("\n".join(refusals))
        # sudo: the log is read-only; this dialog, which only sales managers
        # may open (security/ir.model.access.csv), is how they act on the
        # executions they may read (checked above).
        executions = self.execution_ids.sudo()
        user = self.env.user.name
        now = fields.Datetime.now()
        if self.action == "retry":
            for execution in executions:
                execution.attempts = 0
                execution._schedule_again(now, self.env._("Sent again by %s.", user))
        elif self.action == "cancel":
            executions._cancel(self.env._("Cancelled by %s.", user))
            for execution in executions:
                execution._start_next()
        else:
            for execution in executions:
                execution._finish("sent", self.env._("Marked as sent by %s.", user))
        return {"type": "ir.actions.act_window_close"}
