# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The live bus over a real websocket: the visitor's connection (portal
session or guest cookie) gets the conversation's messages, not its
whispers; the operator's gets the whispers."""

import json

from websocket import WebSocketTimeoutException

from odoo.tests import tagged

from odoo.addons.bus.tests.common import WebsocketCase

from .common import LiveChatCase


@tagged("post_install", "-at_install")
class TestWhisperWebsocket(LiveChatCase, WebsocketCase):
    def received(self, cookie, last):
        """Every notification since ``last`` that a websocket opened with
        ``cookie`` receives once subscribed (to the channels Odoo subscribes
        it to by itself)."""
        websocket = self.websocket_connect(cookie=cookie)
        self.subscribe(websocket, [], last)
        websocket.settimeout(2)
        notifications = []
        while frame := self.next_frame(websocket):
            notifications += json.loads(frame)
        self._close_websockets()
        return json.dumps(notifications)

    @staticmethod
    def next_frame(websocket):
        """The next frame, or None once nothing came for the timeout."""
        try:
            return websocket.recv()
        except WebSocketTimeoutException:
            return None

    def test_visitors_get_messages_and_staff_whispers(self):
        sessions = {
            "portal": lambda: (
                f"session_id={self.authenticate('ssa_portal', 'ssa_portal_pw').sid}"
            ),
            "guest": lambda: (
                f"{self.guest._cookie_name}={self.guest._format_auth_cookie()}"
            ),
            "operator": lambda: (
                f"session_id={self.authenticate('ssa_operator', 'ssa_operator_pw').sid}"
            ),
        }
        for who, chat in (
            ("portal", self.conversation(self.customer)),
            ("guest", self.conversation(guest=self.guest)),
        ):
            with self.subTest(visitor=who):
                last = self.env["bus.bus"]._bus_last_id()
                chat.with_user(self.operator).message_post(
                    body=f"Live message for {who}",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
                self.env["sale.status.whisper"].create(
                    {"channel_id": chat.id, "body": f"Live whisper for {who}"}
                )
                self.env.cr.precommit.run()
                self.authenticate(None, None)
                visitor = self.received(sessions[who](), last)
                self.assertIn(f"Live message for {who}", visitor)
                self.assertNotIn(f"Live whisper for {who}", visitor)
                self.assertNotIn("sale.status.whisper", visitor)
                staff = self.received(sessions["operator"](), last)
                self.assertIn(f"Live whisper for {who}", staff)
