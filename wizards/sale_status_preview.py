# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models

from ..tools.sending import ChannelError, SkipExecution, error_text

_logger = logging.getLogger(__name__)


class SaleStatusPreview(models.TransientModel):
    """What the rules of an order's current status do, or would do, for it:
    to whom, with which text, when, or why not.

    It is computed as its user, with their rights: on an order they may
    read, the rules and the log they may read, the texts rendered as them
    (sale.status.wizard.rights checks the order before anything is read).
    """

    _name = "sale.status.preview"
    _inherit = "sale.status.wizard.rights"
    _description = "Automation Preview"
    _user_record_fields = ("order_id", "line_ids")

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    stage_id = fields.Many2one(related="order_id.stage_id")
    line_ids = fields.One2many("sale.status.preview.line", "preview_id", readonly=True)

    @api.model
    def default_get(self, fields_list):
        # Filled when the dialog opens, before anything is saved; the order
        # was checked as the user by super().
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        if order and "line_ids" in fields_list:
            values["line_ids"] = [
                fields.Command.create(line) for line in self._lines(order)
            ]
        return values

    @api.model
    def _lines(self, order):
        """Preview line values for each rule of the order's current status."""
        executions = self.env["sale.status.execution"]
        rules = self.env["sale.status.rule"].search(
            [
                ("stage_id", "=", order.stage_id.id),
                ("company_id", "=", order.company_id.id),
            ]
        )
        planned = executions.search(
            [
                ("order_id", "=", order.id),
                ("stage_id", "=", order.stage_id.id),
                ("visit", "=", order.stage_visit),
                ("is_test", "=", False),
                ("fallback_of_id", "=", False),
            ]
        ).grouped("rule_id")
        states = dict(executions._fields["state"]._description_selection(self.env))
        lines = []
        for rule in rules:
            execution = planned.get(rule)
            values = {
                "sequence": rule.sequence,
                "rule_id": rule.id,
                "timing": rule._timing_label(),
            }
            if not execution:
                probe = executions.new(
                    executions._values_for(order, rule, order.stage_visit)
                )
                values.update(self._would_send(probe))
                values["outcome"] = self.env._(
                    "Not planned: the rule came after the order entered the status; "
                    "it runs on the next entry"
                )
            elif execution.state in ("waiting", "waiting_date", "scheduled"):
                values.update(self._would_send(execution))
                values["due"] = execution.scheduled_at
                values.setdefault("outcome", states[execution.state])
                values.setdefault("reason", execution.reason)
            else:
                values.update(
                    outcome=states[execution.state],
                    due=execution.finished_at,
                    recipient=execution.recipient,
                    subject=execution.subject,
                    content=execution.content,
                    reason=execution.reason,
                )
            lines.append(values)
        return lines

    @api.model
    def _would_send(self, execution):
        """What running ``execution`` now would send, or why it would not."""
        try:
            reason = execution._skip_reason()
            if reason:
                return {"outcome": self.env._("Would be skipped"), "reason": reason}
            delivery = execution._channel()._prepare(execution)
        except (SkipExecution, ChannelError) as error:
            if error.unreachable and execution.rule_id.fallback_channel:
                return self._would_fall_back(execution, error)
            if isinstance(error, SkipExecution):
                return {"outcome": self.env._("Would be skipped"), "reason": str(error)}
            return {"outcome": self.env._("Would fail"), "reason": str(error)}
        except Exception as error:
            _logger.info(
                "Previewing rule %s failed", execution.rule_id.id, exc_info=True
            )
            return {"outcome": self.env._("Would fail"), "reason": error_text(error)}
        return {
            "recipient": delivery.recipient,
            "subject": delivery.subject,
            "content": delivery.content,
        }

    @api.model
    def _would_fall_back(self, execution, error):
        """What the rule's fallback channel would send instead of
        ``execution``'s, which cannot reach the customer (``error``)."""
        rule = execution.rule_id
        fallback = execution.new(
            {
                **execution._values_for(execution.order_id, rule, execution.visit),
                "channel": rule.fallback_channel,
            }
        )
        try:
            delivery = fallback._channel()._prepare(fallback)
        except Exception as fallback_error:  # noqa: BLE001 (shown as is)
            return {
                "outcome": self.env._("Would be skipped"),
                "reason": self.env._(
                    "%(error)s The fallback cannot reach the customer either: "
                    "%(fallback_error)s",
                    error=str(error),
                    fallback_error=error_text(fallback_error),
                ),
            }
        return {
            "outcome": self.env._(
                "Would send by %(channel)s instead", channel=fallback._channel_label()
            ),
            "reason": str(error),
            "recipient": delivery.recipient,
            "subject": delivery.subject,
            "content": delivery.content,
        }
