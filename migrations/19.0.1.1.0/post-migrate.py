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
    channels = (
        env["discuss.channel"]
        .browse(executions.mail_message_id.mapped("res_id"))
        .exists()
    )
    # A message whose conversation is gone is only deleted.
    in_a_conversation = executions.filtered(
        lambda execution: execution.mail_message_id.res_id in channels.ids
    )
    whispers = env["sale.status.whisper"].create(
        [
            {
                "channel_id": execution.mail_message_id.res_id,
                "author_id": execution.mail_message_id.author_id.id,
                "body": execution.mail_message_id.body,
                "date": execution.mail_message_id.date,
                "execution_id": execution.id,
            }
            for execution in in_a_conversation
        ]
    )
    for whisper in whispers:
        whisper.execution_id.provider_ref = f"sale.status.whisper,{whisper.id}"
    executions.mail_message_id.unlink()
