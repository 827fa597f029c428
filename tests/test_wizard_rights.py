# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The dialogs read only what their user may read, and a staff rule's server
action is chosen by those who may write server actions only."""

from odoo.exceptions import AccessError, RedirectWarning, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import ApiCallsMixin, AutomationCase

# What the action writes on the order: who ran it, and whether as superuser.
WHO_RAN_IT = "record.write({'client_order_ref': '%s/%s' % (env.user.login, env.su)})"
PREVIEW_SPEC = {
    "order_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
    "line_ids": {
        "fields": {
            "rule_id": {"fields": {"display_name": {}}},
            "channel": {},
            "outcome": {},
        }
    },
}


class WizardRightsCase(AutomationCase):
    """Two salespersons who see their own orders only, each with an order
    in Paid; a rule of ours and one of another company; a sales manager who
    is no administrator, and an administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env,
            "ssa_other_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.admin = new_test_user(
            cls.env,
            "ssa_administrator",
            groups="base.group_system,sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.rule = cls.make_rule(cls.stage_paid, "Thanks", sms_body="{{ object.name }}")
        cls.theirs = cls.make_rule(
            cls.stage_paid, "Their secret plan", company_id=cls.other_company.id
        )
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.other_order = cls.create_order(user_id=cls.other_salesman.id)
        cls.their_order = cls.create_order(company_id=cls.other_company.id)
        (cls.order + cls.other_order + cls.their_order).stage_id = cls.stage_paid
        cls.their_execution = cls.env["sale.status.execution"].search(
            [("order_id", "=", cls.their_order.id)]
        )
        cls.other_execution = cls.env["sale.status.execution"].search(
            [("order_id", "=", cls.other_order.id)]
        )
        cls.order_action = cls.server_action("sale.order", WHO_RAN_IT)

    @classmethod
    def server_action(cls, model, code):
        return cls.env["ir.actions.server"].create(
            {
                "name": f"On {model}",
                "model_id": cls.env["ir.model"]._get_id(model),
                "state": "code",
                "code": code,
            }
        )

    def staff_rule(self, user=None, **values):
        return (
            self.env["sale.status.rule"]
            .with_user(user or self.admin)
            .create(
                {
                    "stage_id": self.stage_cancelled.id,
                    "name": "Review",
                    "channel": "employee",
                    "employee_action": "server_action",
                    **values,
                }
            )
        )


class TestWizardRights(WizardRightsCase):
    # ------------------------------------------------------------ preview
    def test_salesperson_previews_own_orders_only(self):
        previews = self.env["sale.status.preview"].with_user(self.salesman)
        mine = previews.with_context(default_order_id=self.order.id).create({})
        self.assertEqual(mine.stage_id, self.stage_paid)
        self.assertEqual(mine.line_ids.rule_id, self.rule)
        # The order of another salesperson: neither through the dialog's
        # default, nor named in the values, nor changed afterwards.
        with self.assertRaises(AccessError):
            previews.with_context(default_order_id=self.other_order.id).create({})
        with self.assertRaises(AccessError):
            previews.create({"order_id": self.other_order.id})
        with self.assertRaises(AccessError):
            mine.write({"order_id": self.other_order.id})
        with self.assertRaises(AccessError):
            previews.onchange({"order_id": self.other_order.id}, ["order_id"], {})

    def test_salesperson_reads_no_rule_of_another_company(self):
        previews = self.env["sale.status.preview"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            previews.create(
                {
                    "order_id": self.order.id,
                    "line_ids": [Command.create({"rule_id": self.theirs.id})],
                }
            )
        mine = previews.create({"order_id": self.order.id})
        lines = self.env["sale.status.preview.line"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            lines.create({"preview_id": mine.id, "rule_id": self.theirs.id})
        own_line = lines.create({"preview_id": mine.id, "rule_id": self.rule.id})
        self.assertEqual(own_line.channel, "sms")
        with self.assertRaises(AccessError):
            own_line.rule_id = self.theirs

    def test_one_salesperson_reads_not_the_preview_of_another(self):
        mine = (
            self.env["sale.status.preview"]
            .with_user(self.salesman)
            .with_context(default_order_id=self.order.id)
            .create({})
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.other_salesman).read(["stage_id"])
        with self.assertRaises(AccessError):
            mine.line_ids.with_user(self.other_salesman).read(["content"])

    # ------------------------------------------------------------ send test
    def test_send_test_on_what_the_manager_reads_only(self):
        tests = self.env["sale.status.rule.test"]
        with self.assertRaises(AccessError):  # for sales managers only
            tests.with_user(self.salesman).create(
                {"rule_id": self.rule.id, "order_id": self.order.id}
            )
        tests = tests.with_user(self.manager)
        with self.assertRaises(AccessError):
            tests.create({"rule_id": self.theirs.id, "order_id": self.order.id})
        with self.assertRaises(AccessError):
            tests.with_context(default_rule_id=self.theirs.id).create(
                {"order_id": self.order.id}
            )
        with self.assertRaises(ValidationError):
            self.env["sale.status.rule.test"].create(
                {"rule_id": self.rule.id, "order_id": self.their_order.id}
            )
        # The log of another company, through the result the dialog shows.
        with self.assertRaises(AccessError):
            tests.create(
                {
                    "rule_id": self.rule.id,
                    "order_id": self.order.id,
                    "execution_id": self.their_execution.id,
                }
            )
        test = tests.create({"rule_id": self.rule.id, "order_id": self.order.id})
        test.action_send()
        self.assertEqual((test.state, test.content), ("sent", self.order.name))

    # ------------------------------------------------------------ the log
    def test_execution_actions_on_the_log_the_user_reads_only(self):
        actions = self.env["sale.status.execution.action"]
        with self.assertRaises(AccessError):
            self.act_on(self.other_execution, "cancel", self.salesman)
        with self.assertRaises(AccessError):
            actions.with_user(self.manager).create(
                {"action": "cancel", "execution_ids": self.their_execution.ids}
            )
        with self.assertRaises(AccessError):
            actions.with_user(self.manager).with_context(
                active_model="sale.status.execution",
                active_ids=self.their_execution.ids,
            ).create({"action": "cancel"})
        self.assertEqual(self.their_execution.state, "scheduled")
        self.act_on(self.other_execution, "cancel", self.manager)
        self.assertEqual(self.other_execution.state, "cancelled")

    # ------------------------------------------------------------ copy, library
    def test_copy_reads_no_rule_of_another_company(self):
        copies = self.env["sale.status.rule.copy"].with_user(self.manager)
        with self.assertRaises(AccessError):
            copies.create({"rule_ids": self.theirs.ids})
        with self.assertRaises(AccessError):
            copies.with_context(
                active_model="sale.status.rule", active_ids=self.theirs.ids
            ).create({})
        # What the form asks when the rules change: the name of the copy.
        with self.assertRaises(AccessError):
            copies.onchange(
                {"rule_ids": [Command.set(self.theirs.ids)]},
                ["rule_ids"],
                {"name": {}, "company_id": {"fields": {"display_name": {}}}},
            )
        # Nor a status of theirs, whose name the dialog would show.
        their_stage = self.env["sale.order.stage"].create(
            {"name": "Packed", "sequence": 45, "company_id": self.other_company.id}
        )
        with self.assertRaises(AccessError):
            copies.create({"rule_ids": self.rule.ids, "stage_id": their_stage.id})
        copy = copies.create({"rule_ids": self.rule.ids})
        self.assertEqual(copy.name, "Thanks")

    def test_library_adds_for_the_user_companies_only(self):
        entry = self.env.ref("sale_status_automation.library_payment_received_sms")
        adds = self.env["sale.status.library.add"].with_user(self.manager)
        with self.assertRaises(AccessError):
            adds.create({"entry_id": entry.id, "company_id": self.other_company.id})
        their_stage = self.env["sale.order.stage"].create(
            {"name": "Packed", "sequence": 45, "company_id": self.other_company.id}
        )
        with self.assertRaises(AccessError):
            adds.create({"entry_id": entry.id, "stage_id": their_stage.id})
        with self.assertRaises(AccessError):
            entry.with_user(self.manager)._create_rule(
                self.stage_paid, self.other_company
            )
        rule = entry.with_user(self.manager)._create_rule(self.stage_paid, self.company)
        self.assertEqual(rule.create_uid, self.manager)

    def test_test_call_with_the_user_companies_only(self):
        calls = self.env["sale.status.voice.test"].with_user(self.admin)
        with self.assertRaises(AccessError):
            calls.create(
                {"company_id": self.other_company.id, "number": "+32470000000"}
            )
        call = calls.create({"number": "+32470000000"})
        self.assertEqual(call.company_id, self.company)
        with self.assertRaises(AccessError):
            call.company_id = self.other_company
        # Our company's Twilio is not set up: it says what is missing, where.
        with self.assertRaisesRegex(RedirectWarning, "lacks the Account SID"):
            call.action_call()
        self.assertFalse(call.call_sid)

    # ------------------------------------------------------------ server actions
    def test_only_administrators_choose_a_server_action(self):
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            self.staff_rule(self.manager, server_action_id=self.order_action.id)
        rule = self.staff_rule(self.manager, employee_action="activity")
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            rule.server_action_id = self.order_action
        rule.with_user(self.admin).server_action_id = self.order_action
        self.assertEqual(rule.server_action_id, self.order_action)
        # The manager still edits the rule, and may take the action away.
        rule.write({"name": "Review it", "employee_action": "server_action"})
        rule.server_action_id = False
        self.assertFalse(rule.server_action_id)

    def test_a_server_action_runs_on_orders_only(self):
        on_partners = self.server_action("res.partner", "record.write({'ref': 'X'})")
        with self.assertRaisesRegex(ValidationError, "on sales orders only"):
            self.staff_rule(server_action_id=on_partners.id)
        rule = self.staff_rule(server_action_id=self.order_action.id)
        with self.assertRaisesRegex(ValidationError, "on sales orders only"):
            rule.server_action_id = on_partners
        with self.assertRaisesRegex(ValidationError, "on sales orders only"):
            rule.sudo().server_action_id = on_partners
        # A rule saved before the check existed does not run it.
        self.env.cr.execute(
            "UPDATE sale_status_rule SET server_action_id = %s WHERE id = %s",
            [on_partners.id, rule.id],
        )
        rule.invalidate_recordset()
        self.company.sale_status_sandbox = False
        test = (
            self.env["sale.status.rule.test"]
            .with_user(self.admin)
            .create({"rule_id": rule.id, "order_id": self.order.id})
        )
        test.action_send()
        self.assertEqual(test.state, "failed")
        self.assertIn("does not run on sales orders", test.reason)
        self.assertFalse(self.customer.ref)

    def test_copy_and_library_apply_the_rule_checks(self):
        rule = self.staff_rule(server_action_id=self.order_action.id)
        copies = self.env["sale.status.rule.copy"].with_user(self.manager)
        wizard = copies.with_context(
            active_model="sale.status.rule", active_ids=rule.ids
        ).create({"stage_id": self.stage_shipped.id})
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            wizard.action_copy()
        entry = self.env["sale.status.library.entry"].create(
            {
                "name": "Review",
                "channel": "employee",
                "stage_id": self.stage_cancelled.id,
                "rule_values": {
                    "employee_action": "server_action",
                    "server_action_id": self.order_action.id,
                },
            }
        )
        adds = self.env["sale.status.library.add"].with_user(self.manager)
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            adds.create({"entry_id": entry.id}).action_add()
        # An administrator may.
        admin_wizard = (
            self.env["sale.status.rule.copy"]
            .with_user(self.admin)
            .with_context(active_model="sale.status.rule", active_ids=rule.ids)
            .create({"stage_id": self.stage_shipped.id})
        )
        admin_wizard.action_copy()

    def test_copy_and_library_keep_who_may_write_code(self):
        self.env["ir.config_parameter"].set_param(
            "mail.restrict.template.rendering", True
        )
        code = "{{ object.name.upper() }}"
        rule = self.make_rule(self.stage_paid, "Shout", sms_body=code)
        entry = self.env["sale.status.library.entry"].create(
            {"name": "Shout", "channel": "sms", "sms_body": code}
        )
        for user in (self.manager, self.admin):
            with self.subTest(user=user.login):
                copy = (
                    self.env["sale.status.rule.copy"]
                    .with_user(user)
                    .with_context(active_model="sale.status.rule", active_ids=rule.ids)
                    .create({"stage_id": self.stage_shipped.id})
                )
                add = (
                    self.env["sale.status.library.add"]
                    .with_user(user)
                    .create({"entry_id": entry.id, "stage_id": self.stage_paid.id})
                )
                if user == self.manager:  # no Mail Template Editor
                    with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
                        copy.action_copy()
                    with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
                        add.action_add()
                else:
                    copy.action_copy()
                    add.action_add()

    def test_send_test_runs_the_action_as_a_run_does(self):
        self.company.sale_status_sandbox = False
        rule = self.staff_rule(server_action_id=self.order_action.id)
        # A run: the manager cancels an order; the automation runs the action.
        run_order = self.create_order(user_id=self.salesman.id)
        run_order.with_user(self.manager).action_cancel()
        execution = self.executions(run_order, rule_id=rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        # The test: the same manager, on another order, through the dialog.
        test = (
            self.env["sale.status.rule.test"]
            .with_user(self.manager)
            .create({"rule_id": rule.id, "order_id": self.order.id})
        )
        test.action_send()
        self.assertEqual(test.state, "sent", test.reason)
        self.assertEqual(run_order.client_order_ref, "ssa_manager/True")
        self.assertEqual(self.order.client_order_ref, run_order.client_order_ref)

    def test_send_test_shows_nothing_the_user_may_not_read(self):
        self.company.sale_status_sandbox = False
        rule = self.staff_rule(
            employee_action="notify",
            employee_target="user",
            employee_user_id=self.admin.id,
            activity_summary="{{ object.company_id.sms_twilio_auth_token }}",
        )
        self.company.sudo().sms_twilio_auth_token = "secret-token"
        test = (
            self.env["sale.status.rule.test"]
            .with_user(self.manager)
            .create({"rule_id": rule.id, "order_id": self.order.id})
        )
        test.action_send()
        self.assertEqual(test.state, "failed")
        self.assertIn("could not be prepared with your rights", test.reason)
        self.assertNotIn("secret-token", test.reason)
        self.assertFalse(test.subject)
        self.assertFalse(
            self.env["mail.message"].search([("subject", "=", "secret-token")])
        )


@tagged("post_install", "-at_install")
class TestWizardRightsOverHttp(ApiCallsMixin, WizardRightsCase, HttpCase):
    """The same, as the browser of each user and an API client send it."""

    def assertRefused(self, model, method, args, **kwargs):
        with self.assertRaises(JsonRpcException) as refused:
            self.call_kw(model, method, args, **kwargs)
        self.assertIn("AccessError", str(refused.exception))

    def test_salesperson_session_previews_own_orders_only(self):
        self.authenticate("ssa_salesman", "ssa_salesman")
        model = "sale.status.preview"
        theirs = {"default_order_id": self.other_order.id}
        # The Preview automation button of another salesperson's order.
        self.assertRefused(
            model, "onchange", [[], {}, [], PREVIEW_SPEC], context=theirs
        )
        self.assertRefused(model, "create", [{}], context=theirs)
        self.assertRefused(
            model,
            "web_save",
            [[], {"order_id": self.other_order.id}],
            specification=PREVIEW_SPEC,
        )
        # A line of another company's rule.
        self.assertRefused(
            model,
            "web_save",
            [
                [],
                {
                    "order_id": self.order.id,
                    "line_ids": [Command.create({"rule_id": self.theirs.id})],
                },
            ],
            specification=PREVIEW_SPEC,
        )
        # The own order: the dialog opens, and saves and reads back.
        mine = {"default_order_id": self.order.id}
        opened = self.call_kw(
            model, "onchange", [[], {}, [], PREVIEW_SPEC], context=mine
        )
        self.assertEqual(
            [line[2]["rule_id"]["id"] for line in opened["value"]["line_ids"]],
            self.rule.ids,
        )
        (saved,) = self.call_kw(
            model, "web_save", [[], {}], specification=PREVIEW_SPEC, context=mine
        )
        self.assertEqual(saved["stage_id"]["id"], self.stage_paid.id)
        (read,) = self.call_kw(
            model, "web_read", [[saved["id"]]], specification=PREVIEW_SPEC
        )
        self.assertEqual(read["line_ids"][0]["rule_id"]["display_name"], "Thanks")
        # The other salesperson reads not the preview of the first.
        self.authenticate("ssa_other_salesman", "ssa_other_salesman")
        self.assertRefused(
            model, "web_read", [[saved["id"]]], specification=PREVIEW_SPEC
        )

    def test_api_manager_no_administrator_sets_no_server_action(self):
        rule = self.staff_rule(employee_action="activity")
        response = self.json2(
            self.manager,
            "sale.status.rule",
            "write",
            ids=rule.ids,
            vals={
                "employee_action": "server_action",
                "server_action_id": self.order_action.id,
            },
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("Only administrators", response.json()["message"])
        rule.invalidate_recordset()
        self.assertFalse(rule.server_action_id)
        response = self.json2(
            self.manager,
            "sale.status.rule",
            "create",
            vals_list=[
                {
                    "stage_id": self.stage_cancelled.id,
                    "name": "Review",
                    "channel": "employee",
                    "employee_action": "server_action",
                    "server_action_id": self.order_action.id,
                }
            ],
        )
        self.assertEqual(response.status_code, 403, response.text)
        # The administrator may.
        response = self.json2(
            self.admin,
            "sale.status.rule",
            "write",
            ids=rule.ids,
            vals={"server_action_id": self.order_action.id},
        )
        self.assertEqual(response.status_code, 200, response.text)
        rule.invalidate_recordset()
        self.assertEqual(rule.server_action_id, self.order_action)
