# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who may see and do what."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.modules import neutralize
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import AutomationCase


class TestSecurity(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, "ssa_portal_sec", groups="base.group_portal"
        )
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.rule = cls.make_rule(cls.stage_paid, "Thanks")
        cls.order.stage_id = cls.stage_paid
        cls.execution = cls.env["sale.status.execution"].search(
            [("order_id", "=", cls.order.id)]
        )

    def test_portal_and_public_users_see_nothing_of_the_automation(self):
        public = self.env.ref("base.public_user")
        for user in (self.portal, public):
            for records in (self.rule, self.execution, self.stage_paid):
                with self.assertRaises(AccessError, msg=f"{user.name} {records}"):
                    records.with_user(user).read(["display_name"])
            with self.assertRaises(AccessError):
                self.act_on(self.execution, "retry", user)

    def test_salesman_sees_the_log_of_his_orders_only(self):
        other = self.create_order()  # the salesperson of another order
        other.stage_id = self.stage_paid
        visible = self.env["sale.status.execution"].with_user(self.salesman).search([])
        self.assertIn(self.execution, visible)
        self.assertNotIn(self.executions(other), visible)

    def test_log_of_another_company_is_invisible(self):
        rule = self.make_rule(self.stage_paid, "Other shop")
        rule.company_id = self.other_company
        order = self.create_order(company_id=self.other_company.id)
        order.stage_id = self.stage_paid
        manager_log = self.env["sale.status.execution"].with_user(self.manager)
        self.assertFalse(manager_log.search([("order_id", "=", order.id)]))
        self.assertTrue(manager_log.search([("order_id", "=", self.order.id)]))

    def test_triggers_of_another_company_are_out_of_reach(self):
        own_stage = self.env["sale.order.stage"].create(
            {"name": "Accepted", "sequence": 25, "company_id": self.other_company.id}
        )
        theirs = self.env["sale.status.trigger"].create(
            {
                "event": "confirmed",
                "stage_id": own_stage.id,
                "company_id": self.other_company.id,
            }
        )
        shared = self.env.ref("sale_status_automation.trigger_confirmed")
        for user in (self.manager, self.salesman):
            visible = self.env["sale.status.trigger"].with_user(user).search([])
            self.assertIn(shared, visible)
            self.assertNotIn(theirs, visible)
            with self.assertRaises(AccessError):
                theirs.with_user(user).read(["event"])
        with self.assertRaises(AccessError):
            shared.with_user(self.salesman).allow_back = True
        with self.assertRaises(AccessError):
            shared.with_user(self.portal).read(["event"])
        # The other company's orders follow their own trigger, ours the shared one.
        order = self.create_order()
        other_order = self.create_order(company_id=self.other_company.id)
        (order + other_order).action_confirm()
        self.assertEqual(
            (order.stage_id, other_order.stage_id), (self.stage_confirmed, own_stage)
        )

    def test_twilio_credentials_stay_with_administrators(self):
        self.company.sudo().sms_twilio_auth_token = "secret-token"
        company = self.company.with_user(self.manager)
        with self.assertRaises(AccessError):
            company.read(["sms_twilio_auth_token"])
        self.assertNotIn("sms_twilio_auth_token", company.fields_get())
        settings_fields = (
            self.env["res.config.settings"].with_user(self.manager).fields_get()
        )
        self.assertNotIn("sms_twilio_auth_token", settings_fields)

    def test_neutralized_copy_reaches_no_customer(self):
        self.env["res.company"].search([]).write({"sale_status_sandbox": False})
        self.company.sudo().sms_twilio_auth_token = "secret-token"
        self.env.flush_all()
        installed = neutralize.get_installed_modules(self.env.cr)
        self.assertIn("sale_status_automation", installed)
        for query in neutralize.get_neutralization_queries(installed):
            self.env.cr.execute(query)
        self.env.invalidate_all()
        companies = self.env["res.company"].search([])
        self.assertEqual(
            companies.mapped("sale_status_sandbox"), [True] * len(companies)
        )
        self.assertEqual(self.company.sudo().sms_twilio_auth_token, "dummytoken")

    def test_only_template_editors_write_code_in_placeholders(self):
        rule = self.rule.with_user(self.manager)
        rule.sms_body = "Hello {{ object.partner_id.name }}, {{ object.stage_id.name }}"
        with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
            rule.sms_body = "{{ object.partner_id.email }}"
        with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
            rule.sms_body = "{{ object.env['res.users'].search([]).mapped('login') }}"
        editor = self.env.ref("mail.group_mail_template_editor")
        self.manager.group_ids += editor
        rule.sms_body = "{{ object.partner_id.email }}"
        self.assertEqual(rule.sms_body, "{{ object.partner_id.email }}")

    def test_only_template_editors_write_code_in_whatsapp_variables(self):
        self.env["sms.twilio.number"].create(
            {
                "company_id": self.company.id,
                "number": "+15005550008",
                "country_id": self.env.ref("base.us").id,
                "sale_status_whatsapp": True,
            }
        )
        rule = self.rule.with_user(self.manager)
        rule.write(
            {
                "channel": "whatsapp",
                "whatsapp_content_sid": "HX" + "0" * 32,
                "whatsapp_variable_ids": [
                    Command.create({"key": "1", "value": "{{ object.name }}"})
                ],
            }
        )
        variable = rule.whatsapp_variable_ids
        with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
            variable.value = "{{ object.env['res.users'].search([]).mapped('login') }}"
        with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
            rule.whatsapp_variable_ids = [
                Command.create({"key": "2", "value": "{{ object.partner_id.email }}"})
            ]
        self.manager.group_ids += self.env.ref("mail.group_mail_template_editor")
        variable.value = "{{ object.partner_id.email }}"
        self.assertEqual(variable.value, "{{ object.partner_id.email }}")

    def test_caller_number_must_be_the_company_own(self):
        usa = self.env.ref("base.us")
        theirs = self.env["sms.twilio.number"].create(
            {
                "company_id": self.other_company.id,
                "number": "+15005550007",
                "country_id": usa.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "not one of the Twilio numbers"):
            self.make_rule(
                self.stage_paid, "Call", channel="call", call_from_number_id=theirs.id
            )
        with self.assertRaisesRegex(ValidationError, "not one of the Twilio numbers"):
            self.company.sale_status_voice_number_id = theirs


@tagged("post_install", "-at_install")
class TestLogActionsOverHttp(AutomationCase, HttpCase):
    """The log's Cancel button, as each user's browser calls it."""

    def setUp(self):
        super().setUp()
        self.make_rule(self.stage_paid, "Thanks")
        self.order = self.create_order(user_id=self.salesman.id)
        self.order.stage_id = self.stage_paid
        (self.execution,) = self.executions(self.order)
        self.portal = new_test_user(
            self.env, "ssa_portal_http", groups="base.group_portal"
        )

    def call(self, method, args, context):
        model = "sale.status.execution.action"
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {"context": context},
            },
        )

    def cancel_as(self, login):
        """Open the dialog on the execution, then confirm it."""
        self.authenticate(login, login)
        context = {
            "active_model": "sale.status.execution",
            "active_ids": self.execution.ids,
        }
        created = self.call("create", [{"action": "cancel"}], context)
        wizard_ids = created if isinstance(created, list) else [created]
        return self.call("action_apply", [wizard_ids], context)

    def test_salesman_and_portal_user_cannot_cancel(self):
        for login in ("ssa_salesman", "ssa_portal_http"):
            with self.subTest(login=login):
                with self.assertRaises(JsonRpcException) as refused:
                    self.cancel_as(login)
                self.assertIn("AccessError", str(refused.exception))
        self.execution.invalidate_recordset()
        self.assertEqual(self.execution.state, "scheduled")

    def test_manager_cancels(self):
        self.cancel_as("ssa_manager")
        self.execution.invalidate_recordset()
        self.assertEqual(
            (self.execution.state, self.execution.reason),
            ("cancelled", f"Cancelled by {self.manager.name}."),
        )


@tagged("post_install", "-at_install")
class TestRobocallSettingsOverHttp(AutomationCase, HttpCase):
    """What a key does and which voice a language gets, as each user's
    browser writes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Call",
            channel="call",
            call_language="customer",
            call_question="Press 1.",
            call_key_ids=[Command.create({"key": "1", "action": "note"})],
        )
        cls.portal = new_test_user(
            cls.env, "ssa_portal_keys", groups="base.group_portal"
        )
        cls.theirs = cls.env["sale.status.call.language"].create(
            {
                "company_id": cls.other_company.id,
                "lang": "en_US",
                "voice_id": cls.env.ref(
                    "sale_status_automation.voice_polly_amy_en_gb"
                ).id,
            }
        )

    def call(self, login, model, method, args):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def test_only_managers_set_keys_and_voices(self):
        key = self.rule.call_key_ids
        voice = self.env.ref("sale_status_automation.voice_polly_joanna_neural_en_us")
        writes = [
            ("sale.status.call.key", "write", [key.ids, {"action": "salesperson"}]),
            (
                "sale.status.call.language",
                "create",
                [{"lang": "en_US", "voice_id": voice.id}],
            ),
        ]
        for login in ("ssa_salesman", "ssa_portal_keys"):
            for model, method, args in writes:
                with self.subTest(login=login, model=model):
                    with self.assertRaises(JsonRpcException) as refused:
                        self.call(login, model, method, args)
                    self.assertIn("AccessError", str(refused.exception))
        # The salesperson reads them (the rule form); the portal user cannot.
        self.assertEqual(
            self.call(
                "ssa_salesman", "sale.status.call.key", "read", [key.ids, ["key"]]
            ),
            [{"id": key.id, "key": "1"}],
        )
        for model, method, args in writes:
            self.call("ssa_manager", model, method, args)
        key.invalidate_recordset()
        self.assertEqual(key.action, "salesperson")
        self.assertEqual(
            self.env["sale.status.call.language"]
            .search([("company_id", "=", self.company.id)])
            .voice_id,
            voice,
        )

    def test_voices_per_language_of_another_company_are_out_of_reach(self):
        found = self.call(
            "ssa_manager", "sale.status.call.language", "search_read", [[], ["lang"]]
        )
        self.assertNotIn(self.theirs.id, [row["id"] for row in found])
        with self.assertRaises(JsonRpcException):
            self.call(
                "ssa_manager",
                "sale.status.call.language",
                "write",
                [self.theirs.ids, {"lang": "fr_FR"}],
            )
