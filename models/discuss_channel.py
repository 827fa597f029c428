# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from odoo.addons.im_livechat.models.discuss_channel import is_livechat_channel
from odoo.addons.mail.tools.discuss import Store


class DiscussChannel(models.Model):
    """The whispers of a live chat travel with the conversation's data sent
    to internal users only, like Odoo's own session note (livechat_note)."""

    _inherit = "discuss.channel"

    sale_status_whisper_ids = fields.One2many(
        "sale.status.whisper",
        "channel_id",
        string="Whispers",
        groups="base.group_user",
    )

    # Odoo 19 has no public hook for what a conversation sends to its staff:
    # _to_store_defaults is the one im_livechat itself extends for the session
    # note. tests/test_whisper_routes.py (the operator's /mail/data) and
    # tests/test_whisper_ui.py break if it changes.
    def _to_store_defaults(self, target: Store.Target):
        store_fields = super()._to_store_defaults(target)
        if target.is_internal(self.env):
            store_fields.append(
                # sudo: sale.status.whisper - the data goes to internal users
                # having access to the conversation, whoever's request sends it
                # (a visitor's message also refreshes the operator's copy).
                Store.Many(
                    "sale_status_whisper_ids",
                    self.env["sale.status.whisper"]._store_fields(),
                    predicate=is_livechat_channel,
                    sudo=True,
                )
            )
        return store_fields
