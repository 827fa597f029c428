# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

NEW_MESSAGE = "discuss.channel/new_message"


class DiscussChannel(models.Model):
    """Whispers: internal messages of a live chat reach its staff only.

    Odoo hides internal messages from customers when they load a history,
    but pushes every new message on the conversation's bus, to which the
    visitor listens. A whisper is pushed to each staff member instead.
    """

    _inherit = "discuss.channel"

    def _is_whisper(self, message, msg_vals=False):
        is_internal = (msg_vals or {}).get("is_internal", message.is_internal)
        return self.channel_type == "livechat" and is_internal

    def _whisper_audience(self):
        # sudo: discuss.channel.member - the staff of the conversation
        members = self.sudo().channel_member_ids
        return members.partner_id.filtered(
            lambda partner: any(user._is_internal() for user in partner.user_ids)
        )

    def _notify_thread(self, message, msg_vals=False, **kwargs):
        if self._is_whisper(message, msg_vals):
            return super(
                DiscussChannel, self.with_context(sale_status_whisper=True)
            )._notify_thread(message, msg_vals=msg_vals, **kwargs)
        return super()._notify_thread(message, msg_vals=msg_vals, **kwargs)

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(
            message, msg_vals=msg_vals, **kwargs
        )
        if self._is_whisper(message, msg_vals):
            staff = set(self._whisper_audience().ids)
            recipients = [r for r in recipients if r["id"] in staff]
        return recipients

    def _bus_send(self, notification_type, message, /, *, subchannel=None):
        if (
            self.env.context.get("sale_status_whisper")
            and notification_type == NEW_MESSAGE
        ):
            for channel in self:
                channel._whisper_audience()._bus_send(notification_type, message)
            return
        super()._bus_send(notification_type, message, subchannel=subchannel)
