# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import models


class SaleStatusExecution(models.Model):
    """What an execution says in its order's chatter."""

    _inherit = "sale.status.execution"

    def _log(self):
        """One internal note per execution in its order's chatter, but for
        the messages a channel posted in the chatter itself, once sent:
        their notification already shows how they went.

        A test send leaves no note: the order is only the sample its texts
        were filled from, its chatter is the customer's story. Its tester
        reads the outcome in the Send test dialog, and the log keeps it.
        """
        bodies = {}
        for execution in self:
            if execution.is_test or (
                execution.mail_message_id and execution.state in ("sent", "delivered")
            ):
                continue
            bodies.setdefault(execution.order_id.id, []).append(execution._log_line())
        if not bodies:
            return
        # sudo: the note is the automation's (OdooBot), whoever started it.
        orders = self.env["sale.order"].sudo().browse(bodies)
        orders._message_log_batch(
            {
                order_id: Markup("<br/>").join(lines)
                for order_id, lines in bodies.items()
            },
            author_id=self.env.ref("base.partner_root").id,
        )

    def _state_label(self):
        """The state as the log says it: a sandbox run was not sent."""
        if self.sandbox and self.state in ("sent", "delivered"):
            return self.env._("Not sent (sandbox: nothing left the server)")
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _log_line(self):
        line = Markup("<b>%s</b> (%s): %s") % (
            self.rule_id.name,
            self._channel_label(),
            self._state_label(),
        )
        if self.recipient and self.state in ("sent", "delivered", "unknown", "failed"):
            if self.sandbox:
                line += Markup(", %s %s") % (self.env._("would go to"), self.recipient)
            else:
                line += Markup(" %s %s") % (self.env._("to"), self.recipient)
        if self.sandbox and self.state not in ("sent", "delivered"):
            line += Markup(" %s") % self.env._("(sandbox: nothing left the server)")
        if self.reason:
            line += Markup(" — %s") % self.reason
        return line
