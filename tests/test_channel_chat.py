# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Live chat messages, and whispers the customer never gets."""

import json
from datetime import datetime

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user

from .common import LiveChatCase


class TestChannelChat(LiveChatCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_status_sandbox = False
        cls.old_chat = cls.conversation(cls.customer, datetime(2026, 1, 5))
        cls.chat = cls.conversation(cls.customer, datetime(2026, 2, 1))
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Shipping chat",
            channel="chat",
            chat_body="{{ object.name }} is on its way!",
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
        """(model, id, subchannel) of the bus channels that received ``text``."""
        notifications = (
            self.env["bus.bus"].sudo().search([("id", ">", self.last_bus_id)])
        )
        return {
            tuple((json.loads(notification.channel) + [None])[1:4])
            for notification in notifications
            if text in notification.message
        }

    def fetch(self, user, channel):
        """The history the conversation's window loads for ``user``."""
        return (
            self.env["mail.message"]
            .with_user(user)
            ._message_fetch(domain=None, thread=channel)["messages"]
        )

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
        self.assertIn(("discuss.channel", self.chat.id, None), self.bus_targets(text))
        self.assertIn(message, self.fetch(self.portal, self.chat))

    def test_whisper_is_no_message_of_the_conversation(self):
        self.rule.chat_whisper = True
        messages_before = self.chat.message_ids
        execution = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        text = f"{self.order.name} is on its way!"
        whisper = self.chat.sale_status_whisper_ids
        self.assertEqual(len(whisper), 1)
        self.assertIn(text, whisper.body)
        self.assertEqual(
            (whisper.author_id, whisper.execution_id, execution.provider_ref),
            (
                self.operator.partner_id,
                execution,
                f"sale.status.whisper,{whisper.id}",
            ),
        )
        self.assertFalse(execution.mail_message_id)
        self.assertEqual(self.chat.message_ids, messages_before)
        # Live: only to the conversation's internal users, never to the
        # conversation's own bus, which its visitor listens to.
        self.assertEqual(
            self.bus_targets(text),
            {("discuss.channel", self.chat.id, "internal_users")},
        )

    def test_whisper_is_read_by_the_staff_only(self):
        self.rule.chat_whisper = True
        self.send()
        whisper = self.chat.sale_status_whisper_ids
        self.assertEqual(
            whisper.with_user(self.operator).read(["body"])[0]["body"], whisper.body
        )
        public = self.env.ref("base.public_user")
        for user in (self.portal, public):
            with self.assertRaises(AccessError, msg=user.name):
                whisper.with_user(user).read(["body"])
        # An employee who may not read the conversation does not read its whispers.
        outsider = new_test_user(self.env, "ssa_outsider", groups="base.group_user")
        self.assertFalse(
            self.env["discuss.channel"]
            .with_user(outsider)
            .search([("id", "=", self.chat.id)])
        )
        self.assertFalse(
            self.env["sale.status.whisper"]
            .with_user(outsider)
            .search([("id", "=", whisper.id)])
        )

    def test_odoo_internal_messages_of_a_live_chat_are_left_alone(self):
        """Without the addon, an internal message of a live chat goes to the
        conversation's bus like any other: the addon does not change that."""
        self.env.cr.precommit.run()
        self.last_bus_id = (
            self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id
        )
        self.chat.with_user(self.operator).message_post(
            body="Odoo's own internal note",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            is_internal=True,
        )
        self.env.cr.precommit.run()
        self.assertIn(
            ("discuss.channel", self.chat.id, None),
            self.bus_targets("Odoo's own internal note"),
        )

    def test_posted_by_odoobot_when_asked(self):
        self.rule.chat_author = "bot"
        execution = self.send()
        self.assertEqual(
            execution.mail_message_id.author_id, self.env.ref("base.partner_root")
        )

    def test_auto_finds_a_colleague_conversation_in_the_customer_company(self):
        corp = self.env["res.partner"].create({"name": "Ada Corp", "is_company": True})
        self.customer.parent_id = corp
        colleague = self.env["res.partner"].create(
            {"name": "Bob Buyer", "parent_id": corp.id}
        )
        (self.chat | self.old_chat).unlink()
        colleague_chat = self.conversation(colleague, datetime(2026, 2, 10))
        execution = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(execution.provider_ref, f"discuss.channel,{colleague_chat.id}")

    def test_the_contact_only_when_the_rule_says_so(self):
        corp = self.env["res.partner"].create({"name": "Ada Corp", "is_company": True})
        self.customer.parent_id = corp
        (self.chat | self.old_chat).unlink()
        self.conversation(corp, datetime(2026, 2, 10))
        self.rule.recipient = "contact"
        execution = self.send()
        self.assertEqual(execution.state, "skipped", execution.reason)

    def test_no_conversation_is_skipped(self):
        (self.chat | self.old_chat).unlink()
        execution = self.send()
        self.assertEqual(
            (execution.state, execution.reason),
            ("skipped", "Ada Customer has no live chat conversation."),
        )


class TestGuestWhoGaveTheCustomersEmail(LiveChatCase):
    """A guest answered the chatbot's email question with the customer's
    address: only a whisper, which the guest never sees, goes there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_status_sandbox = False
        script = cls.env["chatbot.script"].create(
            {
                "title": "Shop bot",
                "script_step_ids": [
                    Command.create(
                        {"step_type": "question_email", "message": "Your email?"}
                    )
                ],
            }
        )
        cls.email_question = script.script_step_ids
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Shipping chat",
            channel="chat",
            chat_body="{{ object.name }} ships today, check the address",
        )

    def guest_chat_answering(self, answer):
        """The guest's chatbot conversation, where the guest answered the
        email question with ``answer``: what the live chat routes do in the
        guest's requests (as sudo, as they do)."""
        script = self.email_question.chatbot_script_id
        guest_env = self.env(
            user=self.env.ref("base.public_user"),
            context=dict(self.env.context, guest=self.guest),
        )
        vals = self.livechat.with_env(guest_env)._get_livechat_discuss_channel_vals(
            chatbot_script=script,
            operator_partner=script.operator_partner_id,
            operator_model="chatbot.script",
        )
        chat = guest_env["discuss.channel"].sudo().create(vals)
        script.with_env(guest_env).sudo()._post_welcome_steps(chat)
        chat.chatbot_current_step_id._process_answer(chat, f"<p>{answer}</p>")
        return chat

    def send(self):
        self.order.stage_id = self.stage_shipped
        execution = self.executions(self.order, rule_id=self.rule.id)
        self.run_job(execution)
        return execution

    def test_a_whisper_reaches_the_staff_there(self):
        self.rule.chat_whisper = True
        chat = self.guest_chat_answering("ADA@example.com")
        execution = self.send()
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(chat.sale_status_whisper_ids.execution_id, execution)

    def test_a_message_the_customer_reads_does_not_go_there(self):
        chat = self.guest_chat_answering("ada@example.com")
        messages_before = chat.message_ids
        execution = self.send()
        self.assertEqual(
            (execution.state, execution.reason),
            ("skipped", "Ada Customer has no live chat conversation."),
        )
        self.assertEqual(chat.message_ids, messages_before)

    def test_another_address_is_another_customer(self):
        self.rule.chat_whisper = True
        chat = self.guest_chat_answering("bada@example.com")
        execution = self.send()
        self.assertEqual(execution.state, "skipped", execution.reason)
        self.assertFalse(chat.sale_status_whisper_ids)
