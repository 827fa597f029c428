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
    Of a mixed selection, it acts on those it can and lists the others with
    the reason; once done, it says what it did and what it left out.
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
    actionable_ids = fields.Many2many(
        "sale.status.execution",
        compute="_compute_refused",
        string="Acted On",
        help="The selected executions this action applies to.",
    )
    actionable_count = fields.Integer(compute="_compute_refused")
    refused = fields.Text(
        compute="_compute_refused",
        string="Left Out",
        help="The selected executions this action does not apply to, and why.",
    )
    done = fields.Text(
        readonly=True, help="What the action did, once applied, and what it left out."
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
            refusals = wizard._refusals()
            wizard.actionable_ids = wizard.execution_ids.filtered(
                lambda execution, refusals=refusals: execution not in refusals
            )
            wizard.actionable_count = len(wizard.actionable_ids)
            wizard.refused = (
                "\n".join(
                    f"{execution.display_name}: {reason}"
                    for execution, reason in refusals.items()
                )
                or False
            )

    def _refusals(self):
        """{execution: why this action does not apply to it}."""
        refusals = {}
        for execution in self.execution_ids:
            reason = self._refusal(execution)
            if reason:
                refusals[execution] = reason
        return refusals

    def _refusal(self, execution):
        env = self.env
        if self.action == "retry":
            if execution.state not in ("failed", "unknown"):
                return env._(
                    "only failed executions, or executions with an unknown "
                    "outcome, can be sent again (this one: %(state)s).",
                    state=execution._state_label(),
                )
            if execution.is_test:
                return env._("a test send is not sent again: send a new test.")
            if execution._stale_reason():
                return env._("the order left the status since; it is not sent again.")
        elif self.action == "cancel" and execution.state not in NOT_STARTED:
            return env._(
                "only executions that did not start can be cancelled (this one: "
                "%(state)s).",
                state=execution._state_label(),
            )
        elif self.action == "mark_sent" and execution.state != "unknown":
            return env._(
                "only executions with an unknown outcome can be marked as sent "
                "(this one: %(state)s).",
                state=execution._state_label(),
            )
        return ""

    def action_apply(self):
        self.ensure_one()
        self._check_own_records()
        refusals = self._refusals()
        actionable = self.execution_ids.filtered(
            lambda execution: execution not in refusals
        )
        if not actionable:
            raise UserError(
                "\n".join(
                    [
                        self.env._("None of the selected executions can be acted on:"),
                        *(
                            f"{execution.display_name}: {reason}"
                            for execution, reason in refusals.items()
                        ),
                    ]
                )
            )
        # sudo: the log is read-only; this dialog, which only sales managers
        # may open (security/ir.model.access.csv), is how they act on the
        # executions they may read (checked above).
        executions = actionable.sudo()
        user = self.env.user.name
        now = fields.Datetime.now()
        if self.action == "retry":
            for execution in executions:
                execution.attempts = 0
                execution._schedule_again(now, self.env._("Sent again by %s.", user))
            heading = self.env._("Scheduled to be sent again now:")
        elif self.action == "cancel":
            executions._cancel(self.env._("Cancelled by %s.", user))
            for execution in executions:
                execution._start_next()
            heading = self.env._("Cancelled:")
        else:
            for execution in executions:
                execution._finish("sent", self.env._("Marked as sent by %s.", user))
            heading = self.env._("Marked as sent:")
        lines = [heading, *(f"• {execution.display_name}" for execution in actionable)]
        if refusals:
            lines += [
                "",
                self.env._("Left out:"),
                *(
                    f"• {execution.display_name}: {reason}"
                    for execution, reason in refusals.items()
                ),
            ]
        self.done = "\n".join(lines)
        # The dialog stays open on what was done.
        return self._shown_again(
            dict(self._fields["action"]._description_selection(self.env))[self.action]
        )
