# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import format_datetime

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
    # One card per rule, full width: who, what, when, why not. Built from the
    # lines, every value escaped.
    cards = fields.Html(compute="_compute_cards", sanitize=False)

    @api.depends(
        "line_ids.rule_id",
        "line_ids.outcome",
        "line_ids.recipient",
        "line_ids.subject",
        "line_ids.content",
        "line_ids.details",
        "line_ids.when",
        "line_ids.reason",
    )
    def _compute_cards(self):
        for preview in self:
            preview.cards = Markup("").join(
                line._card() for line in preview.line_ids.sorted("sequence")
            ) or Markup("<p class='text-muted'>%s</p>") % self.env._(
                "No rule in this status."
            )

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
                values.setdefault("outcome", execution._state_label())
                values["reason"] = self._reasons(values.get("reason"), execution.reason)
                if execution.state == "scheduled" and "recipient" in values:
                    values.update(self._held(execution))
            else:
                values.update(
                    outcome=execution._state_label(),
                    due=execution.finished_at,
                    recipient=execution.recipient,
                    subject=execution.subject,
                    content=execution.content,
                    reason=execution.reason,
                )
            values["when"] = self._when(
                order, values.get("send_at") or values.get("due"), values["timing"]
            )
            lines.append(values)
        return lines

    @api.model
    def _reasons(self, *reasons):
        return "\n".join(dict.fromkeys(filter(None, reasons))) or False

    @api.model
    def _held(self, execution):
        """When ``execution`` would really leave, if the sending hours hold
        it past its due time; and why."""
        # From the rule's own moment: a job the sending hours already put
        # off has its due time moved to their opening.
        due = max(execution.moment_at or execution.scheduled_at, fields.Datetime.now())
        opening = execution._opening_after(due)
        if opening <= due:
            return {}
        calendar = execution._sending_hours()
        return {
            "send_at": opening,
            "reason": self._reasons(
                execution.reason,
                self.env._(
                    "Held by the sending hours (%(hours)s): it leaves when they "
                    "open, %(opening)s.",
                    hours=calendar.display_name,
                    opening=self._when(execution.order_id, opening, ""),
                ),
            ),
        }

    @api.model
    def _when(self, order, moment, timing):
        """``moment`` in the customer's time zone (the user's when the
        customer has none), and the rule's timing."""
        if not moment:
            return timing
        tz = order.partner_id.tz or self.env.user.tz or "UTC"
        local = format_datetime(self.env, moment, tz=tz, dt_format="EEE d MMM y, HH:mm")
        whose = (
            self.env._("customer's time")
            if order.partner_id.tz
            else self.env._("the customer has no time zone")
        )
        text = f"{local} ({tz}, {whose})"
        return f"{text} — {timing}" if timing else text

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
        return self._shown(delivery)

    @api.model
    def _shown(self, delivery):
        """What the card shows of ``delivery``: its text as the customer
        gets it, and how it is said (a call's voice, a WhatsApp template)."""
        payload = delivery.payload or {}
        content, details = delivery.content, []
        if payload.get("content_sid"):
            details.append(self.env._("WhatsApp template %s", payload["content_sid"]))
            content = "\n".join(
                f"{{{{{key}}}}} = {value}"
                for key, value in (payload.get("variables") or {}).items()
            )
        twiml = payload.get("twiml") or ""
        for say in re.finditer(r"<Say\b([^>]*)>", twiml):
            attributes = dict(re.findall(r'(\w+)="([^"]*)"', say.group(1)))
            details.append(
                self.env._(
                    "Read by the voice %(voice)s, in %(language)s",
                    voice=attributes.get("voice", "?"),
                    language=attributes.get("language", "?"),
                )
            )
            break
        if "<Play" in twiml:
            details.append(self.env._("Plays the recording"))
        return {
            "recipient": delivery.recipient,
            "subject": delivery.subject,
            "content": content,
            "details": "\n".join(details) or False,
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
            **self._shown(delivery),
            "outcome": self.env._(
                "Would send by %(channel)s instead", channel=fallback._channel_label()
            ),
            "reason": str(error),
        }
