# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A whisper never reaches the visitor of a live chat, whatever route the
visitor calls with its own browser session (a portal customer) or guest
cookie (an anonymous visitor); the staff get it.

The routes are those of mail, bus, im_livechat, portal and rating that a
visitor may call and that answer with messages or message counts (found by
a grep of ``@route`` in those addons; website_livechat adds none). Each check
posts a normal message, then a whisper, in the visitor's conversation: the
visitor must see the message (so the check can fail) and neither the
whisper's text nor anything of the whisper model; counters count the message
and not the whisper.
"""

import json
from uuid import uuid4

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import LiveChatCase

WHISPER_MODEL = "sale.status.whisper"


@tagged("post_install", "-at_install")
class TestWhisperRoutes(LiveChatCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_chat = cls.conversation(cls.customer)
        cls.guest_chat = cls.conversation(guest=cls.guest)
        cls.chat_of = {"portal": cls.portal_chat, "guest": cls.guest_chat}

    # ------------------------------------------------------------------
    # Sessions and what happens in the conversation
    # ------------------------------------------------------------------
    def log_in(self, who):
        """Make the next requests with ``who``'s own session."""
        self.opener.cookies.clear()
        if who == "guest":
            self.authenticate(None, None)
            self.opener.cookies[self.guest._cookie_name] = (
                self.guest._format_auth_cookie()
            )
        else:
            user = {"portal": self.portal, "operator": self.operator}[who]
            self.authenticate(user.login, f"{user.login}_pw")

    def rpc(self, route, **params):
        return self.make_jsonrpc_request(route, params)

    def post(self, chat, text):
        message = chat.with_user(self.operator).message_post(
            body=text, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.env.cr.precommit.run()  # the bus notifications, as at commit
        return message

    def visitor_post(self, chat, text):
        """Post as the logged-in visitor, through the chat window's route."""
        return self.rpc(
            "/mail/message/post",
            thread_model="discuss.channel",
            thread_id=chat.id,
            post_data={
                "body": text,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        )

    def whisper(self, chat, text):
        # What the live chat channel does for a rule in whisper mode.
        whisper = (
            self.env[WHISPER_MODEL]
            .sudo()
            .create(
                {
                    "channel_id": chat.id,
                    "author_id": self.operator.partner_id.id,
                    "body": text,
                }
            )
        )
        self.env.cr.precommit.run()
        return whisper

    @staticmethod
    def text(answer):
        return answer if isinstance(answer, str) else json.dumps(answer)

    def staff_data(self, chat):
        """What the operator's window loads for the conversation."""
        self.log_in("operator")
        return self.text(
            self.rpc("/mail/data", fetch_params=[["discuss.channel", [chat.id]]])
        )

    # ------------------------------------------------------------------
    # The two checks
    # ------------------------------------------------------------------
    def assert_whisper_hidden(self, fetch, visitors=("portal", "guest"), before=None):
        """``fetch(who, chat, message)`` calls a route as ``who`` and returns
        the answer; ``before(who, chat, message)`` sets up what the route
        needs once the message is posted (pin it, star it...)."""
        for who in visitors:
            with self.subTest(visitor=who):
                chat, mark = self.chat_of[who], uuid4().hex[:8]
                message = self.post(chat, f"Message {mark}")
                if before:
                    before(who, chat, message)
                self.whisper(chat, f"Whisper {mark}")
                self.log_in(who)
                seen = self.text(fetch(who, chat, message))
                self.assertIn(f"Message {mark}", seen)
                self.assertNotIn(f"Whisper {mark}", seen)
                self.assertNotIn(WHISPER_MODEL, seen)
                self.assertIn(f"Whisper {mark}", self.staff_data(chat))

    def assert_counter_ignores_whispers(self, counter, visitors=("portal", "guest")):
        """``counter(who, chat)`` reads a count as ``who`` through a route."""
        for who in visitors:
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                self.log_in(who)
                start = counter(who, chat)
                self.whisper(chat, "VIP, grant the discount")
                self.log_in(who)
                self.assertEqual(counter(who, chat), start)
                self.post(chat, "Your parcel left")
                self.log_in(who)
                self.assertEqual(counter(who, chat), start + 1)

    def own_member(self, data, who):
        persona = (
            ("guest_id", self.guest.id)
            if who == "guest"
            else ("partner_id", self.customer.id)
        )
        members = [
            member
            for member in data.get("discuss.channel.member", [])
            if member.get(persona[0]) == persona[1]
            and "message_unread_counter" in member
        ]
        self.assertEqual(len(members), 1, data.get("discuss.channel.member"))
        return members[0]

    # ------------------------------------------------------------------
    # /mail/data (and its CORS twin)
    # ------------------------------------------------------------------
    def test_mail_data_channels_as_member(self):
        """The conversation list: each conversation with its last message,
        picked with raw SQL by Odoo."""

        def fetch(who, chat, message):
            data = self.rpc("/mail/data", fetch_params=["channels_as_member"])
            last = [m for m in data["mail.message"] if m["id"] == message.id]
            self.assertTrue(last, "the message is the conversation's last one")
            return data

        self.assert_whisper_hidden(fetch)

    def test_mail_data_channel(self):
        def fetch(who, chat, message):
            return self.rpc("/mail/data", fetch_params=[["discuss.channel", [chat.id]]])

        # The channel data has no message; its members' counters tell the rest.
        for who in ("portal", "guest"):
            chat = self.chat_of[who]
            self.whisper(chat, "Whisper in channel data")
            self.log_in(who)
            self.assertNotIn(
                "Whisper in channel data", self.text(fetch(who, chat, None))
            )
            self.assertIn("Whisper in channel data", self.staff_data(chat))

    def test_mail_data_unread_counter(self):
        def counter(who, chat):
            data = self.rpc(
                "/mail/data",
                fetch_params=[["discuss.channel", [chat.id]], "channels_as_member"],
            )
            return self.own_member(data, who)["message_unread_counter"]

        self.assert_counter_ignores_whispers(counter)

    def test_mail_data_init_messaging_counters(self):
        def counter(who, chat):
            data = self.rpc("/mail/data", fetch_params=["init_messaging"])
            return data["Store"]["initChannelsUnreadCounter"]

        self.log_in("portal")
        self.rpc(
            "/discuss/channel/mark_as_read",
            channel_id=self.portal_chat.id,
            last_message_id=self.post(self.portal_chat, "Read").id,
        )
        self.assert_counter_ignores_whispers(counter, visitors=("portal",))

    def test_mail_data_other_fetch_params(self):
        """The fetch_params of /mail/data that carry no message body still
        carry channels, threads or counts."""
        for who in ("portal", "guest"):
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                self.whisper(chat, "Whisper for the other fetches")
                self.log_in(who)
                fetch_params = [
                    "init_messaging",
                    [
                        "mail.thread",
                        {
                            "thread_model": "discuss.channel",
                            "thread_id": chat.id,
                            "request_list": [],
                        },
                    ],
                    ["init_livechat", self.livechat.id],
                ]
                if who == "portal":
                    fetch_params.append("failures")
                data = self.rpc("/mail/data", fetch_params=fetch_params)
                self.assertIn(chat.id, [t["id"] for t in data["mail.thread"]])
                self.assertNotIn("Whisper for the other fetches", self.text(data))
                self.assertNotIn(WHISPER_MODEL, self.text(data))

    def test_other_channel_routes(self):
        """Attachments, sub-channels (with their last messages), the new
        message separator and editing one's own message."""
        for who in ("portal", "guest"):
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                self.log_in(who)
                own = self.visitor_post(chat, "Typo")["message_id"]
                self.whisper(chat, "Whisper among the other routes")
                self.log_in(who)
                answers = [
                    self.rpc("/discuss/channel/attachments", channel_id=chat.id),
                    self.rpc(
                        "/discuss/channel/sub_channel/fetch", parent_channel_id=chat.id
                    ),
                    self.rpc(
                        "/discuss/channel/set_new_message_separator",
                        channel_id=chat.id,
                        message_id=own,
                    ),
                    self.rpc(
                        "/mail/message/update_content",
                        message_id=own,
                        update_data={"body": "Fixed typo", "attachment_ids": []},
                    ),
                ]
                self.assertIn("Fixed typo", self.text(answers[-1]))
                self.assertNotIn("Whisper among the other routes", self.text(answers))
                self.assertNotIn(WHISPER_MODEL, self.text(answers))

    def test_cors_data(self):
        def fetch(who, chat, message):
            self.authenticate(None, None)
            self.opener.cookies.clear()
            return self.rpc(
                "/im_livechat/cors/data",
                guest_token=self.guest._format_auth_cookie(),
                fetch_params=["channels_as_member", ["discuss.channel", [chat.id]]],
            )

        self.assert_whisper_hidden(fetch, visitors=("guest",))

    # ------------------------------------------------------------------
    # History, search, pinned and starred messages
    # ------------------------------------------------------------------
    def test_channel_messages(self):
        def fetch(who, chat, message):
            return self.rpc(
                "/discuss/channel/messages", channel_id=chat.id, fetch_params={}
            )

        self.assert_whisper_hidden(fetch)

    def test_channel_messages_history_pages(self):
        for page in ("before", "after", "around"):
            with self.subTest(page=page):

                def fetch(who, chat, message, page=page):
                    anchor = message.id + 1 if page == "before" else message.id - 1
                    return self.rpc(
                        "/discuss/channel/messages",
                        channel_id=chat.id,
                        fetch_params={page: anchor, "limit": 30},
                    )

                self.assert_whisper_hidden(fetch)

    def test_channel_messages_search(self):
        def fetch(who, chat, message):
            words = self.text(message.body).split("Message ")[1][:8]
            found = self.rpc(
                "/discuss/channel/messages",
                channel_id=chat.id,
                fetch_params={"search_term": words},
            )
            self.assertEqual(found["count"], 1)
            return found

        self.assert_whisper_hidden(fetch)

    def test_cors_channel_messages(self):
        def fetch(who, chat, message):
            self.authenticate(None, None)
            self.opener.cookies.clear()
            return self.rpc(
                "/im_livechat/cors/channel/messages",
                guest_token=self.guest._format_auth_cookie(),
                channel_id=chat.id,
                fetch_params={},
            )

        self.assert_whisper_hidden(fetch, visitors=("guest",))

    def test_thread_messages(self):
        """auth="user": portal customers only (a guest has no user)."""

        def fetch(who, chat, message):
            return self.rpc(
                "/mail/thread/messages",
                thread_model="discuss.channel",
                thread_id=chat.id,
                fetch_params={},
            )

        self.assert_whisper_hidden(fetch, visitors=("portal",))

    def test_pinned_messages(self):
        def pin(who, chat, message):
            chat.with_user(self.operator).set_message_pin(message.id, pinned=True)

        def fetch(who, chat, message):
            return self.rpc("/discuss/channel/pinned_messages", channel_id=chat.id)

        self.assert_whisper_hidden(fetch, before=pin)

    def test_starred_messages(self):
        def star(who, chat, message):
            message.with_user(self.portal).toggle_message_starred()

        def fetch(who, chat, message):
            return self.rpc("/mail/starred/messages", fetch_params={})

        self.assert_whisper_hidden(fetch, visitors=("portal",), before=star)

    def test_inbox_and_history(self):
        for route in ("/mail/inbox/messages", "/mail/history/messages"):
            with self.subTest(route=route):
                self.log_in("portal")
                self.whisper(self.portal_chat, f"Whisper for {route}")
                answer = self.text(self.rpc(route, fetch_params={}))
                self.assertNotIn(f"Whisper for {route}", answer)
                self.assertNotIn(WHISPER_MODEL, answer)

    def test_mention_suggestions(self):
        """No route of its own: the ORM through /web/dataset/call_kw."""
        self.whisper(self.portal_chat, "Whisper about Ada")
        self.log_in("portal")
        answer = self.text(
            self.rpc(
                "/web/dataset/call_kw/res.partner/get_mention_suggestions_from_channel",
                model="res.partner",
                method="get_mention_suggestions_from_channel",
                args=[self.portal_chat.id, "Ada"],
                kwargs={},
            )
        )
        self.assertIn(self.customer.name, answer)
        self.assertNotIn("Whisper about Ada", answer)

    def test_channel_members_and_search(self):
        for route, params in (
            (
                "/discuss/channel/members",
                lambda chat: {"channel_id": chat.id, "known_member_ids": []},
            ),
            ("/discuss/search", lambda chat: {"term": "", "limit": 10}),
        ):
            for who in ("portal", "guest"):
                with self.subTest(route=route, visitor=who):
                    chat = self.chat_of[who]
                    self.whisper(chat, f"Whisper {route}")
                    self.log_in(who)
                    answer = self.text(self.rpc(route, **params(chat)))
                    self.assertNotIn(f"Whisper {route}", answer)
                    self.assertNotIn(WHISPER_MODEL, answer)

    def test_public_page_of_the_conversation(self):
        for who in ("portal", "guest"):
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                self.post(chat, "Hello visitor")
                self.whisper(chat, "Whisper on the page")
                self.log_in(who)
                page = self.url_open(f"/discuss/channel/{chat.id}")
                self.assertEqual(page.status_code, 200)
                self.assertIn('"message_unread_counter"', page.text)
                self.assertNotIn("Whisper on the page", page.text)
                self.assertNotIn(WHISPER_MODEL, page.text)

    # ------------------------------------------------------------------
    # Posting, reactions, link previews, read marks
    # ------------------------------------------------------------------
    def test_message_post_reaction_and_link_preview(self):
        """These answer with the visitor's own message, or the one reacted
        to, and push the rest on the bus (see test_bus)."""
        for who in ("portal", "guest"):
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                message = self.post(chat, "Anything else?")
                self.whisper(chat, "Whisper while they type")
                self.log_in(who)
                posted = self.visitor_post(chat, "No, thanks!")
                reacted = self.rpc(
                    "/mail/message/reaction",
                    message_id=message.id,
                    content="👍",
                    action="add",
                )
                preview = self.rpc(
                    "/mail/link_preview", message_id=posted["message_id"]
                )
                self.assertIn("No, thanks!", self.text(posted))
                self.assertIn(message.id, [m["id"] for m in reacted["mail.message"]])
                answer = self.text([posted, reacted, preview])
                self.assertNotIn("Whisper while they type", answer)
                self.assertNotIn(WHISPER_MODEL, answer)

    def test_mark_as_read(self):
        """Reading the last message reads the conversation: a later whisper
        leaves nothing unread, on the bus or in the counters."""
        for who in ("portal", "guest"):
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                message = self.post(chat, "Last message")
                self.whisper(chat, "Whisper after it")
                last = self.env["bus.bus"].sudo()._bus_last_id()
                self.log_in(who)
                self.rpc(
                    "/discuss/channel/mark_as_read",
                    channel_id=chat.id,
                    last_message_id=message.id,
                )
                self.env.cr.precommit.run()
                pushed = [
                    json.loads(n.message)
                    for n in self.env["bus.bus"].sudo().search([("id", ">", last)])
                ]
                counters = [
                    member["message_unread_counter"]
                    for n in pushed
                    for member in n.get("payload", {}).get("discuss.channel.member", [])
                    if "message_unread_counter" in member
                ]
                self.assertEqual(counters, [0])
                data = self.rpc(
                    "/mail/data", fetch_params=[["discuss.channel", [chat.id]]]
                )
                self.assertEqual(
                    self.own_member(data, who)["message_unread_counter"], 0
                )

    # ------------------------------------------------------------------
    # The bus
    # ------------------------------------------------------------------
    def bus_channels(self, who):
        if who == "guest":
            return [f"mail.guest_{self.guest._format_auth_cookie()}"]
        return []

    def peek(self, who, last, first=True):
        return self.rpc(
            "/websocket/peek_notifications",
            channels=self.bus_channels(who),
            last=last,
            is_first_poll=first,
        )

    def test_bus(self):
        for who in ("portal", "guest"):
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                last = self.env["bus.bus"].sudo()._bus_last_id()
                self.post(chat, "Live message")
                self.whisper(chat, "Live whisper")
                self.log_in(who)
                answer = self.peek(who, last)
                subscribed = [tuple(channel[1:]) for channel in answer["channels"]]
                self.assertIn(("discuss.channel", chat.id), subscribed)
                self.assertNotIn(
                    ("discuss.channel", chat.id, "internal_users"), subscribed
                )
                live = self.text(answer["notifications"])
                self.assertIn("Live message", live)
                self.assertNotIn("Live whisper", live)
                self.assertNotIn(WHISPER_MODEL, live)
                # The operator gets it live, inside the conversation's data.
                self.log_in("operator")
                staff = self.peek("operator", last)
                whispers = [
                    n
                    for n in staff["notifications"]
                    if "Live whisper" in self.text(n) and WHISPER_MODEL in self.text(n)
                ]
                self.assertEqual(len(whispers), 1, staff["notifications"])

    # ------------------------------------------------------------------
    # Live chat: session, history, feedback and rating, transcripts
    # ------------------------------------------------------------------
    def test_get_session_of_a_returning_visitor(self):
        self.env["mail.presence"]._update_presence(self.operator)
        self.whisper(self.portal_chat, "Whisper of the last visit")
        self.log_in("portal")
        answer = self.text(
            self.rpc("/im_livechat/get_session", channel_id=self.livechat.id)
        )
        self.assertIn('"discuss.channel"', answer)
        self.assertNotIn("Whisper of the last visit", answer)
        self.assertNotIn(WHISPER_MODEL, answer)

    def test_history_command(self):
        """/im_livechat/history pushes the visitor's pages to the operator
        through the bus: nothing of a whisper goes along."""
        for who in ("portal", "guest"):
            with self.subTest(visitor=who):
                chat = self.chat_of[who]
                self.whisper(chat, "Whisper and history")
                last = self.env["bus.bus"].sudo()._bus_last_id()
                self.log_in(who)
                self.rpc(
                    "/im_livechat/history",
                    pid=self.operator.partner_id.id,
                    channel_id=chat.id,
                    page_history=["/shop"],
                )
                self.env.cr.precommit.run()
                sent = self.env["bus.bus"].sudo().search([("id", ">", last)])
                self.assertIn("/shop", self.text(sent.mapped("message")))
                self.assertNotIn(
                    "Whisper and history", self.text(sent.mapped("message"))
                )

    def test_feedback_and_rating(self):
        def rate(who, chat, message):
            self.log_in(who)
            self.rpc(
                "/im_livechat/feedback", channel_id=chat.id, rate=5, reason="Quick"
            )

        def fetch(who, chat, message):
            rating = chat.sudo().rating_ids[:1]
            self.assertEqual(rating.rating, 5)
            page = self.url_open(f"/rate/{rating.access_token}/5").text
            history = self.rpc(
                "/discuss/channel/messages", channel_id=chat.id, fetch_params={}
            )
            self.assertIn("Quick", self.text(history))  # the rating's message
            return [page, history]

        self.assert_whisper_hidden(fetch, before=rate)

    def test_downloaded_transcript(self):
        def fetch(who, chat, message):
            # In test mode Odoo renders reports as HTML instead of PDF.
            answer = self.url_open(f"/im_livechat/download_transcript/{chat.id}")
            self.assertEqual(answer.status_code, 200)
            return answer.text

        self.assert_whisper_hidden(fetch)

    def test_downloaded_transcript_cors(self):
        def fetch(who, chat, message):
            self.authenticate(None, None)
            self.opener.cookies.clear()
            answer = self.url_open(
                f"/im_livechat/cors/download_transcript/{chat.id}"
                f"?guest_token={self.guest._format_auth_cookie()}"
            )
            self.assertEqual(answer.status_code, 200)
            return answer.text

        self.assert_whisper_hidden(fetch, visitors=("guest",))

    def test_emailed_transcript(self):
        """The staff send it to the customer (a visitor may not)."""

        def fetch(who, chat, message):
            with self.assertRaises(JsonRpcException, msg="NotFound for a visitor"):
                self.rpc(
                    "/im_livechat/email_livechat_transcript",
                    channel_id=chat.id,
                    email="ada@example.com",
                )
            self.log_in("operator")
            self.rpc(
                "/im_livechat/email_livechat_transcript",
                channel_id=chat.id,
                email="ada@example.com",
            )
            mail = (
                self.env["mail.mail"]
                .sudo()
                .search(
                    [("email_to", "=", "ada@example.com")], order="id desc", limit=1
                )
            )
            return mail.body_html

        self.assert_whisper_hidden(fetch, visitors=("portal",))

    # ------------------------------------------------------------------
    # The order's portal chatter
    # ------------------------------------------------------------------
    def test_portal_chatter_of_the_order(self):
        """A rule whispers about the order; the order's chatter keeps the
        log line, which the customer's portal chatter leaves out."""
        self.company.sale_status_sandbox = False
        rule = self.make_rule(
            self.stage_shipped,
            "Whisper to the operator",
            channel="chat",
            chat_whisper=True,
            chat_body="VIP, grant the discount on {{ object.name }}",
        )
        order = self.create_order()
        order._portal_ensure_token()
        order.message_post(
            body="Your order is confirmed",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        order.stage_id = self.stage_shipped
        execution = self.executions(order, rule_id=rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        whisper_text = f"VIP, grant the discount on {order.name}"
        self.assertIn(whisper_text, self.portal_chat.sale_status_whisper_ids.body)
        for who in ("portal", "anonymous"):
            with self.subTest(visitor=who):
                if who == "portal":
                    self.log_in("portal")
                    params = {}
                else:
                    self.authenticate(None, None)
                    params = {"token": order.access_token}
                answers = [
                    self.rpc(
                        "/mail/chatter_fetch",
                        thread_model="sale.order",
                        thread_id=order.id,
                        fetch_params={},
                        **params,
                    )
                ]
                if who == "portal":
                    answers.append(
                        self.rpc(
                            "/mail/thread/messages",
                            thread_model="sale.order",
                            thread_id=order.id,
                            fetch_params={},
                        )
                    )
                seen = self.text(answers)
                self.assertIn("Your order is confirmed", seen)
                self.assertNotIn(whisper_text, seen)
                self.assertNotIn("Whisper to the operator", seen)
