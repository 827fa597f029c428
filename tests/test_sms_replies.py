# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customers' SMS answers, posted by the fake Twilio to the inbound
webhook as Twilio does ("A message comes in", signed)."""

from ast import literal_eval

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..tools.twilio import inbound_media
from .common import AutomationCase
from .fake_twilio import FakeTwilioCase, MediaFile

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
INBOUND = "/sale_status_automation/twilio/sms"


@tagged("post_install", "-at_install")
class TestSmsReplies(FakeTwilioCase, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(TWILIO_NUMBER, sms_provider="twilio")
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.rule = cls.make_rule(
            cls.stage_paid, "Paid", sms_body="{{ object.name }} is paid."
        )

    def text_the_customer(self, order):
        """A rule texts the customer about ``order`` (through the fake)."""
        order.stage_id = self.stage_paid
        execution = self.executions(order, rule_id=self.rule.id)
        self.run_job(execution)
        self.assertEqual(
            (execution.state, execution.recipient), ("sent", CUSTOMER_E164)
        )

    def receive(self, body, from_=CUSTOMER_E164, **kwargs):
        self.env.flush_all()  # what the test wrote, for the request to see
        # Twilio's requests carry no test cookie: let them in.
        with self.allow_requests(all_requests=True):
            response, sid = self.fake_twilio.post_inbound_sms(
                self.base_url() + INBOUND, from_, TWILIO_NUMBER, body, **kwargs
            )
        self.env.invalidate_all()  # the request changed the records
        return response, sid

    def replies(self):
        return self.env["sale.status.reply"].search([])

    def test_a_reply_goes_on_the_order_that_texted_the_number(self):
        self.text_the_customer(self.order)
        self.create_order(user_id=self.salesman.id)  # newer, but not texted
        response, sid = self.receive("Can you deliver on Friday?")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/xml")
        self.assertTrue(response.text.endswith("<Response />"), response.text)
        reply = self.replies()
        self.assertEqual(
            (reply.order_id, reply.partner_id, reply.provider_ref, reply.body),
            (self.order, self.customer, sid, "Can you deliver on Friday?"),
        )
        message = reply.mail_message_id
        self.assertEqual((message.model, message.res_id), ("sale.order", self.order.id))
        # A comment: an "sms" message would be texted to the salesperson.
        self.assertEqual(
            (message.message_type, message.author_id), ("comment", self.customer)
        )
        self.assertIn("Can you deliver on Friday?", message.body)
        self.assertIn(self.salesman.partner_id, message.notification_ids.res_partner_id)
        # The SMS it answers counts as replied in the log's pivot.
        texted = self.executions(self.order, rule_id=self.rule.id)
        self.assertEqual(texted.reply_count, 1)
        # The order's Replies button.
        self.assertEqual(self.order.status_reply_count, 1)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale_status_automation.sale_status_reply_action_order"
        )
        domain = action["domain"].replace("active_id", str(self.order.id))
        self.assertEqual(
            self.env["sale.status.reply"].search(literal_eval(domain)), reply
        )

    def test_without_a_text_the_customer_latest_order(self):
        latest = self.create_order(user_id=self.salesman.id)
        self.receive("Hello?")
        self.assertEqual(self.replies().order_id, latest)
        self.assertIn("Hello?", latest.message_ids[0].body)

    def test_a_customer_without_order_gets_it_on_the_contact(self):
        contact = self.env["res.partner"].create(
            {"name": "Bea Buyer", "phone": "+32 470 55 66 77"}
        )
        self.receive("Do you sell gift cards?", from_="+32470556677")
        reply = self.replies()
        self.assertEqual(
            (reply.partner_id, reply.order_id), (contact, self.order.browse())
        )
        message = reply.mail_message_id
        self.assertEqual((message.model, message.res_id), ("res.partner", contact.id))

    def test_an_unknown_number_is_kept_not_lost(self):
        self.receive("Who is this?", from_="+15550001111")
        reply = self.replies()
        self.assertEqual(
            (reply.from_number, reply.body, reply.partner_id, reply.mail_message_id),
            (
                "+15550001111",
                "Who is this?",
                self.customer.browse(),
                self.env["mail.message"],
            ),
        )

    def test_a_webhook_twilio_retries_is_posted_once(self):
        _response, sid = self.receive("Yes please")
        messages = self.order.message_ids
        response, _sid = self.receive("Yes please", sid=sid)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.replies()), 1)
        self.assertEqual(self.order.message_ids, messages)

    @mute_logger("odoo.addons.sale_status_automation.controllers.twilio_sms")
    def test_unsigned_or_badly_signed_messages_are_refused(self):
        messages = self.order.message_ids
        for forged in (
            {"signed_for": self.base_url() + "/sale_status_automation/twilio/call/1"},
            {"token": "wrong-" + self.fake_twilio.auth_token},
            {"token": ""},
        ):
            response, _sid = self.receive("Refund me", **forged)
            self.assertEqual((response.status_code, response.text), (403, ""), forged)
        self.assertFalse(self.replies())
        self.assertEqual(self.order.message_ids, messages)

    @mute_logger("odoo.addons.sale_status_automation.controllers.twilio_sms")
    def test_another_twilio_account_is_refused(self):
        self.company.sms_twilio_account_sid = "AC" + "0" * 32
        response, _sid = self.receive("Hello")
        self.assertEqual((response.status_code, response.text), (403, ""))
        self.assertFalse(self.replies())

    def test_replies_are_read_as_the_orders_are(self):
        self.receive("Mine")
        other_order = self.create_order(user_id=self.manager.id)
        self.text_the_customer(other_order)
        self.receive("Theirs")
        own_only = new_test_user(
            self.env,
            "ssa_own_only",
            password="ssa_own_only_pw",
            groups="sales_team.group_sale_salesman",
        )
        self.order.user_id = own_only
        portal = new_test_user(
            self.env,
            "ssa_replier",
            password="ssa_replier_pw",
            groups="base.group_portal",
        )
        read = {
            "model": "sale.status.reply",
            "method": "search_read",
            "args": [[]],
            "kwargs": {"fields": ["body"]},
        }
        self.authenticate("ssa_own_only", "ssa_own_only_pw")
        bodies = [
            row["body"]
            for row in self.make_jsonrpc_request("/web/dataset/call_kw", read)
        ]
        self.assertEqual(bodies, ["Mine"])
        self.authenticate(portal.login, "ssa_replier_pw")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.make_jsonrpc_request("/web/dataset/call_kw", read)

    def test_the_settings_set_the_url_on_the_company_twilio_numbers(self):
        url = self.base_url() + INBOUND
        company_number = self.fake_twilio.own_number(
            TWILIO_NUMBER, sms_url="https://old.example.com/sms"
        )
        another_number = self.fake_twilio.own_number(
            "+15005550009", sms_url="https://elsewhere.example.com/sms"
        )
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.sale_status_sms_inbound_url, url)
        action = settings.action_sale_status_point_inbound_sms()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            (company_number["sms_url"], company_number["sms_method"]), (url, "POST")
        )
        self.assertEqual(another_number["sms_url"], "https://elsewhere.example.com/sms")
        self.assertTrue(
            all(
                request.authenticated
                for request in self.fake_twilio.api_requests("IncomingPhoneNumbers")
            )
        )

    def test_a_number_the_twilio_account_lacks_is_named(self):
        settings = self.env["res.config.settings"].create({})
        with self.assertRaisesRegex(UserError, r"no number \+15005550006"):
            settings.action_sale_status_point_inbound_sms()

    def test_twilio_refusing_says_why(self):
        self.fake_twilio.own_number(TWILIO_NUMBER)
        self.company.sms_twilio_auth_token = "wrong"
        settings = self.env["res.config.settings"].create({})
        with self.assertRaisesRegex(UserError, "Twilio refused: .*20003"):
            settings.action_sale_status_point_inbound_sms()

    def test_the_pictures_of_an_mms_come_as_attachments(self):
        self.text_the_customer(self.order)
        picture = MediaFile("image/jpeg", b"\xff\xd8\xff\xe0 a parcel at the door")
        self.receive("Is this mine?", media=[picture])
        message = self.replies().mail_message_id
        self.assertEqual(message.attachment_ids.raw, picture.data)
        self.assertEqual(message.attachment_ids.mimetype, "image/jpeg")
        (fetch,) = self.fake_twilio.api_requests("Media")
        self.assertTrue(fetch.authenticated, "with the account's credentials")

    def test_an_mms_from_an_unknown_number_keeps_its_pictures(self):
        picture = MediaFile("image/png", b"\x89PNG a picture")
        self.receive("", from_="+15550001111", media=[picture])
        reply = self.replies()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "sale.status.reply"), ("res_id", "=", reply.id)]
        )
        self.assertEqual(attachment.raw, picture.data)

    def test_media_elsewhere_than_twilio_is_not_fetched(self):
        params = {
            "MessageSid": "MM" + "1" * 32,
            "NumMedia": "2",
            "MediaUrl0": "http://169.254.169.254/latest/meta-data",
            "MediaUrl1": "https://api.twilio.com.evil.example/x.jpg",
        }
        files, missed = inbound_media(self.company, params)
        self.assertEqual(files, [])
        self.assertEqual(missed, [params["MediaUrl0"], params["MediaUrl1"]])
        self.assertFalse(self.fake_twilio.api_requests("Media"))

    def blacklisted(self, number=CUSTOMER_E164):
        return self.env["phone.blacklist"].search([("number", "=", number)])

    def test_stop_blacklists_and_the_next_rule_skips_the_customer(self):
        self.text_the_customer(self.order)
        self.receive("  stop ")
        reply = self.replies()
        self.assertEqual(reply.keyword, "opt_out")
        self.assertTrue(self.blacklisted())
        self.assertIn("stop", reply.mail_message_id.body)  # on the order too
        self.assertIn(reply.provider_ref, self.blacklisted().message_ids[0].body)
        # The next rule does not text the customer.
        later = self.make_rule(self.stage_shipped, "Shipped", sms_body="On its way")
        self.order.stage_id = self.stage_shipped
        execution = self.executions(self.order, rule_id=later.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped", execution.reason)
        self.assertIn("blacklist", execution.reason)

    def test_start_takes_the_number_off_the_blacklist(self):
        self.receive("STOP")
        self.receive("Start")
        self.assertEqual(self.replies().mapped("keyword"), ["opt_in", "opt_out"])
        self.assertFalse(self.blacklisted())

    def test_yes_subscribes_again_only_after_an_opt_out(self):
        self.receive("yes")
        self.assertFalse(self.replies().keyword, "an answer to a question")
        self.receive("STOPALL")
        self.receive("YES")
        self.assertEqual(self.replies()[0].keyword, "opt_in")
        self.assertFalse(self.blacklisted())

    def test_help_is_answered_with_the_company_help_text(self):
        self.company.sale_status_sms_help_text = "Ada Shop: reply STOP to stop."
        response, _sid = self.receive("Help")
        self.assertIn("<Message>Ada Shop: reply STOP to stop.</Message>", response.text)
        self.assertEqual(self.replies().keyword, "help")
        self.assertFalse(self.blacklisted())

    def test_the_company_words_count_in_every_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.company.sale_status_sms_opt_out_words = "Halt, pause texts"
        self.company.with_context(lang="fr_FR").sale_status_sms_opt_out_words = "ARRET"
        channel = self.env["sale.status.channel.sms"]
        for text in ("arret", "HALT", "Pause  Texts", "STOP"):
            self.assertEqual(
                channel._keyword(self.company, text, CUSTOMER_E164), "opt_out", text
            )
        self.assertFalse(channel._keyword(self.company, "pause", CUSTOMER_E164))

    def test_twilio_refusing_an_unsubscribed_number_blacklists_and_skips(self):
        self.fake_twilio.fail_number(
            CUSTOMER_E164, 21610, message="Attempt to send to unsubscribed recipient"
        )
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)
        job = self.run_job(execution)
        self.assertEqual(job.state, "done", "not retried")
        self.assertEqual(execution.state, "skipped")
        self.assertIn(
            "The customer unsubscribed (Twilio error 21610)", execution.reason
        )
        self.assertTrue(self.blacklisted())
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)

    def test_a_reply_trigger_moves_the_order_it_went_to(self):
        confirmed = self.env["sale.order.stage"].create(
            {"name": "Delivery confirmed", "sequence": 55}
        )
        to_call = self.env["sale.order.stage"].create(
            {"name": "To call", "sequence": 45}
        )
        triggers = self.env["sale.status.trigger"]
        triggers.create(
            {
                "event": "customer_replied",
                "reply_keywords": "Yes, OK",
                "stage_id": confirmed.id,
            }
        )
        triggers.create({"event": "customer_replied", "stage_id": to_call.id})
        self.text_the_customer(self.order)  # in Paid
        self.receive("Maybe later")
        self.assertEqual(self.order.stage_id, to_call)
        self.receive(" yes ")
        self.assertEqual(self.order.stage_id, confirmed)
        # Forward only: a later answer does not take it back.
        self.receive("no")
        self.assertEqual(self.order.stage_id, confirmed)

    def test_a_keyword_is_no_reply_to_act_on(self):
        moved_to = self.env["sale.order.stage"].create(
            {"name": "Replied", "sequence": 55}
        )
        self.env["sale.status.trigger"].create(
            {"event": "customer_replied", "stage_id": moved_to.id}
        )
        self.text_the_customer(self.order)
        self.receive("STOP")
        self.assertEqual(self.order.stage_id, self.stage_paid)

    def test_an_answer_after_the_contact_changed_number_is_still_theirs(self):
        self.text_the_customer(self.order)
        self.customer.phone = "+32 470 00 00 01"
        self.receive("Got it")
        reply = self.replies()
        self.assertEqual(
            (reply.order_id, reply.partner_id), (self.order, self.customer)
        )
        self.assertEqual(reply.mail_message_id.author_id, self.customer)
