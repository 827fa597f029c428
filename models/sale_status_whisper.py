# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from odoo.addons.mail.tools.discuss import Store


class SaleStatusWhisper(models.Model):
    """A staff-only note attached to a live chat conversation.

    A whisper is deliberately *not* a ``mail.message`` of the conversation.
    Every route that serves a conversation to its visitor (history, search,
    last message, unread counters, bus, transcripts, ...) reads the
    conversation's messages, some of them with raw SQL, so a message the
    visitor must not read would have to be filtered out of each of them, and
    of any route a later Odoo version adds. A whisper lives in its own table
    instead, readable by internal users only (access rights and a record
    rule), and reaches the staff the way Odoo's own staff-only live chat
    data (the session note) does: in the conversation's data for internal
    targets and on its ``internal_users`` bus subchannel. The operator's
    chat window shows it inside the conversation, marked as a whisper
    (static/src/whisper/).
    """

    _name = "sale.status.whisper"
    _description = "Live Chat Whisper"
    _order = "date, id"

    channel_id = fields.Many2one(
        "discuss.channel",
        string="Conversation",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        domain=[("channel_type", "=", "livechat")],
    )
    # Like mail.message's date: when it was written, not when the
    # transaction that wrote it started (create_date).
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    author_id = fields.Many2one("res.partner", readonly=True)
    body = fields.Html(readonly=True, sanitize_style=True)
    execution_id = fields.Many2one(
        "sale.status.execution",
        string="Automation",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model
    def _store_fields(self):
        return [
            "body",
            "date",
            Store.One("author_id", ["name"]),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        whispers = super().create(vals_list)
        for whisper in whispers:
            # The internal_users subchannel of a conversation is subscribed
            # by the internal users who follow it only (ir.websocket), never
            # by its visitor.
            Store(bus_channel=whisper.channel_id, bus_subchannel="internal_users").add(
                whisper.channel_id,
                Store.Many(
                    "sale_status_whisper_ids",
                    self._store_fields(),
                    mode="ADD",
                    value=whisper,
                ),
            ).bus_send()
        return whispers
