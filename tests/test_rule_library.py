# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rules made faster to set up: "Copy to…" another status or company, and
"Add from library" on the rules board."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from .common import AutomationCase

ENTRY = datetime(2026, 3, 2, 10, 0)
CUSTOMER_E164 = "+32470123456"
LIBRARY = "sale_status_automation.library_"


@tagged("post_install", "-at_install")
class TestRuleLibrary(MockEmail, MockSMS, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        belgium = cls.env.ref("base.be")
        for company in (cls.company, cls.other_company):
            company.write(
                {
                    "sale_status_sandbox": False,
                    "sms_provider": "iap",
                    "country_id": belgium.id,
                }
            )
        cls.company.write({"name": "Ada Shop", "email": "shop@example.com"})
        cls.other_company.email = "other@example.com"
        cls.customer.write({"lang": "en_US", "country_id": belgium.id})
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.product = cls.env["product.product"].create(
            {"name": "Oak chair", "type": "consu", "list_price": 120.0}
        )
        cls.usa = cls.env.ref("base.us")
        # A manager of both shops.
        cls.chain_manager = new_test_user(
            cls.env,
            "ssa_chain_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=(cls.company + cls.other_company).ids,
        )

    @classmethod
    def demo_like_order(cls, company=None):
        company = company or cls.company
        return cls.create_order(
            company_id=company.id,
            user_id=cls.salesman.id,
            order_line=[(0, 0, {"product_id": cls.product.id, "product_uom_qty": 2})],
        )

    # ------------------------------------------------------------ helpers
    def copy_rules(self, rules, user=None, context=None, **values):
        wizard = (
            self.env["sale.status.rule.copy"]
            .with_user(user or self.manager)
            .with_context(
                active_model="sale.status.rule", active_ids=rules.ids, **(context or {})
            )
            .create(values)
        )
        action = wizard.action_copy()
        if "res_id" in action:
            copies = self.env["sale.status.rule"].browse(action["res_id"])
        else:
            copies = self.env["sale.status.rule"].search(action["domain"], order="id")
        # Copies start paused (issue 26): activated, as their user does.
        self.assertTrue(all(copies.mapped("paused")))
        copies.action_activate()
        return copies

    def add_from_library(self, entry, user=None, context=None, **values):
        wizard = (
            self.env["sale.status.library.add"]
            .with_user(user or self.manager)
            .with_context(**(context or {}))
            .create({"entry_id": entry.id, **values})
        )
        action = wizard.action_add()
        self.assertEqual(
            (action["res_model"], action["views"]),
            ("sale.status.rule", [(False, "form")]),
        )
        rule = self.env["sale.status.rule"].browse(action["res_id"])
        # Added paused (issue 26): activated, as their user does.
        self.assertTrue(rule.paused)
        rule.action_activate()
        return rule

    def enter(self, order, stage, rule):
        """Move ``order`` into ``stage``; return the execution of ``rule``
        once its job ran, with the emails and SMS it sent captured."""
        with freeze_time(ENTRY):
            order.stage_id = stage
        execution = self.executions(order, rule_id=rule.id)[-1:]
        self.assertTrue(execution, f"{rule.name} did not run on entering {stage.name}")
        # A Monday morning, inside any sending hours.
        with freeze_time(ENTRY), self.mock_mail_gateway(), self.mockSMSGateway():
            self.run_job(execution)
        return execution

    def sms_rule(self, stage, name, **values):
        rule = self.make_rule(
            stage,
            name,
            sms_body="{{ object.partner_id.name }}, {{ object.name }} is paid.",
            **values,
        )
        rule.with_context(
            lang="fr_FR"
        ).sms_body = "{{ object.partner_id.name }}, {{ object.name }} est payée."
        return rule

    # ------------------------------------------------------------ copy
    def test_copy_to_another_status_is_a_rule_that_runs(self):
        rule = self.sms_rule(
            self.stage_paid, "Paid SMS", timing="delay", delay=2, delay_unit="hours"
        )
        already = self.make_rule(self.stage_shipped, "Shipped SMS", sequence=30)
        copy = self.copy_rules(rule, stage_id=self.stage_shipped.id, name="Shipped")
        self.assertNotEqual(copy, rule)
        self.assertEqual(
            (copy.stage_id, copy.company_id, copy.name, copy.sequence),
            (self.stage_shipped, self.company, "Shipped", already.sequence + 1),
        )
        self.assertEqual(
            (copy.channel, copy.timing, copy.delay, copy.delay_unit, copy.sms_body),
            ("sms", "delay", 2, "hours", rule.sms_body),
        )
        self.assertEqual(
            copy.with_context(lang="fr_FR").sms_body,
            "{{ object.partner_id.name }}, {{ object.name }} est payée.",
        )
        self.assertEqual(rule.stage_id, self.stage_paid)  # the original stays
        order = self.demo_like_order()
        execution = self.enter(order, self.stage_shipped, copy)
        self.assertEqual(execution.scheduled_at, ENTRY + timedelta(hours=2))
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(
            [(sms["number"], sms["body"]) for sms in self._sms],
            [(CUSTOMER_E164, f"Ada Customer, {order.name} is paid.")],
        )

    def test_copy_keeps_the_name_and_its_translations(self):
        rule = self.sms_rule(self.stage_paid, "Paid SMS")
        rule.with_context(lang="fr_FR").name = "SMS de paiement"
        copy = self.copy_rules(rule, stage_id=self.stage_shipped.id)
        self.assertEqual(copy.name, "Paid SMS")
        self.assertEqual(copy.with_context(lang="fr_FR").name, "SMS de paiement")

    def test_copy_to_another_company_maps_or_clears_its_settings(self):
        number = self.twilio_number(self.company, "+15005550011", self.usa)
        self.twilio_number(self.other_company, "+15005550012", self.usa)
        theirs = self.twilio_number(self.other_company, "+15005550013", self.usa)
        belgian_sender = self.twilio_number(
            self.company, "+3225550014", self.env.ref("base.be"), whatsapp=True
        )
        team = self.env.ref("sales_team.team_sales_department")
        calendar = self.company.resource_calendar_id
        other_calendar = self.other_company.resource_calendar_id
        self.assertEqual(calendar.name, other_calendar.name)
        call = self.make_rule(self.stage_shipped, "Delivery call", channel="call")
        call.call_from_number_id = number
        sms = self.sms_rule(
            self.stage_paid,
            "Paid SMS",
            sending_calendar_id=calendar.id,
            fallback_channel="whatsapp",
            whatsapp_sender_id=belgian_sender.id,
            whatsapp_body="{{ object.name }} is paid.",
        )
        activity = self.make_rule(
            self.stage_paid,
            "Tell a colleague",
            channel="employee",
            employee_target="user",
            employee_user_id=self.salesman.id,
            condition_domain=f"[('team_id', '=', {team.id})]",
        )
        rules = call + sms + activity
        wizard = (
            self.env["sale.status.rule.copy"]
            .with_user(self.chain_manager)
            .with_context(
                active_model="sale.status.rule",
                active_ids=rules.ids,
                allowed_company_ids=(self.company + self.other_company).ids,
            )
            .create({"company_id": self.other_company.id})
        )
        # Said before copying; the status is the rules' own, shared.
        not_theirs = "is not of Other Shop: cleared."
        self.assertEqual(wizard.stage_id, self.stage_shipped)
        self.assertEqual(
            wizard.company_changes.splitlines(),
            [
                f"Delivery call: Call From {number.display_name} {not_theirs}",
                f"Paid SMS: Sending Hours {calendar.name} becomes {calendar.name}.",
                f"Paid SMS: WhatsApp Sender {belgian_sender.display_name} {not_theirs}",
                f"Tell a colleague: User {self.salesman.name} {not_theirs}",
                (
                    "Tell a colleague: its conditions are copied as they are: "
                    "check that the records they name are of Other Shop."
                ),
            ],
        )
        # Two numbers of the same country there: no obvious one.
        theirs.unlink()
        wizard.invalidate_recordset(["company_changes"])
        self.assertIn(
            f"Call From {number.display_name} becomes", wizard.company_changes
        )
        wizard.stage_id = self.stage_paid
        copies = self.env["sale.status.rule"].search(wizard.action_copy()["domain"])
        self.assertEqual(len(copies), 3)
        self.assertEqual(copies.company_id, self.other_company)
        self.assertEqual(copies.stage_id, self.stage_paid)
        # By name: each rule went last in its status (issue 26), so the
        # rules' order is no longer the order they were created in.
        call_copy, sms_copy, activity_copy = (
            copies.filtered(lambda copy, name=name: copy.name == name)
            for name in ("Delivery call", "Paid SMS", "Tell a colleague")
        )
        self.assertEqual(call_copy.call_from_number_id.number, "+15005550012")
        self.assertEqual(sms_copy.sending_calendar_id, other_calendar)
        self.assertFalse(sms_copy.whatsapp_sender_id)
        self.assertEqual(
            (sms_copy.fallback_channel, sms_copy.whatsapp_body),
            ("whatsapp", "{{ object.name }} is paid."),
        )
        self.assertEqual(
            (activity_copy.employee_target, activity_copy.employee_user_id),
            ("salesperson", self.env["res.users"]),
        )
        self.assertEqual(
            sms_copy.with_context(lang="fr_FR").sms_body,
            "{{ object.partner_id.name }}, {{ object.name }} est payée.",
        )
        # The originals keep their company's settings.
        self.assertEqual(call.call_from_number_id, number)
        self.assertEqual(sms.whatsapp_sender_id, belgian_sender)
        # The copy runs on the other company's orders, not on ours, once
        # activated (copies start paused, issue 26).
        sms_copy.action_activate()
        (call + sms + activity).active = False
        order = self.demo_like_order(self.other_company)
        execution = self.enter(order, self.stage_paid, sms_copy)
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(
            [sms["body"] for sms in self._sms],
            [f"Ada Customer, {order.name} is paid."],
        )
        ours = self.demo_like_order()
        with freeze_time(ENTRY):
            ours.stage_id = self.stage_paid
        self.assertFalse(self.executions(ours, rule_id=sms_copy.id))

    def twilio_number(self, company, number, country, whatsapp=False):
        return self.env["sms.twilio.number"].create(
            {
                "company_id": company.id,
                "number": number,
                "country_id": country.id,
                "sale_status_whatsapp": whatsapp,
            }
        )

    def test_copy_only_to_a_status_of_the_target_company(self):
        theirs = self.env["sale.order.stage"].create(
            {"name": "Packed", "sequence": 45, "company_id": self.other_company.id}
        )
        rule = self.sms_rule(self.stage_paid, "Paid SMS")
        both = self.chain_manager.company_ids.ids
        copies = self.env["sale.status.rule.copy"].with_user(self.chain_manager)
        copies = copies.with_context(allowed_company_ids=both)
        wizard = copies.with_context(
            active_model="sale.status.rule", active_ids=rule.ids
        ).create({"company_id": self.company.id})
        wizard.company_id = self.other_company
        self.assertEqual(wizard.stage_id, self.stage_paid)  # shared: kept
        wizard.stage_id = theirs
        wizard.company_id = self.company
        self.assertFalse(wizard.stage_id)  # theirs is not ours: to choose again
        # The dialog is closed without copying: never saved as it stands.
        wizard.invalidate_recordset(flush=False)
        forced = copies.with_context(
            active_model="sale.status.rule", active_ids=rule.ids
        ).create({"company_id": self.company.id, "stage_id": theirs.id})
        with self.assertRaisesRegex(UserError, "Packed is not one of Ada Shop"):
            forced.action_copy()
        copy = self.copy_rules(
            rule,
            stage_id=theirs.id,
            company_id=self.other_company.id,
            user=self.chain_manager,
            context={"allowed_company_ids": both},
        )
        self.assertEqual((copy.stage_id, copy.company_id), (theirs, self.other_company))

    def test_no_copy_into_a_company_out_of_reach(self):
        rule = self.sms_rule(self.stage_paid, "Paid SMS")
        with self.assertRaisesRegex(AccessError, "selected in the company switcher"):
            self.copy_rules(rule, company_id=self.other_company.id)
        # Nor by claiming the company in the context.
        with self.assertRaises(AccessError):
            self.copy_rules(
                rule,
                company_id=self.other_company.id,
                context={
                    "allowed_company_ids": (self.company + self.other_company).ids
                },
            )
        self.assertEqual(
            self.env["sale.status.rule"].search_count(
                [("company_id", "=", self.other_company.id)]
            ),
            0,
        )

    def test_salesman_can_neither_copy_nor_add(self):
        rule = self.sms_rule(self.stage_paid, "Paid SMS")
        entry = self.env.ref(LIBRARY + "payment_received_sms")
        before = self.env["sale.status.rule"].search_count([])
        with self.assertRaises(AccessError):
            self.copy_rules(rule, user=self.salesman)
        with self.assertRaises(AccessError):
            self.add_from_library(entry, user=self.salesman)
        # Nor by calling the rule's own methods: creating rules is for managers.
        with self.assertRaises(AccessError):
            rule.with_user(self.salesman).copy()
        with self.assertRaises(AccessError):
            entry.with_user(self.salesman)._create_rule(self.stage_paid, self.company)
        self.assertEqual(self.env["sale.status.rule"].search_count([]), before)

    # ------------------------------------------------------------ library
    def test_every_library_entry_is_a_rule_that_runs(self):
        # The robocall's: tests/test_call_keys.py, with the fake Twilio;
        # another addon's entries are that addon's to test.
        shipped = self.env["ir.model.data"].search(
            [
                ("module", "=", "sale_status_automation"),
                ("model", "=", "sale.status.library.entry"),
            ]
        )
        entries = self.env["sale.status.library.entry"].search(
            [("channel", "!=", "call"), ("id", "in", shipped.mapped("res_id"))]
        )
        self.assertGreaterEqual(len(entries), 5)
        # Offered where its module is missing too, to check its text here.
        entries.filtered("requires_module").requires_module = False
        for entry in entries:
            with self.subTest(entry=entry.name):
                # A sales manager who is not a template editor adds it.
                rule = self.add_from_library(entry)
                self.assertEqual(
                    (rule.name, rule.stage_id, rule.company_id, rule.channel),
                    (entry.name, entry.stage_id, self.company, entry.channel),
                )
                self.assertTrue(rule.active)
                order = self.demo_like_order()
                execution = self.enter(order, entry.stage_id, rule)
                self.assertEqual(execution.state, "sent", execution.reason)
                self.assertEqual(
                    execution.scheduled_at,
                    ENTRY + timedelta(minutes=rule._delay_minutes()),
                )
                self.assert_sent(entry, rule, order)
                rule.active = False

    def assert_sent(self, entry, rule, order):
        if entry.channel == "email":
            (mail,) = self._mails
            self.assertEqual(mail["email_to"], ['"Ada Customer" <ada@example.com>'])
            self.assertIn(order.name, mail["subject"])
            self.assertIn("Hello Ada Customer", mail["body"])
            self.assertNotIn("object.", mail["body"])
        elif entry.channel == "sms":
            (sms,) = self._sms
            self.assertEqual(sms["number"], CUSTOMER_E164)
            self.assertIn(order.name, sms["body"])
            self.assertNotIn("{{", sms["body"])
        else:
            self.fail(f"No check for the channel of {entry.name}")

    def test_library_entries_as_shipped(self):
        def rule_of(xmlid, stage=None):
            entry = self.env.ref(LIBRARY + xmlid)
            values = {"stage_id": stage.id} if stage else {}
            return self.add_from_library(entry, **values)

        confirmation = rule_of("order_confirmation_email")
        self.assertEqual(
            (confirmation.stage_id, confirmation.timing, confirmation.attach_order_pdf),
            (self.stage_confirmed, "immediately", True),
        )
        self.assertEqual(rule_of("payment_received_sms").stage_id, self.stage_paid)
        review = rule_of("review_request_email")
        self.assertEqual(
            (review.stage_id, review.timing, review.delay, review.delay_unit),
            (self.stage_delivered, "delay", 3, "days"),
        )
        self.assertTrue(review.once_per_order)
        reminder = rule_of("quotation_reminder_email", stage=self.stage_new)
        self.assertEqual(
            (reminder.stage_id, reminder.channel, reminder._delay_minutes()),
            (self.stage_new, "email", 3 * 24 * 60),
        )
        # Added last in their status, after the rules already there.
        first = self.env["sale.status.rule"].search(
            [("stage_id", "=", self.stage_paid.id)]
        )
        again = rule_of("payment_received_sms")
        self.assertEqual(
            self.env["sale.status.rule"].search(
                [("stage_id", "=", self.stage_paid.id)]
            ),
            first + again,
        )

    def test_confirmation_email_attaches_the_order(self):
        rule = self.add_from_library(self.env.ref(LIBRARY + "order_confirmation_email"))
        order = self.demo_like_order()
        execution = self.enter(order, self.stage_confirmed, rule)
        self.assertEqual(execution.state, "sent", execution.reason)
        (mail,) = self._mails
        self.assertEqual(mail["subject"], f"Your order {order.name} is confirmed")
        self.assertEqual(
            execution.mail_message_id.attachment_ids.mapped("name"),
            [f"{order.name}.pdf"],
        )

    def test_texts_come_in_every_language(self):
        entry = self.env.ref(LIBRARY + "payment_received_sms")
        french = (
            "Merci {{ object.partner_id.name }}, paiement reçu pour {{ object.name }}."
        )
        entry.update_field_translations("sms_body", {"fr_FR": french})
        entry.update_field_translations("name", {"fr_FR": "Paiement reçu"})
        rule = self.add_from_library(entry, context={"lang": "fr_FR"})
        self.assertEqual(rule.with_context(lang="en_US").sms_body, entry.sms_body)
        self.assertEqual(rule.with_context(lang="fr_FR").sms_body, french)
        self.assertEqual(rule.with_context(lang="fr_FR").name, "Paiement reçu")
        self.assertEqual(rule.with_context(lang="en_US").name, "Payment received")
        self.customer.lang = "fr_FR"
        order = self.demo_like_order()
        self.enter(order, self.stage_paid, rule)
        self.assertEqual(
            [sms["body"] for sms in self._sms],
            [f"Merci Ada Customer, paiement reçu pour {order.name}."],
        )

    def test_status_of_the_entry_can_be_changed_or_chosen(self):
        entry = self.env.ref(LIBRARY + "payment_received_sms")
        rule = self.add_from_library(entry, stage_id=self.stage_shipped.id)
        self.assertEqual(rule.stage_id, self.stage_shipped)
        # The suggested status archived: the user picks one.
        self.stage_paid.active = False
        wizard = (
            self.env["sale.status.library.add"]
            .with_user(self.manager)
            .new({"entry_id": entry.id})
        )
        self.assertEqual(wizard.stage_id, self.env["sale.order.stage"])

    def test_shipping_sms_is_offered_with_delivery_methods_only(self):
        entry = self.env.ref(LIBRARY + "shipping_sms")
        with_delivery_methods = (
            "carrier_tracking_ref" in self.env["stock.picking"]._fields
        )
        offered = self.env["sale.status.library.entry"].search(
            [("available", "=", True)]
        )
        self.assertEqual(entry in offered, with_delivery_methods)
        self.assertEqual(entry.available, with_delivery_methods)
        if not with_delivery_methods:
            with self.assertRaisesRegex(UserError, "is not available"):
                self.add_from_library(entry)
            return
        rule = self.add_from_library(entry)
        order = self.demo_like_order()
        order.action_confirm()
        delivery = order.picking_ids
        delivery.carrier_tracking_ref = "1Z999AA10123456784"
        execution = self.enter(order, self.stage_shipped, rule)
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(
            [sms["body"] for sms in self._sms],
            [
                (
                    f"Ada Customer, your order {order.name} is on its way. "
                    "Tracking number: 1Z999AA10123456784"
                )
            ],
        )

    # ------------------------------------------------------------ over HTTP
    def call(self, model, method, args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def add_over_http(self, login, entry):
        self.authenticate(login, login)
        model = "sale.status.library.add"
        wizard_id = self.call(model, "create", [{"entry_id": entry.id}])
        wizard_ids = wizard_id if isinstance(wizard_id, list) else [wizard_id]
        return self.call(model, "action_add", [wizard_ids])

    def copy_over_http(self, login, rule):
        self.authenticate(login, login)
        model = "sale.status.rule.copy"
        context = {"active_model": "sale.status.rule", "active_ids": rule.ids}
        wizard_id = self.call(
            model, "create", [{"stage_id": self.stage_shipped.id}], context=context
        )
        wizard_ids = wizard_id if isinstance(wizard_id, list) else [wizard_id]
        return self.call(model, "action_copy", [wizard_ids], context=context)

    def test_salesman_session_can_neither_add_nor_copy(self):
        rule = self.sms_rule(self.stage_paid, "Paid SMS")
        entry = self.env.ref(LIBRARY + "payment_received_sms")
        before = self.env["sale.status.rule"].search_count([])
        with self.assertRaises(JsonRpcException) as refused:
            self.add_over_http("ssa_salesman", entry)
        self.assertIn("AccessError", str(refused.exception))
        with self.assertRaises(JsonRpcException) as refused:
            self.copy_over_http("ssa_salesman", rule)
        self.assertIn("AccessError", str(refused.exception))
        self.assertEqual(self.env["sale.status.rule"].search_count([]), before)

    def test_manager_session_adds_and_copies(self):
        rule = self.sms_rule(self.stage_paid, "Paid SMS")
        entry = self.env.ref(LIBRARY + "payment_received_sms")
        added = self.add_over_http("ssa_manager", entry)
        copied = self.copy_over_http("ssa_manager", rule)
        rules = self.env["sale.status.rule"].browse([added["res_id"], copied["res_id"]])
        self.assertEqual(
            [(r.name, r.stage_id, r.create_uid) for r in rules],
            [
                ("Payment received", self.stage_paid, self.manager),
                ("Paid SMS", self.stage_shipped, self.manager),
            ],
        )


@tagged("post_install", "-at_install")
class TestLibraryEntries(AutomationCase):
    """What another addon's entry may hold."""

    def test_an_entry_sets_rule_fields_only(self):
        entries = self.env["sale.status.library.entry"]
        for values, refused in (
            ({"no_such_field": 1}, "no_such_field"),
            ({"company_id": self.other_company.id}, "company_id"),
            ({"sms_body": "Hi"}, "sms_body"),
        ):
            with (
                self.subTest(refused=refused),
                self.assertRaisesRegex(ValidationError, refused),
            ):
                entries.create(
                    {"name": "Mine", "channel": "sms", "rule_values": values}
                )

    def test_every_channel_declares_texts_the_library_and_the_copy_carry(self):
        """Each channel's _text_fields, a channel added by another addon's
        too: translatable on the rule and copied with it (Copy to…), and a
        translatable field of the same kind on the library entry, which
        copies it onto the rule."""
        Rule = self.env["sale.status.rule"]
        entries = self.env["sale.status.library.entry"]
        codes = [code for code, _label in Rule._fields["channel"].selection]
        self.assertIn("sms", codes)
        for code in codes:
            for fname in self.env[f"sale.status.channel.{code}"]._text_fields:
                with self.subTest(channel=code, field=fname):
                    rule_field = Rule._fields.get(fname)
                    entry_field = entries._fields.get(fname)
                    self.assertTrue(rule_field and entry_field)
                    self.assertTrue(rule_field.translate and entry_field.translate)
                    self.assertTrue(rule_field.store and rule_field.copy)
                    self.assertEqual(entry_field.type, rule_field.type)
                    self.assertIn(fname, entries._text_fields())

    def test_a_rule_check_refuses_a_broken_entry_when_added(self):
        entry = self.env["sale.status.library.entry"].create(
            {
                "name": "Broken",
                "channel": "sms",
                "stage_id": self.stage_paid.id,
                "sms_body": "{{ object.no_such_field }}",
            }
        )
        self.create_order()
        with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
            entry._create_rule(self.stage_paid, self.company)
