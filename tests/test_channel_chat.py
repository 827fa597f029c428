# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Live chat messages, and whispers the customer never gets."""

import json
from datetime import datetime

from odoo.fields import Command
from odoo.tests import new_test_user

from .common import AutomationCase


class TestChannelChat(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_status_sandbox = False
        cls.operator = new_test_user(
            cls.env,
            "ssa_operator",
            groups="base.group_user,im_livechat.im_livechat_group_user",
        )
        cls.portal = new_test_user(cls.env, "ssa_portal", groups="base.group_portal")
        cls.portal.partner_id = cls.customer
        cls.livechat = cls.env["im_livechat.channel"].create(
            {"name": "Shop chat", "user_ids": [Command.link(cls.operator.id)]}
        )
        cls.old_chat = cls.conversation(cls.customer, datetime(2026, 1, 5))
        cls.chat = cls.conversation(cls.customer, datetime(2026, 2, 1))
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Shipping chat",
            channel="chat",
            chat_body="{{ object.name }} is on its way!",
        )

    @classmethod
    def conversation(cls, visitor, last_activity, guest=None):
        visitor_member = {"guest_id": guest.id} if guest else {"partner_id": visitor.id}
        return cls.env["discuss.channel"].create(
            {
                "name": "Visitor",
                "channel_type": "livechat",
                "livechat_channel_id": cls.livechat.id,
                "livechat_operator_id": cls.operator.partner_id.id,
                "last_interest_dt": last_activity,
                "channel_member_ids": [
                    Command.create(
                        {
                            "partner_id": cls.operator.partner_id.id,
                            "livechat_member_type": "agent",
                        }
                    ),
                    Command.create(
                        {**visitor_member, "livechat_member_type": "visitor"}
                    ),
                ],
            }
        )

    def send(self):
        self.order.stage_id = self.stage_shipped
        execution = self.executions(self.order, rule_id=self.rule.id)
        self.env.cr.precommit.run()
        self.last_bus_id = (
            self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id
        )
        self.run_job(execution)
        self.env.cr.precommit.run()
        return execution

    def bus_targets(self, text):
        """(model, id) of the bus channels that received ``text``."""
        notifications = (
            self.env["bus.bus"].sudo().search([("id", ">", self.last_bus_id)])
        )
        return {
            tuple(json.loads(notification.channel)[1:3])
            for notification in notifications
            if text in notification.message
        }

    def fetch(self, user, channel, guest=None):
        """The history the conversation's window loads for ``user``."""
        messages = self.env["mail.message"].with_user(user)
        if guest:
            messages = messages.with_context(guest=guest)
        return messages._message_fetch(domain=None, thread=channel)["messages"]

    def test_message_in_the_last_conversation_as_its_operator(self):
        execution = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        message = execution.mail_message_id
        self.assertEqual(message.model, "discuss.channel")
        self.assertEqual(message.res_id, self.chat.id)
        self.assertEqual(message.author_id, self.operator.partner_id)
        self.assertFalse(message.is_internal)
        text = f"{self.order.name} is on its way!"
        self.assertIn(text, message.body)
        self.assertIn(("discuss.channel", self.chat.id), self.bus_targets(text))
        self.assertIn(message, self.fetch(self.portal, self.chat))

    def test_whisper_reaches_the_staff_only(self):
        self.rule.chat_whisper = True
        execution = self.send()
        message = execution.mail_message_id
        self.assertTrue(message.is_internal)
        text = f"{self.order.name} is on its way!"
        # Live: to the operator's bus, neither to the conversation's nor the customer's.
        self.assertEqual(
            self.bus_targets(text), {("res.partner", self.operator.partner_id.id)}
        )
        # History: the operator loads it, the customer does not.
        self.assertIn(message, self.fetch(self.operator, self.chat))
        self.assertNotIn(message, self.fetch(self.portal, self.chat))
        # Transcript: the customer's copy leaves it out.
        self.chat.message_post(
            body="Anything else?",
            message_type="comment",
            author_id=self.operator.partner_id.id,
        )
        transcript = self.env["ir.qweb"]._render(
            "im_livechat.livechat_email_template",
            {
                "company": self.company,
                "channel": self.chat,
                "tz": __import__("pytz").utc,
            },
        )
        self.assertIn("Anything else?", transcript)
        self.assertNotIn(text, transcript)

    def test_whisper_in_a_guest_conversation(self):
        guest = self.env["mail.guest"].create({"name": "Visitor 42"})
        chat = self.conversation(None, datetime(2026, 2, 2), guest=guest)
        self.env.cr.precommit.run()
        self.last_bus_id = (
            self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id
        )
        whisper = chat.with_user(self.operator).message_post(
            body="Premium customer, be nice",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            is_internal=True,
        )
        self.env.cr.precommit.run()
        self.assertEqual(
            self.bus_targets("Premium customer"),
            {("res.partner", self.operator.partner_id.id)},
        )
        public = self.env.ref("base.public_user")
        self.assertNotIn(whisper, self.fetch(public, chat, guest=guest))
        self.assertIn(whisper, self.fetch(self.operator, chat))

    def test_posted_by_odoobot_when_asked(self):
        self.rule.chat_author = "bot"
        execution = self.send()
        self.assertEqual(
            execution.mail_message_id.author_id, self.env.ref("base.partner_root")
        )

    def test_no_conversation_is_skipped(self):
        (self.chat | self.old_chat).unlink()
        execution = self.send()
        self.assertEqual(
            (execution.state, execution.reason),
            ("skipped", "Ada Customer has no live chat conversation."),
        )
