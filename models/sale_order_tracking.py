# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, models
from odoo.tools import is_html_empty

# The chatter lines of the status changes that mail's _message_track logs one
# order at a time, created together once it is done (see _message_track).
TRACKING_LOGS = "sale_status_automation.tracking_logs"


class SaleOrder(models.Model):
    """Every move of an order is traced in its chatter: in words where the
    order enters the pipeline, whatever the caller's tracking context, and in
    one batch of messages for the orders that a change moved together."""

    _inherit = "sale.order"

    def _track_moves_whatever_the_context(self):
        """Trace the status changes in the chatter even when the caller
        turned tracking off: Odoo's payment flow confirms or sends web shop
        orders with ``tracking_disable``, and every move of the pipeline is
        traced."""
        context = self.env.context
        if context.get("tracking_disable") or context.get("mail_notrack"):
            self.with_context(
                tracking_disable=False, mail_notrack=False
            )._track_prepare(["stage_id"])

    def _message_track(self, fields_iter, initial_values_dict):
        # An order entering the pipeline (a placed or abandoned web shop
        # cart) had no status: say so, rather than "None → New".
        for order in self:
            initial = initial_values_dict.get(order.id) or {}
            if "stage_id" in initial and not initial["stage_id"] and order.stage_id:
                order._track_set_log_message(
                    self.env._(
                        "Entered the order pipeline in %(status)s.",
                        status=order.stage_id.name,
                    )
                )
        # mail logs the changes of each order (those no subtype posts) by a
        # _message_log of its own: a message and its tracking values created
        # apart, two queries an order, about half of a bulk status change.
        # The values mail builds for each are kept (_message_log,
        # _message_create), and all created at once once it is done.
        data = self.env.cr.precommit.data
        if TRACKING_LOGS in data:  # an enclosing tracking creates them
            return super()._message_track(fields_iter, initial_values_dict)
        logs = data[TRACKING_LOGS] = {"values": [], "logging": False}
        try:
            tracking = super()._message_track(fields_iter, initial_values_dict)
        finally:
            data.pop(TRACKING_LOGS, None)
        if logs["values"]:
            self._create_tracking_logs(logs["values"])
        return tracking

    def _create_tracking_logs(self, values_list):
        """Create the messages mail's _message_log would, one by one, at
        once; their tracking values too: mail.message.create creates those
        of each message apart, from their ``Command.create`` values."""
        created = []  # per message, the values of its tracking values
        for values in values_list:
            commands = values.get("tracking_value_ids") or []
            if all(
                len(command) == 3 and command[0] == Command.CREATE
                for command in commands
            ):
                created.append([command[2] for command in commands])
                values.pop("tracking_value_ids", None)
            else:  # mail.message.create handles them
                created.append([])
        messages = self.sudo()._message_create(values_list)
        self.env["mail.tracking.value"].sudo().create(
            [
                dict(tracking, mail_message_id=message.id)
                for message, trackings in zip(messages, created, strict=True)
                for tracking in trackings
            ]
        )

    def _message_log(self, **kwargs):
        # While _message_track runs, its logs of tracked changes are created
        # once it is done: mail's _message_track ignores what its
        # _message_log returns.
        logs = self.env.cr.precommit.data.get(TRACKING_LOGS)
        if logs is None or not kwargs.get("tracking_value_ids"):
            return super()._message_log(**kwargs)
        logs["logging"] = True
        try:
            return super()._message_log(**kwargs)
        finally:
            logs["logging"] = False

    def _message_create(self, values_list):
        logs = self.env.cr.precommit.data.get(TRACKING_LOGS)
        if not (logs and logs["logging"]):
            return super()._message_create(values_list)
        logs["values"].extend(values_list)
        return self.env["mail.message"]

    def _track_filter_for_display(self, tracking_values):
        # The entry into the pipeline is said in the message's words.
        return (
            super()
            ._track_filter_for_display(tracking_values)
            .filtered(
                lambda value: (
                    not (
                        value.field_id.name == "stage_id"
                        and not value.old_value_integer
                        and not is_html_empty(value.mail_message_id.body)
                    )
                )
            )
        )
