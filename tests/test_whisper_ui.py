# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The operator reads whispers inside the conversation, in Odoo's own UI."""

from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged

from .common import LiveChatCase


@tagged("post_install", "-at_install")
class TestWhisperUi(LiveChatCase, HttpCase):
    def test_operator_sees_the_whisper_between_the_messages(self):
        chat = self.conversation(self.customer)
        now = datetime.now().replace(microsecond=0)
        chat.message_post(
            body="Where is my parcel?",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            date=now - timedelta(minutes=10),
        )
        self.env["sale.status.whisper"].create(
            {
                "channel_id": chat.id,
                "author_id": self.operator.partner_id.id,
                "body": "VIP customer, grant the discount",
                "date": now - timedelta(minutes=5),
            }
        )
        chat.with_user(self.operator).message_post(
            body="It left this morning",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            date=now - timedelta(minutes=1),
        )
        self.env.flush_all()
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{chat.id}",
            "sale_status_automation_whisper_tour",
            login=self.operator.login,
        )
