# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a shop owner meets in the first hour (issue 26): messaging.

The customers' replies reach the staff in Odoo, never on their phones;
WhatsApp's "unsubscribed" skips; the sandbox tries every channel without a
Twilio account, and the buttons that need one say what is missing; the SMS
counter of the rule form; the webhook address Twilio cannot reach; labels."""

from odoo import fields
from odoo.exceptions import RedirectWarning, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..channels.sms.sale_status_channel_sms import sms_parts
from ..tools.twilio import unreachable_url_reason
from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
SALESMAN_PHONE = "+32 470 99 88 77"
CONTENT_SID = "HX" + "0123456789abcdef" * 2
INBOUND = "/sale_status_automation/twilio/sms"
REPLY = "Can you deliver on Friday?"


class RepliesCase(FakeTwilioCase, AutomationCase, HttpCase):
    """The company on the fake Twilio, texting by Twilio, with a WhatsApp
    sender; an order of the salesperson (notified in Odoo's inbox, with a
    mobile phone), followed by the manager (notified by email)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = cls.connect_company_to_the_fake(
            TWILIO_NUMBER, sms_provider="twilio"
        )
        cls.sender.sale_status_whatsapp = True
        cls.salesman.write({"notification_type": "inbox", "phone": SALESMAN_PHONE})
        cls.manager.write({"notification_type": "email", "phone": "+32 470 11 22 33"})
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.order.message_subscribe(cls.manager.partner_id.ids)
        cls.rule = cls.make_rule(
            cls.stage_paid, "Paid", sms_body="{{ object.name }} is paid."
        )

    def text_the_customer(self):
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)

    def receive(self, body, whatsapp=False):
        prefix = "whatsapp:" if whatsapp else ""
        self.env.flush_all()
        with self.allow_requests(all_requests=True):
            response, _sid = self.fake_twilio.post_inbound_sms(
                self.base_url() + INBOUND,
                prefix + CUSTOMER_E164,
                prefix + TWILIO_NUMBER,
                body,
            )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return self.env["sale.status.reply"].search([], limit=1)

    def messages_to_twilio(self):
        """What reached Twilio's Messages API, once the SMS queue ran too."""
        self.env["sms.sms"].sudo()._process_queue()
        return [
            request
            for request in self.fake_twilio.api_requests("Messages")
            if request.method == "POST"
        ]


@tagged("post_install", "-at_install")
class TestRepliesReachNoPhone(RepliesCase):
    def assert_notified_in_odoo(self, message):
        """The salesperson in their inbox, the follower by email, as they
        chose; nobody by SMS."""
        types = {
            n.res_partner_id: n.notification_type for n in message.notification_ids
        }
        self.assertEqual(types.get(self.salesman.partner_id), "inbox")
        self.assertEqual(types.get(self.manager.partner_id), "email")
        self.assertNotIn("sms", types.values())
        self.assertFalse(
            self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])
        )

    def test_an_sms_reply_is_not_texted_to_the_salesperson(self):
        self.text_the_customer()
        self.assertEqual(len(self.messages_to_twilio()), 1)
        for text in (REPLY, "START"):
            reply = self.receive(text)
            self.assertEqual(reply.body, text)
            message = reply.mail_message_id
            self.assertEqual(message.res_id, self.order.id)
            self.assertEqual(message.author_id, self.customer)
            self.assertIn(text, message.body)
            self.assert_notified_in_odoo(message)
        # Only the rule's SMS to the customer ever reached Twilio.
        (request,) = self.messages_to_twilio()
        self.assertEqual(request.form["To"], CUSTOMER_E164)
        # The manager's email says what the customer wrote, as sent.
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "=", reply.mail_message_id.id)])
        )
        self.assertIn(self.manager.partner_id, mails.recipient_ids)
        self.assertIn("START", mails.body_html)

    def test_a_whatsapp_reply_is_not_texted_to_the_salesperson(self):
        reply = self.receive(REPLY, whatsapp=True)
        self.assertEqual((reply.channel, reply.order_id), ("whatsapp", self.order))
        self.assert_notified_in_odoo(reply.mail_message_id)
        self.assertFalse(self.messages_to_twilio())

    def test_the_salesperson_reads_it_in_odoo(self):
        self.receive(REPLY)
        self.start_tour(
            "/odoo/action-mail.action_discuss",
            "sale_status_automation_first_hour_reply_tour",
            login=self.salesman.login,
        )


@tagged("post_install", "-at_install")
class TestWhatsappUnsubscribed(RepliesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.whatsapp_rule = cls.make_rule(
            cls.stage_shipped,
            "Shipped on WhatsApp",
            channel="whatsapp",
            whatsapp_content_sid=CONTENT_SID,
            whatsapp_variable_ids=[
                fields.Command.create({"key": "1", "value": "{{ object.name }}"})
            ],
        )

    def send_whatsapp(self, order=None):
        order = order or self.order
        order.stage_id = self.stage_shipped
        execution = self.executions(order, rule_id=self.whatsapp_rule.id)
        job = self.run_job(execution)
        return execution, job

    def blacklisted(self):
        return self.env["phone.blacklist"].search([("number", "=", CUSTOMER_E164)])

    def assert_skipped_and_blacklisted(self, execution):
        self.assertEqual(execution.state, "skipped", execution.reason)
        self.assertEqual(
            execution.reason,
            "The customer unsubscribed (Twilio error 21610): their number is on "
            "the phone blacklist now.",
        )
        self.assertTrue(self.blacklisted().active)

    def test_twilio_refusing_21610_skips_and_blacklists(self):
        self.fake_twilio.fail_number(
            f"whatsapp:{CUSTOMER_E164}",
            21610,
            message="Attempt to send to unsubscribed recipient",
        )
        execution, job = self.send_whatsapp()
        self.assertEqual(job.state, "done", "not retried")
        self.assert_skipped_and_blacklisted(execution)
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 1)
        # The next message to the number, WhatsApp or SMS, does not leave.
        self.fake_twilio.reset()
        later, _job = self.send_whatsapp(self.create_order())
        self.assertEqual(later.state, "skipped")
        self.order.stage_id = self.stage_paid
        sms = self.executions(self.order, rule_id=self.rule.id)[-1]
        self.run_job(sms)
        self.assertEqual(sms.state, "skipped")
        self.assertFalse(self.fake_twilio.api_requests("Messages"))

    def test_a_report_of_21610_skips_and_blacklists(self):
        execution, _job = self.send_whatsapp()
        self.assertEqual(execution.state, "sent")
        request = self.fake_twilio.api_requests("Messages")[-1]
        with self.allow_requests(all_requests=True):
            response = self.fake_twilio.post_status_callback(
                request, "undelivered", ErrorCode="21610"
            )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assert_skipped_and_blacklisted(execution)

    def test_the_log_shows_it_skipped_with_the_reason(self):
        self.fake_twilio.fail_number(f"whatsapp:{CUSTOMER_E164}", 21610)
        execution, _job = self.send_whatsapp()
        self.start_tour(
            f"/odoo/action-sale_status_automation.sale_status_execution_action/"
            f"{execution.id}",
            "sale_status_automation_first_hour_whatsapp_unsubscribed_tour",
            login=self.manager.login,
        )


@tagged("post_install", "-at_install")
class TestSandboxWithoutTwilio(FakeTwilioCase, AutomationCase, HttpCase):
    """A new shop in the sandbox: "Send via Twilio" chosen, no account yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sudo().write(
            {
                "sms_provider": "twilio",
                "sms_twilio_account_sid": False,
                "sms_twilio_auth_token": False,
            }
        )
        cls.company.sms_twilio_number_ids.unlink()
        cls.admin = new_test_user(
            cls.env,
            "ssa_shop_owner",
            groups="base.group_system,sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def run_rule(self, **values):
        rule = self.make_rule(self.stage_paid, "Try it", **values)
        order = self.create_order()
        order.stage_id = self.stage_paid
        execution = self.executions(order, rule_id=rule.id)
        self.run_job(execution)
        return execution

    def test_every_channel_is_tried_without_an_account(self):
        for values in (
            {"channel": "sms", "sms_provider": "twilio"},
            {"channel": "sms", "sms_provider": "default"},
            {"channel": "call"},
            {
                "channel": "whatsapp",
                "whatsapp_content_sid": CONTENT_SID,
                "whatsapp_body": "{{ object.name }}",
            },
        ):
            execution = self.run_rule(**values)
            self.assertEqual(
                (execution.state, execution.sandbox, execution.recipient),
                ("sent", True, CUSTOMER_E164),
                (values, execution.reason),
            )
        self.assertFalse(self.fake_twilio.api_requests())

    def test_out_of_the_sandbox_the_missing_account_fails_the_sms(self):
        self.company.sale_status_sandbox = False
        execution = self.run_rule(channel="sms", sms_provider="twilio")
        self.assertEqual(execution.state, "failed")
        self.assertIn("Invalid Twilio Account SID", execution.reason)

    def assert_redirects_to_settings(self, caught, *missing):
        message, action, button, _context = caught.exception.args
        for what in missing:
            self.assertIn(what, message)
        # The account's button shows once Twilio is the SMS provider.
        steps = (
            "Send SMS ▸ Configure Twilio Account"
            if self.company.sms_provider == "twilio"
            else 'Send SMS ▸ choose "Send via Twilio", then Configure Twilio Account'
        )
        self.assertIn(steps, message)
        self.assertEqual(
            action, self.env.ref("base_setup.action_general_configuration").id
        )
        self.assertEqual(button, "Go to the Settings")

    def test_the_test_call_says_what_is_missing(self):
        wizard = (
            self.env["sale.status.voice.test"]
            .with_user(self.admin)
            .create({"number": "+32 470 12 34 56"})
        )
        with self.assertRaises(RedirectWarning) as caught:
            wizard.action_call()
        self.assert_redirects_to_settings(
            caught, "the Account SID", "the Auth Token", "the phone numbers"
        )
        self.assertFalse(self.fake_twilio.api_requests())

    def test_setting_the_webhook_says_what_is_missing(self):
        self.company.sudo().sms_twilio_account_sid = self.fake_twilio.account_sid
        self.company.sudo().sms_provider = "iap"
        settings = self.env["res.config.settings"].with_user(self.admin).create({})
        with self.assertRaises(RedirectWarning) as caught:
            settings.action_sale_status_point_inbound_sms()
        message = caught.exception.args[0]
        self.assertNotIn("Account SID", message)
        self.assert_redirects_to_settings(caught, "the Auth Token", "the phone numbers")
        self.assertFalse(self.fake_twilio.api_requests())

    def test_with_the_account_the_test_call_rings(self):
        self.connect_company_to_the_fake(TWILIO_NUMBER)
        wizard = (
            self.env["sale.status.voice.test"]
            .with_user(self.admin)
            .create({"number": "+32 470 12 34 56"})
        )
        wizard.action_call()
        self.assertTrue(wizard.call_sid)
        self.assertEqual(len(self.fake_twilio.api_requests("Calls")), 1)

    @mute_logger("odoo.http")  # Odoo logs every RedirectWarning as an error
    def test_the_shop_owner_is_sent_to_the_settings(self):
        self.start_tour(
            "/odoo/action-sale.action_sale_config_settings",
            "sale_status_automation_first_hour_twilio_settings_tour",
            login=self.admin.login,
        )


@tagged("post_install", "-at_install")
class TestSmsCounter(AutomationCase, HttpCase):
    def test_parts_as_carriers_count_them(self):
        self.assertEqual(sms_parts("Ada, your order S00012 is paid."), (31, 1, "GSM-7"))
        self.assertEqual(sms_parts("a" * 160), (160, 1, "GSM-7"))
        self.assertEqual(sms_parts("a" * 161), (161, 2, "GSM-7"))
        self.assertEqual(sms_parts("{€}"), (6, 1, "GSM-7"))
        self.assertEqual(sms_parts("Merci ✓"), (7, 1, "Unicode"))
        self.assertEqual(sms_parts("😀" * 36), (72, 2, "Unicode"))

    def test_the_form_counts_the_rendered_text_with_the_company_limit(self):
        order = self.create_order()
        rule = self.make_rule(
            self.stage_paid,
            "Paid",
            sms_body="{{ object.partner_id.name }}, your order {{ object.name }} "
            "is now {{ object.stage_id.name }}.",
        )
        text = f"Ada Customer, your order {order.name} is now {order.stage_id.name}."
        self.assertEqual(
            rule.sms_length,
            f"{len(text)}/200 characters on {order.name}: 1 SMS (GSM-7)",
        )
        self.assertFalse(rule.sms_warning)
        self.company.sale_status_sms_max_length = 30
        rule.invalidate_recordset()
        self.assertTrue(rule.sms_length.startswith(f"{len(text)}/30 characters"))
        self.assertIn(f"{len(text)} characters, more than the 30", rule.sms_warning)

    def test_a_new_shop_counts_on_an_order_in_memory(self):
        new_shop = self.env["res.company"].create({"name": "New Shop"})
        self.env.user.company_ids += new_shop
        rule = (
            self.env["sale.status.rule"]
            .with_company(new_shop)
            .create(
                {
                    "name": "Paid",
                    "company_id": new_shop.id,
                    "stage_id": self.stage_paid.id,
                    "channel": "sms",
                    "sms_body": "{{ object.company_id.name }}: {{ object.name }}.",
                }
            )
        )
        self.assertFalse(rule._sample_order())
        self.assertEqual(
            rule.sms_length, "23/200 characters on Sample order: 1 SMS (GSM-7)"
        )

    def test_rendered_as_the_user_with_their_rights(self):
        order = self.create_order(user_id=self.manager.id)
        rule = self.make_rule(
            self.stage_paid, "Paid", sms_body="{{ object.name }} is paid."
        )
        self.assertIn(order.name, rule.with_user(self.manager).sms_length)
        # A placeholder running code, which only template editors may write,
        # is not run for someone else: no count rather than its output.
        rule.sms_body = "{{ object.name }} {{ object.sudo().env.user.login }}"
        self.assertFalse(rule.with_user(self.manager).sms_length)

    def test_the_shop_owner_sees_the_count_in_the_form(self):
        self.create_order()
        rule = self.make_rule(
            self.stage_paid,
            "Paid",
            sms_body="{{ object.partner_id.name }}, your order {{ object.name }} "
            "is now {{ object.stage_id.name }}.",
        )
        self.start_tour(
            f"/odoo/action-sale_status_automation.sale_status_rule_action/{rule.id}",
            "sale_status_automation_first_hour_sms_counter_tour",
            login=self.manager.login,
        )

    def test_the_form_shows_the_count_under_the_text(self):
        arch = self.env["sale.status.rule"].get_view(view_type="form")["arch"]
        self.assertIn('name="sms_length"', arch)
        self.assertNotIn("sms_widget", arch)


@tagged("post_install", "-at_install")
class TestTwilioCanReachTheWebhook(AutomationCase):
    def warning(self, base_url):
        self.env["ir.config_parameter"].set_param("web.base.url", base_url)
        return self.env["res.config.settings"].create({}).sale_status_webhook_warning

    def test_local_and_plain_http_addresses_are_told(self):
        for url in (
            "http://127.0.0.1:8069",
            "http://localhost:8069",
            "https://192.168.1.20",
            "https://10.0.0.5:8443",
            "http://odoo:8069",
            "https://shop.local",
            "http://[::1]:8069",
        ):
            self.assertIn("Twilio cannot reach", self.warning(url), url)
        self.assertIn("plain http", self.warning("http://shop.example.com"))
        self.assertFalse(self.warning("https://shop.example.com"))

    def test_the_reason_names_the_host(self):
        self.assertIn(
            "127.0.0.1",
            unreachable_url_reason(self.env, "http://127.0.0.1:8069/x"),
        )


@tagged("post_install", "-at_install")
class TestLabels(AutomationCase):
    def test_a_language_named_by_its_code_is_not_said_twice(self):
        labels = dict(self.env["sale.status.voice"]._selection_languages())
        self.assertEqual(labels["ar-XA"], "Arabic (ar-XA)")
        self.assertEqual(labels["fr-FR"], "French (France) (fr-FR)")
        for code, label in labels.items():
            self.assertEqual(label.count(code), 1, label)

    def test_the_settings_say_what_the_fields_are_for(self):
        company_fields = self.env["res.company"]._fields
        self.assertEqual(
            company_fields["sale_status_email_from"].string, "Automation Email Sender"
        )
        self.assertEqual(
            company_fields["sale_status_sms_per_second"].string,
            "Sending Rate per Twilio Number",
        )

    def test_sending_hours_are_the_company_own_or_shared(self):
        other = self.env["resource.calendar"].create(
            {"name": "Standard 40 hours/week", "company_id": self.other_company.id}
        )
        shared = self.env["resource.calendar"].create(
            {"name": "Shop hours", "company_id": False}
        )
        own = self.env["resource.calendar"].create(
            {"name": "Standard 40 hours/week", "company_id": self.company.id}
        )
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn("[('company_id', 'in', [company_id, False])]", arch)
        with self.assertRaisesRegex(ValidationError, "are those of Other Shop"):
            self.company.sale_status_calendar_id = other
        self.company.sale_status_calendar_id = shared
        self.company.sale_status_calendar_id = own
