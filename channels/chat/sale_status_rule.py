# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a live-chat rule holds: its message, who posts it, and whether it
is a whisper for the staff only."""

from odoo import fields, models


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("chat", "Live chat message")], ondelete={"chat": "cascade"}
    )
    chat_body = fields.Text(
        string="Chat Message",
        translate=True,
        default=lambda self: self.env._(
            "Your order {{ object.name }} is now {{ object.stage_id.name }}."
        ),
    )
    chat_author = fields.Selection(
        [("operator", "The conversation's operator"), ("bot", "OdooBot")],
        string="Posted By",
        required=True,
        default="operator",
    )
    chat_whisper = fields.Boolean(
        string="Whisper",
        help="Only the staff of the conversation see the message; the customer "
        "never does (not live, not in the history, not in the transcript).",
    )
