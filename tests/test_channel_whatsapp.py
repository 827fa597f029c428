# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""WhatsApp rules through Twilio's Messages API, against the fake Twilio
server: templates by Content SID with their variables, free text inside the
24-hour window, Twilio's errors and its signed reports."""

import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

CUSTOMER_E164 = "+32470123456"
TWILIO_NUMBER = "+15005550006"
CONTENT_SID = "HX" + "0123456789abcdef" * 2
INBOUND = "/sale_status_automation/twilio/sms"


@tagged("post_install", "-at_install")
class TestChannelWhatsapp(FakeTwilioCase, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = cls.connect_company_to_the_fake(TWILIO_NUMBER)
        cls.sender.sale_status_whatsapp = True
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Shipped on WhatsApp",
            channel="whatsapp",
            whatsapp_content_sid=CONTENT_SID,
            whatsapp_variable_ids=[
                fields.Command.create(
                    {"key": "1", "value": "{{ object.partner_id.name }}"}
                ),
                fields.Command.create({"key": "2", "value": "{{ object.name }}"}),
            ],
        )

    def send(self, order=None):
        order = order or self.order
        order.stage_id = self.stage_shipped
        execution = self.executions(order, rule_id=self.rule.id)[-1]
        job = self.run_job(execution)
        return execution, job

    def customer_wrote(self, hours_ago):
        self.env["sale.status.reply"].create(
            {
                "company_id": self.company.id,
                "channel": "whatsapp",
                "provider_ref": f"SM{hours_ago:032d}",
                "from_number": CUSTOMER_E164,
                "to_number": TWILIO_NUMBER,
                "body": "Hello",
                "received_at": fields.Datetime.now() - timedelta(hours=hours_ago),
            }
        )

    def report(self, status, signature=None, **params):
        """Twilio reports on the last message, to the addon's controller."""
        request = self.fake_twilio.api_requests("Messages")[-1]
        with self.allow_requests(all_requests=True):
            response = self.fake_twilio.post_status_callback(
                request, status, signature=signature, **params
            )
        self.env.invalidate_all()
        return response

    def test_a_template_with_its_variables_rendered_for_the_order(self):
        execution, job = self.send()
        self.assertEqual(job.state, "done")
        self.assertEqual(execution.state, "sent", execution.reason)
        (request,) = self.fake_twilio.api_requests("Messages")
        self.assertEqual(request.form["To"], f"whatsapp:{CUSTOMER_E164}")
        self.assertEqual(request.form["From"], f"whatsapp:{TWILIO_NUMBER}")
        self.assertEqual(request.form["ContentSid"], CONTENT_SID)
        self.assertEqual(
            json.loads(request.form["ContentVariables"]),
            {"1": "Ada Customer", "2": self.order.name},
        )
        self.assertNotIn("Body", request.form)
        self.assertEqual(execution.provider_ref, request.sid)
        # The log reads as the customer's message does, not as JSON.
        self.assertEqual(
            execution.content,
            f"WhatsApp template {CONTENT_SID}\n{{{{1}}}} = Ada Customer\n"
            f"{{{{2}}}} = {self.order.name}",
        )
        self.assertTrue(
            request.form["StatusCallback"].endswith(
                f"/sale_status_automation/twilio/whatsapp/{execution.id}"
            )
        )

    def test_the_rule_form_previews_the_variables_on_an_order(self):
        latest = self.env["sale.order"].search(
            [("company_id", "=", self.company.id)], order="id desc", limit=1
        )
        self.assertEqual(
            self.rule.whatsapp_preview,
            f"On {latest.name}:\n1: {latest.partner_id.name}\n2: {latest.name}",
        )

    def test_a_test_send_is_sent_delivered_and_read(self):
        test = self.env["sale.status.rule.test"].create(
            {
                "rule_id": self.rule.id,
                "order_id": self.order.id,
                "destination": "+32 470 99 88 77",
            }
        )
        test.action_send()
        self.assertEqual(test.state, "sent", test.reason)
        (request,) = self.fake_twilio.api_requests("Messages")
        self.assertEqual(request.form["To"], "whatsapp:+32470998877")
        self.report("delivered")
        self.report("read")
        execution = test.execution_id
        self.assertEqual(execution.state, "delivered")
        self.assertTrue(execution.read_at)

    def test_free_text_inside_the_window_and_the_template_outside(self):
        self.rule.whatsapp_body = "{{ object.name }} left our warehouse."
        self.customer_wrote(hours_ago=25)
        self.send()
        self.assertEqual(
            self.fake_twilio.api_requests("Messages")[-1].form["ContentSid"],
            CONTENT_SID,
        )
        self.customer_wrote(hours_ago=2)
        second = self.create_order()
        execution, _job = self.send(second)
        request = self.fake_twilio.api_requests("Messages")[-1]
        self.assertEqual(request.form["Body"], f"{second.name} left our warehouse.")
        self.assertNotIn("ContentSid", request.form)
        self.assertEqual(execution.content, f"{second.name} left our warehouse.")

    def test_outside_the_window_without_a_template_it_is_skipped(self):
        self.rule.write(
            {
                "whatsapp_body": "{{ object.name }} left our warehouse.",
                "whatsapp_content_sid": False,
            }
        )
        execution, _job = self.send()
        self.assertEqual(execution.state, "skipped")
        self.assertEqual(
            execution.reason,
            f"{CUSTOMER_E164} has not written to {TWILIO_NUMBER} in the last 24 "
            "hours: WhatsApp only lets a template through, and the rule has none.",
        )
        self.assertFalse(self.fake_twilio.api_requests("Messages"))

    def test_not_on_whatsapp_fails_and_the_rate_limit_is_retried(self):
        self.fake_twilio.fail_number(f"whatsapp:{CUSTOMER_E164}", 63003)
        execution, _job = self.send()
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason, "The number is not on WhatsApp (Twilio error 63003)."
        )
        self.fake_twilio.reset()
        self.fake_twilio.fail_next(63018, status=429)
        execution, job = self.send(self.create_order())
        self.assertEqual((execution.state, job.state), ("scheduled", "pending"))
        self.assertEqual(
            execution.reason,
            "WhatsApp's rate limit for the sender (Twilio error 63018).",
        )
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)

    def test_reports_deliver_then_read_and_never_go_back(self):
        execution, _job = self.send()
        self.assertEqual(self.report("sent").status_code, 200)
        self.assertEqual(execution.state, "sent")
        self.report("delivered")
        self.assertEqual(execution.state, "delivered")
        self.assertFalse(execution.read_at)
        self.report("read")
        self.assertEqual(execution.state, "delivered")
        self.assertTrue(execution.read_at)
        self.report("sent")  # late
        self.report("failed", ErrorCode="30008")  # late and wrong
        self.assertEqual(execution.state, "delivered")

    def test_failure_reports_read_twilio_error_codes(self):
        execution, _job = self.send()
        self.report("undelivered", ErrorCode="63016")
        self.assertEqual(execution.state, "failed")
        self.assertEqual(
            execution.reason,
            "Outside WhatsApp's 24-hour window: only an approved template reaches "
            "the customer (Twilio error 63016).",
        )
        execution, _job = self.send(self.create_order())
        self.report("failed", ErrorCode="63018")
        self.assertEqual(execution.state, "scheduled")
        self.assertTrue(execution.reason.startswith("WhatsApp's rate limit"))

    def test_a_report_without_a_valid_signature_changes_nothing(self):
        execution, _job = self.send()
        response = self.report("delivered", signature="forged")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.text, "")
        self.assertEqual(execution.state, "sent")

    def test_in_the_sandbox_nothing_leaves(self):
        self.company.sale_status_sandbox = True
        execution, _job = self.send()
        self.assertEqual(execution.state, "sent")
        self.assertTrue(execution.sandbox)
        self.assertFalse(self.fake_twilio.api_requests("Messages"))

    def receive(self, body):
        """The customer writes to the sender on WhatsApp; Twilio posts it to
        the incoming SMS webhook."""
        self.env.flush_all()
        with self.allow_requests(all_requests=True):
            response, _sid = self.fake_twilio.post_inbound_sms(
                self.base_url() + INBOUND,
                f"whatsapp:{CUSTOMER_E164}",
                f"whatsapp:{TWILIO_NUMBER}",
                body,
            )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response

    def test_an_answer_lands_on_the_order_and_opens_the_window(self):
        self.rule.whatsapp_body = "{{ object.name }} left our warehouse."
        self.send()
        self.create_order()  # newer, but not written to
        self.receive("Thanks, see you Friday")
        reply = self.env["sale.status.reply"].search([])
        self.assertEqual(
            (reply.channel, reply.from_number, reply.to_number, reply.order_id),
            ("whatsapp", CUSTOMER_E164, TWILIO_NUMBER, self.order),
        )
        message = reply.mail_message_id
        self.assertEqual(message.res_id, self.order.id)
        self.assertEqual(message.author_id, self.customer)
        self.assertIn("Thanks, see you Friday", message.body)
        # Within the next 24 hours, the rule's free text goes.
        second = self.create_order()
        self.send(second)
        request = self.fake_twilio.api_requests("Messages")[-1]
        self.assertEqual(request.form["Body"], f"{second.name} left our warehouse.")

    def test_stop_on_whatsapp_blacklists_the_number(self):
        self.receive(" stop ")
        blacklisted = self.env["phone.blacklist"].search(
            [("number", "=", CUSTOMER_E164)]
        )
        self.assertTrue(blacklisted.active)
        execution, _job = self.send()
        self.assertEqual(execution.state, "skipped")
        self.assertFalse(self.fake_twilio.api_requests("Messages"))

    def test_the_sender_is_the_companys_whatsapp_sender_of_the_customers_country(
        self,
    ):
        belgium = self.env.ref("base.be")
        numbers = self.env["sms.twilio.number"]
        # An SMS-only number of the customer's country sends no WhatsApp.
        numbers.create(
            {
                "company_id": self.company.id,
                "number": "+3225550001",
                "country_id": belgium.id,
            }
        )
        numbers.create(
            {
                "company_id": self.company.id,
                "number": "+3225550002",
                "country_id": belgium.id,
                "sale_status_whatsapp": True,
            }
        )
        self.send()
        # A customer of a country without a sender: the company's first.
        self.customer.phone = "+33 6 12 34 56 78"
        self.send(self.create_order())
        self.assertEqual(
            [request.form["From"] for request in self.fake_twilio.api_requests()],
            ["whatsapp:+3225550002", f"whatsapp:{TWILIO_NUMBER}"],
        )

    def test_a_variable_is_refused_code_as_a_text_of_the_rule_is(self):
        """Under Odoo's Restrict Template Rendering, only Mail Template
        Editors write code in a variable, however it is written."""
        self.env["ir.config_parameter"].set_param(
            "mail.restrict.template.rendering", True
        )
        user = new_test_user(
            self.env,
            "ssa_whatsapp_author",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
        )
        code = "{{ object.partner_id.write({'comment': 'written by a variable'}) }}"
        rule = self.rule.with_user(user)
        variables = self.env["sale.status.whatsapp.variable"].with_user(user)
        writes = {
            "the free text": lambda: rule.write({"whatsapp_body": code}),
            "a new variable": lambda: variables.create(
                {"rule_id": rule.id, "key": "3", "value": code}
            ),
            "a changed variable": lambda: rule.whatsapp_variable_ids[0].write(
                {"value": code}
            ),
        }
        for text, write in writes.items():
            with (
                self.subTest(text=text),
                self.assertRaisesRegex(AccessError, "Mail Template Editor"),
            ):
                write()
        self.assertNotEqual(self.customer.comment, "written by a variable")
        # What Odoo lets everyone write, they write in a variable too.
        variables.create({"rule_id": rule.id, "key": "3", "value": "{{ object.name }}"})
        sample = self.env["sale.order"].search(
            [("company_id", "=", self.company.id)], order="id desc", limit=1
        )
        self.assertIn(f"3: {sample.name}", rule.whatsapp_preview)

    def test_bad_settings_are_refused_on_save(self):
        def rule(**values):
            return self.make_rule(
                self.stage_shipped,
                "Bad",
                channel="whatsapp",
                **{"whatsapp_content_sid": CONTENT_SID, **values},
            )

        with self.assertRaisesRegex(ValidationError, "is not a Twilio Content SID"):
            rule(whatsapp_content_sid="HX123")
        with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
            rule(
                whatsapp_variable_ids=[
                    fields.Command.create(
                        {"key": "1", "value": "{{ object.no_such_field }}"}
                    )
                ]
            )
        sms_only = self.env["sms.twilio.number"].create(
            {
                "company_id": self.company.id,
                "number": "+15005550007",
                "country_id": self.env.ref("base.us").id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "is not a WhatsApp sender"):
            rule(whatsapp_sender_id=sms_only.id)
        with self.assertRaisesRegex(ValidationError, "template's Content SID"):
            rule(whatsapp_content_sid=False)
        # A variable changed on its own is checked too.
        with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
            self.rule.whatsapp_variable_ids[0].write({"value": "{{ object.nope }}"})
