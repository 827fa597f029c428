# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer who chatted as a guest on the website, then logged in, is
reached in that conversation (website_livechat installed)."""

from odoo.tests import HttpCase, tagged

from ..common import LiveChatCase


@tagged("post_install", "-at_install")
class TestChatReachOfWebsiteGuests(LiveChatCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_status_sandbox = False
        cls.rule = cls.make_rule(
            cls.stage_paid,
            "Paid, in the chat",
            channel="chat",
            chat_body="{{ object.name }} is paid, thank you!",
        )

    def rpc(self, route, **params):
        return self.make_jsonrpc_request(route, params)

    def chat_as_a_guest_then_log_in(self):
        """The visitor's own browser: a live chat as a guest on the website,
        then the login, in the same session."""
        visitor = self.env["website.visitor"].create(
            {"access_token": "0123456789abcdef0123456789abcdef"}
        )
        # Which visitor a request comes from: as Odoo's own website_livechat
        # tests do, this browser's requests are this visitor's.
        self.patch(
            type(self.env["website.visitor"]),
            "_get_visitor_from_request",
            lambda model, **kwargs: visitor.sudo(),
        )
        self.env["mail.presence"]._update_presence(self.operator)
        self.rpc("/im_livechat/get_session", channel_id=self.livechat.id)
        conversation = self.env["discuss.channel"].search(
            [("livechat_channel_id", "=", self.livechat.id)], order="id desc", limit=1
        )
        self.assertEqual(conversation.livechat_visitor_id, visitor)
        self.assertTrue(conversation.livechat_customer_guest_ids)
        self.assertFalse(conversation.livechat_customer_partner_ids)
        self.rpc(
            "/web/session/authenticate",
            db=self.env.cr.dbname,
            login=self.portal.login,
            password="ssa_portal_pw",
        )
        self.env.invalidate_all()
        return conversation

    def test_guest_conversation_is_found_after_the_login(self):
        conversation = self.chat_as_a_guest_then_log_in()
        # The login linked the visitor, not the conversation's members.
        self.assertEqual(conversation.livechat_visitor_id.partner_id, self.customer)
        self.assertNotIn(self.customer, conversation.livechat_customer_partner_ids)
        order = self.create_order()
        order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(execution.provider_ref, f"discuss.channel,{conversation.id}")
        self.assertIn(
            f"{order.name} is paid, thank you!", conversation.message_ids[0].body
        )

    def test_a_whisper_there_stays_with_the_staff(self):
        conversation = self.chat_as_a_guest_then_log_in()
        self.rule.chat_whisper = True
        order = self.create_order()
        order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(conversation.sale_status_whisper_ids.execution_id, execution)
        news = "Your parcel leaves today"
        conversation.with_user(self.operator).message_post(
            body=news,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # The visitor's browser, logged out again, is the guest of the chat.
        self.url_open("/web/session/logout")
        answer = str(self.rpc("/discuss/channel/messages", channel_id=conversation.id))
        self.assertIn(news, answer)
        self.assertNotIn(order.name, answer)
        self.assertNotIn("sale.status.whisper", answer)
