# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a shop owner meets in the first hour (issue 26): rules."""

from pathlib import Path

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.modules.migration import load_script
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import AutomationCase, LiveChatCase

MIGRATION = (
    Path(__file__).resolve().parent.parent
    / "migrations"
    / "19.0.1.8.0"
    / "post-whisper_fallback.py"
)
RULES_ACTION = "/odoo/action-sale_status_automation.sale_status_rule_action"


@tagged("post_install", "-at_install")
class TestWhisperFallback(LiveChatCase, HttpCase):
    """Item 2: a whisper, for the staff only, never falls back on the
    customer."""

    def whisper(self, **values):
        return self.make_rule(
            self.stage_shipped,
            "Whisper",
            channel="chat",
            chat_whisper=True,
            chat_body="Order {{ object.name }} shipped.",
            **values,
        )

    def test_a_whisper_cannot_fall_back_on_the_customer(self):
        with self.assertRaisesRegex(ValidationError, "for the staff only"):
            self.whisper(fallback_channel="sms")
        rule = self.whisper()
        with self.assertRaisesRegex(ValidationError, "for the staff only"):
            rule.fallback_channel = "email"
        # Turning a chat rule with an SMS fallback into a whisper: refused too.
        chat = self.make_rule(
            self.stage_shipped, "Chat", channel="chat", fallback_channel="sms"
        )
        with self.assertRaisesRegex(ValidationError, "for the staff only"):
            chat.chat_whisper = True

    def test_the_form_offers_a_whisper_only_the_staff(self):
        form = Form(self.env["sale.status.rule"])
        form.name = "Whisper"
        form.stage_id = self.stage_shipped
        form.channel = "chat"
        form.customer_fallback = "sms"
        self.assertEqual(form.fallback_channel, "sms")
        form.chat_whisper = True
        self.assertFalse(form.fallback_channel)  # the SMS went with the choice
        form.staff_fallback = True
        self.assertEqual(form.fallback_channel, "employee")
        rule = form.save()
        self.assertEqual(rule.fallback_channel, "employee")
        self.assertIn("otherwise Employee notification", rule.summary)
        # The choice a customer-facing rule has never offers the staff.
        options = dict(
            self.env["sale.status.rule"]
            ._fields["customer_fallback"]
            ._description_selection(self.env)
        )
        self.assertNotIn("employee", options)

    def test_a_whisper_without_conversation_tells_the_salesperson(self):
        rule = self.whisper(fallback_channel="employee")
        order = self.create_order(user_id=self.salesman.id)
        order.stage_id = self.stage_shipped
        (execution,) = self.executions(order, rule_id=rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped")
        fallback = self.executions(order).filtered("fallback_of_id")
        self.assertEqual(fallback.channel, "employee")
        self.run_job(fallback)
        self.assertEqual(fallback.state, "sent", fallback.reason)
        self.assertEqual(fallback.recipient, self.salesman.name)
        # Nothing went to the customer.
        self.assertFalse(self.executions(order).filtered(lambda e: e.channel == "sms"))

    def test_a_whisper_log_names_its_operator_only(self):
        self.whisper()
        conversation = self.conversation(self.customer)
        order = self.create_order()
        order.stage_id = self.stage_shipped
        (execution,) = self.executions(order)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        operator = conversation.livechat_operator_id
        self.assertEqual(execution.recipient, f"{operator.name} (whisper, staff only)")
        self.assertNotIn(self.customer.name, execution.recipient)

    def test_the_migration_clears_a_customer_fallback_of_a_whisper(self):
        whisper = self.whisper()
        staff = self.whisper(fallback_channel="employee")
        chat = self.make_rule(
            self.stage_shipped, "Chat", channel="chat", fallback_channel="sms"
        )
        self.env.flush_all()
        # As an earlier version let it be saved.
        self.env.cr.execute(
            SQL(
                "UPDATE sale_status_rule SET fallback_channel = 'sms' WHERE id = %s",
                whisper.id,
            )
        )
        with self.assertLogs(level="WARNING") as logs:
            load_script(str(MIGRATION), "ssa_1_8_0_whisper_fallback").migrate(
                self.env.cr, "19.0.1.7.0"
            )
        self.env.invalidate_all()
        self.assertFalse(whisper.fallback_channel)
        self.assertEqual(staff.fallback_channel, "employee")
        self.assertEqual(chat.fallback_channel, "sms")
        self.assertIn("Whisper", logs.output[0])


class TestRuleOrder(AutomationCase):
    """Item 3: a new rule goes last in its status; item 15: paused rules."""

    def chain(self):
        sms = self.make_rule(self.stage_shipped, "Shipping SMS")
        call = self.make_rule(
            self.stage_shipped,
            "Delivery call",
            run_mode="after_previous",
            timing="delay",
            delay=50,
            delay_unit="minutes",
        )
        return sms, call

    def test_a_new_rule_goes_last_and_keeps_the_chain(self):
        sms, call = self.chain()
        whatsapp = self.make_rule(self.stage_shipped, "New rule")
        self.assertGreater(whatsapp.sequence, call.sequence)
        self.assertGreater(call.sequence, sms.sequence)
        self.assertEqual((sms | call | whatsapp).mapped("chain_position"), [1, 2, 3])
        # Each status and company has its own order.
        other = self.make_rule(self.stage_paid, "Paid SMS")
        self.assertEqual(other.chain_position, 1)
        # A place given is kept.
        first = self.make_rule(self.stage_shipped, "First", sequence=1)
        self.assertEqual(first.sequence, 1)
        self.env.invalidate_all()
        self.assertEqual(
            (first | sms | call | whatsapp).mapped("chain_position"), [1, 2, 3, 4]
        )
        # The call still waits for the shipping SMS, not for the new rule.
        order = self.create_order()
        order.stage_id = self.stage_shipped
        executions = self.executions(order)
        states = {e.rule_id: e.state for e in executions}
        self.assertEqual(states[call], "waiting")
        self.assertEqual(states[whatsapp], "scheduled")
        # Created from the form, with what the board gives it.
        rule = (
            self.env["sale.status.rule"]
            .with_context(default_stage_id=self.stage_shipped.id)
            .create({"name": "Quick", "channel": "sms"})
        )
        self.assertGreater(rule.sequence, whatsapp.sequence)

    def test_a_rule_created_in_the_rules_screens_starts_paused(self):
        action = self.env.ref("sale_status_automation.sale_status_rule_action")
        self.assertEqual(action.context, "{'default_paused': True}")
        Rule = self.env["sale.status.rule"].with_user(self.manager)
        rule = Rule.with_context(default_paused=True).create(
            {"name": "Quick", "channel": "sms", "stage_id": self.stage_paid.id}
        )
        self.assertTrue(rule.paused)
        self.assertEqual(rule.chain_position, 0)
        order = self.create_order()
        order.stage_id = self.stage_paid
        self.assertFalse(self.executions(order))
        rule.action_activate()
        self.assertFalse(rule.paused)
        self.assertEqual(rule.chain_position, 1)
        order.stage_id = self.stage_new
        order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        # Paused after being planned: the run is skipped, with the reason.
        rule.action_pause()
        self.run_job(execution)
        self.assertEqual(execution.state, "skipped")
        self.assertEqual(execution.reason, "The rule is paused.")
        # Rules made by code (imports, other modules) are live.
        self.assertFalse(self.make_rule(self.stage_paid, "Code").paused)

    def test_library_and_copy_start_paused(self):
        entry = self.env.ref("sale_status_automation.library_payment_received_sms")
        wizard = (
            self.env["sale.status.library.add"]
            .with_user(self.manager)
            .create({"entry_id": entry.id, "stage_id": self.stage_paid.id})
        )
        action = wizard.action_add()
        added = self.env["sale.status.rule"].browse(action["res_id"])
        self.assertTrue(added.paused)
        added.action_activate()
        copy_wizard = (
            self.env["sale.status.rule.copy"]
            .with_user(self.manager)
            .with_context(active_model="sale.status.rule", active_ids=added.ids)
            .create({"stage_id": self.stage_shipped.id})
        )
        copy = self.env["sale.status.rule"].browse(copy_wizard.action_copy()["res_id"])
        self.assertTrue(copy.paused)
        self.assertFalse(added.paused)

    def test_board_marks_archived_statuses(self):
        abandoned = self.env.ref("sale_status_automation.stage_abandoned_cart")
        self.assertFalse(abandoned.active)
        rule = self.make_rule(abandoned, "Cart reminder")
        self.make_rule(self.stage_paid, "Paid SMS")
        groups = self.env["sale.status.rule"].formatted_read_group(
            [], ["stage_id"], ["__count"]
        )
        labels = {group["stage_id"][0]: group["stage_id"][1] for group in groups}
        self.assertEqual(labels[abandoned.id], "Abandoned cart (archived)")
        self.assertEqual(labels[self.stage_paid.id], "Paid")
        self.assertFalse(rule.stage_active)


class TestCopyKeyMoves(AutomationCase):
    """Item 4: a copy to another company keeps where a key moves orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["sale.order.stage"]
        cls.porch = Stage.create(
            {"name": "Left at the porch", "sequence": 61, "company_id": cls.company.id}
        )
        cls.recall = Stage.create(
            {"name": "Call back", "sequence": 62, "company_id": cls.company.id}
        )
        cls.their_porch = Stage.create(
            {
                "name": "Left at the porch",
                "sequence": 70,
                "company_id": cls.other_company.id,
            }
        )
        cls.their_second = Stage.create(
            {"name": "Ring again", "sequence": 71, "company_id": cls.other_company.id}
        )
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Delivery call",
            channel="call",
            call_text="Your order {{ object.name }} arrives today.",
            call_question="Press 1, 2 or 3.",
            call_key_ids=[
                Command.create({"key": "1", "action": "move"}),
                Command.create({"key": "2", "action": "move"}),
                Command.create({"key": "3", "action": "move"}),
                Command.create({"key": "4", "action": "note"}),
            ],
        )
        keys = cls.rule.call_key_ids
        keys[0].stage_id = cls.porch  # a status of the same name there
        keys[1].stage_id = cls.recall  # the same place in their pipeline
        keys[2].stage_id = cls.stage_delivered  # shared by both
        cls.boss = new_test_user(
            cls.env,
            "ssa_two_shops",
            groups="sales_team.group_sale_manager,base.group_multi_company",
            company_id=cls.company.id,
            company_ids=[cls.company.id, cls.other_company.id],
        )

    def copy_wizard(self):
        both = [self.company.id, self.other_company.id]
        return (
            self.env["sale.status.rule.copy"]
            .with_user(self.boss)
            .with_context(
                allowed_company_ids=both,
                active_model="sale.status.rule",
                active_ids=self.rule.ids,
            )
            .create({"company_id": self.other_company.id})
        )

    def test_a_copy_maps_where_its_keys_move_orders(self):
        wizard = self.copy_wizard()
        self.assertIn(
            "key 1 moves orders to Left at the porch (the status of the same name)",
            wizard.company_changes,
        )
        self.assertIn("key 2 moves orders to Ring again", wizard.company_changes)
        result = wizard.action_copy()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("key 2 moves orders to Ring again", result["params"]["message"])
        copy = self.env["sale.status.rule"].browse(result["params"]["next"]["res_id"])
        self.assertEqual(copy.company_id, self.other_company)
        keys = {line.key: line.stage_id for line in copy.call_key_ids}
        self.assertEqual(keys["1"], self.their_porch)
        self.assertEqual(keys["2"], self.their_second)
        self.assertEqual(keys["3"], self.stage_delivered)
        self.assertFalse(keys["4"])
        # Set as choosing Moves To does: the target company has its triggers.
        triggers = self.env["sale.status.trigger"].search(
            [("event", "=", "call_key"), ("company_id", "=", self.other_company.id)]
        )
        self.assertEqual(
            {trigger.reply_keywords: trigger.stage_id for trigger in triggers},
            {"1": self.their_porch, "2": self.their_second, "3": self.stage_delivered},
        )
        # The source company's keys are untouched.
        self.assertEqual(self.rule.call_key_ids[0].stage_id, self.porch)

    def test_a_status_without_equivalent_is_said(self):
        self.their_porch.active = False
        self.their_second.active = False
        wizard = self.copy_wizard()
        result = wizard.action_copy()
        message = result["params"]["message"]
        self.assertIn(
            "key 1 moves orders to Left at the porch, which Other Shop has no "
            "status like",
            message,
        )
        self.assertIn("key 2 moves orders to Call back, which Other Shop", message)
        copy = self.env["sale.status.rule"].browse(result["params"]["next"]["res_id"])
        keys = {line.key: line.stage_id for line in copy.call_key_ids}
        self.assertFalse(keys["1"])
        self.assertEqual(keys["3"], self.stage_delivered)


class TestPlaceholderChecks(AutomationCase):
    """Item 6: a placeholder naming no field is refused, orders or not."""

    def test_a_field_that_does_not_exist_is_refused_without_orders(self):
        company = self.other_company
        self.assertFalse(
            self.env["sale.order"].search_count([("company_id", "=", company.id)])
        )
        with self.assertRaisesRegex(
            ValidationError,
            r"the placeholder object.no_such_field reads no_such_field, which is "
            r"not a field of Sales Order",
        ):
            self.make_rule(
                self.stage_paid,
                "Broken",
                company_id=company.id,
                sms_body="Hello {{ object.no_such_field }}",
            )
        with self.assertRaisesRegex(
            ValidationError, r"reads nope, which is not a field of Contact"
        ):
            self.make_rule(
                self.stage_paid,
                "Broken",
                company_id=company.id,
                channel="email",
                email_body='<p>Hi <t t-out="object.partner_id.nope"/></p>',
            )
        with self.assertRaisesRegex(ValidationError, r"write \{\{ object.name \}\}"):
            self.make_rule(
                self.stage_paid, "Old", company_id=company.id, sms_body="${object.name}"
            )
        # What only rendering finds, rendered on an order built in memory.
        with self.assertRaisesRegex(
            ValidationError, r"object.partner_id.name.nope fails \(AttributeError\)"
        ):
            self.make_rule(
                self.stage_paid,
                "Broken",
                company_id=company.id,
                sms_body="{{ object.partner_id.name.nope }}",
            )
        rule = self.make_rule(
            self.stage_paid,
            "Fine",
            company_id=company.id,
            sms_body="{{ object.name }} for {{ object.partner_id.name }}: "
            "{{ object.amount_total }}",
        )
        self.assertFalse(
            self.env["sale.order"].search_count([("company_id", "=", company.id)])
        )
        self.assertTrue(rule)

    def test_a_sales_manager_is_checked_in_restricted_mode_without_orders(self):
        manager = new_test_user(
            self.env,
            "ssa_new_shop_manager",
            groups="sales_team.group_sale_manager",
            company_id=self.other_company.id,
            company_ids=[self.other_company.id],
        )
        Rule = self.env["sale.status.rule"].with_user(manager)
        with self.assertRaisesRegex(ValidationError, "no_such_field"):
            Rule.create(
                {
                    "name": "Broken",
                    "stage_id": self.stage_paid.id,
                    "channel": "sms",
                    "sms_body": "{{ object.no_such_field }}",
                }
            )
        rule = Rule.create(
            {
                "name": "Fine",
                "stage_id": self.stage_paid.id,
                "channel": "sms",
                "sms_body": "{{ object.name }} {{ object.partner_id.name }}",
            }
        )
        self.assertEqual(rule.company_id, self.other_company)


class TestOdooOwnEmails(AutomationCase):
    """Item 9: a rule that doubles one of Odoo's own emails says so."""

    def test_an_email_rule_on_confirmation_names_odoos_email(self):
        rule = self.make_rule(
            self.stage_confirmed,
            "Confirmation",
            channel="email",
            email_subject="Order {{ object.name }}",
            email_body="<p>Confirmed.</p>",
        )
        self.assertIn("Sales: Order Confirmation", rule.odoo_email_note)
        self.assertIn("keep one", rule.odoo_email_note)
        paid = self.make_rule(
            self.stage_paid,
            "Paid",
            channel="email",
            email_subject="Order {{ object.name }}",
            email_body="<p>Paid.</p>",
        )
        self.assertIn("Sales: Payment Done", paid.odoo_email_note)
        # An SMS is no second email; nor is an email where Odoo sends none.
        self.assertFalse(self.make_rule(self.stage_confirmed, "SMS").odoo_email_note)
        rule.stage_id = self.stage_shipped
        self.assertFalse(rule.odoo_email_note)
        # The template Odoo's settings choose, if any.
        template = self.env.ref("sale.mail_template_sale_confirmation")
        template.active = False
        rule.stage_id = self.stage_confirmed
        rule.invalidate_recordset(["odoo_email_note"])
        self.assertFalse(rule.odoo_email_note)
        other = template.copy({"name": "Our own confirmation", "active": True})
        self.env["ir.config_parameter"].set_param(
            "sale.default_confirmation_template", other.id
        )
        rule.invalidate_recordset(["odoo_email_note"])
        self.assertIn("Our own confirmation", rule.odoo_email_note)

    def test_the_library_says_it_too(self):
        entry = self.env.ref("sale_status_automation.library_order_confirmation_email")
        self.assertIn("Sales: Order Confirmation", entry.odoo_email_note)
        wizard = (
            self.env["sale.status.library.add"]
            .with_user(self.manager)
            .create({"entry_id": entry.id})
        )
        self.assertIn("Sales: Order Confirmation", wizard.odoo_email_note)
        wizard.stage_id = self.stage_shipped
        self.assertFalse(wizard.odoo_email_note)
        sms = self.env.ref("sale_status_automation.library_payment_received_sms")
        self.assertFalse(sms.odoo_email_note)


class TestLabels(AutomationCase):
    """Item 19: the labels of the rules' screens."""

    def test_labels(self):
        keys = dict(
            self.env["sale.status.call.key"]
            ._fields["action"]
            ._description_selection(self.env)
        )
        self.assertEqual(keys["move"], "Move the order")
        rule = self.make_rule(
            self.stage_shipped,
            "Day call",
            timing="date",
            date_field="commitment_date",
            delay=0,
        )
        self.assertEqual(rule.summary, "SMS to customer, on the delivery date")

    def test_sending_hours_offered_are_the_rule_companys(self):
        Calendar = self.env["resource.calendar"]
        ours = Calendar.create({"name": "Shop hours", "company_id": self.company.id})
        theirs = Calendar.create(
            {"name": "Shop hours", "company_id": self.other_company.id}
        )
        shared = Calendar.create({"name": "Everyone's", "company_id": False})
        rule = self.make_rule(self.stage_paid, "SMS")
        domain = safe_eval(
            rule._fields["sending_calendar_id"].domain,
            {"company_id": rule.company_id.id},
        )
        offered = Calendar.search(domain)
        self.assertIn(ours, offered)
        self.assertIn(shared, offered)
        self.assertNotIn(theirs, offered)


@tagged("post_install", "-at_install")
class TestFirstHourRulesUi(AutomationCase, HttpCase):
    """The tours of items 2, 3, 4, 6, 15 and 16, as a shop owner does it."""

    def test_whisper_form_offers_no_sms_fallback(self):
        rule = self.make_rule(
            self.stage_shipped,
            "Tour whisper",
            channel="chat",
            chat_whisper=True,
            chat_body="Shipped {{ object.name }}.",
        )
        self.start_tour(
            f"{RULES_ACTION}/{rule.id}",
            "sale_status_automation_whisper_fallback_tour",
            login="admin",
        )
        self.assertEqual(rule.fallback_channel, "employee")

    def test_quick_create_lands_last_paused_then_activated(self):
        self.make_rule(self.stage_shipped, "Tour shipping SMS")
        self.make_rule(
            self.stage_shipped,
            "Tour delivery call",
            run_mode="after_previous",
            timing="delay",
            delay=50,
            delay_unit="minutes",
        )
        self.start_tour(
            RULES_ACTION, "sale_status_automation_quick_create_tour", login="admin"
        )
        rule = self.env["sale.status.rule"].search([("name", "=", "Tour WhatsApp")])
        self.assertFalse(rule.paused)
        self.assertEqual(rule.chain_position, 3)

    def test_board_shows_archived_status_and_companies(self):
        abandoned = self.env.ref("sale_status_automation.stage_abandoned_cart")
        self.make_rule(abandoned, "Tour cart reminder")
        self.env.ref("base.user_admin").write(
            {
                "company_ids": [Command.link(self.other_company.id)],
                "group_ids": [
                    Command.link(self.env.ref("base.group_multi_company").id)
                ],
            }
        )
        self.make_rule(self.stage_paid, "Tour theirs", company_id=self.other_company.id)
        self.start_tour(
            RULES_ACTION,
            "sale_status_automation_board_tour",
            login="admin",
            cookies={"cids": f"{self.company.id}-{self.other_company.id}"},
        )

    def test_a_broken_placeholder_is_refused_in_a_new_shop(self):
        shop = self.env["res.company"].create({"name": "Brand New Shop"})
        admin = self.env.ref("base.user_admin")
        admin.write(
            {
                "company_ids": [Command.link(shop.id)],
                "group_ids": [
                    Command.link(self.env.ref("base.group_multi_company").id)
                ],
            }
        )
        self.start_tour(
            f"{RULES_ACTION}/new",
            "sale_status_automation_placeholder_tour",
            login="admin",
            cookies={"cids": str(shop.id)},
        )
        self.assertFalse(
            self.env["sale.status.rule"].search([("name", "=", "Tour broken")])
        )

    def test_copy_to_another_company_keeps_the_key_move(self):
        their_stage = self.env["sale.order.stage"].create(
            {"name": "Tour porch", "company_id": self.other_company.id}
        )
        our_stage = self.env["sale.order.stage"].create(
            {"name": "Tour porch", "company_id": self.company.id}
        )
        rule = self.make_rule(
            self.stage_shipped,
            "Tour call",
            channel="call",
            call_text="Hello {{ object.name }}.",
            call_question="Press 1.",
            call_key_ids=[Command.create({"key": "1", "action": "move"})],
        )
        rule.call_key_ids.stage_id = our_stage
        admin = self.env.ref("base.user_admin")
        admin.write(
            {
                "company_ids": [Command.link(self.other_company.id)],
                "group_ids": [
                    Command.link(self.env.ref("base.group_multi_company").id)
                ],
            }
        )
        self.start_tour(
            f"{RULES_ACTION}/{rule.id}",
            "sale_status_automation_copy_keys_tour",
            login="admin",
            cookies={"cids": f"{self.company.id}-{self.other_company.id}"},
        )
        copy = self.env["sale.status.rule"].search(
            [("name", "=", "Tour call"), ("company_id", "=", self.other_company.id)]
        )
        self.assertEqual(copy.call_key_ids.stage_id, their_stage)
