# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusRule(models.Model):
    """What the rule's channel brings to the screens, as the channel declares
    it (channels/channel.py): the core views read these fields, so they name
    no channel, and a channel added by another addon gets its icon, its
    *Send To* and its fallbacks without touching them."""

    _inherit = "sale.status.rule"

    channel_icon = fields.Char(compute="_compute_channel_traits")
    channel_has_recipient = fields.Boolean(compute="_compute_channel_traits")
    staff_only = fields.Boolean(
        string="For the Staff Only",
        compute="_compute_staff_only",
        help="The message is for the staff only (a whisper, say): the rule "
        "can only fall back on telling the staff, never on the customer.",
    )

    @api.depends("channel")
    def _compute_channel_traits(self):
        for rule in self:
            channel = rule._channel() if rule.channel else None
            rule.channel_icon = channel._icon if channel is not None else False
            rule.channel_has_recipient = (
                channel._has_recipient if channel is not None else False
            )

    @api.depends(lambda self: self._channel_settings_fields())
    def _compute_staff_only(self):
        for rule in self:
            rule.staff_only = rule._staff_only()
