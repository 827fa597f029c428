# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Whispers were internal messages of the live chat conversation, which some
of Odoo's routes served to the visitor; they become sale.status.whisper
records, out of the conversation's messages."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    executions = (
        env["sale.status.execution"]
        .with_context(active_test=False)
        .search(
            [
                ("channel", "=", "chat"),
                ("mail_message_id.model", "=", "discuss.channel"),
                ("mail_message_id.is_internal", "=", True),
            ],
            order="id",
        )
    )
    for execution in executions:
        message = execution.mail_message_id
        channel = env["discuss.channel"].browse(message.res_id).exists()
        if not channel:
            continue
        whisper = env["sale.status.whisper"].create(
            {
                "channel_id": channel.id,
                "author_id": message.author_id.id,
                "body": message.body,
                "date": message.date,
                "execution_id": execution.id,
            }
        )
        execution.provider_ref = f"sale.status.whisper,{whisper.id}"
    executions.mail_message_id.unlink()
