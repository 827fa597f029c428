# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The sandbox tries every channel without a Twilio account; the buttons
that need one say what is missing and lead to the settings."""

from odoo.exceptions import RedirectWarning
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
CONTENT_SID = "HX" + "0123456789abcdef" * 2


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
