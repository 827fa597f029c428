# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .common import AutomationCase


class TestChannelEmployee(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sale_status_sandbox = False
        cls.order = cls.create_order(user_id=cls.salesman.id)

    def run_rule(self, **values):
        rule = self.make_rule(
            self.stage_cancelled, "Team", channel="employee", **values
        )
        self.order.stage_id = self.stage_cancelled
        execution = self.executions(self.order, rule_id=rule.id)
        with freeze_time("2026-03-02 10:00:00"):
            self.run_job(execution)
        return execution

    def test_activity_for_the_salesperson(self):
        execution = self.run_rule(
            activity_summary="Call back about {{ object.name }}",
            activity_note='<p>Ask <t t-out="object.partner_id.name"/> why.</p>',
            activity_deadline_days=2,
        )
        self.assertEqual(execution.state, "sent", execution.reason)
        activity = self.order.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.summary, f"Call back about {self.order.name}")
        self.assertIn("Ask Ada Customer why.", activity.note)
        self.assertEqual(activity.date_deadline, date(2026, 3, 4))

    def test_notification_to_a_chosen_user(self):
        execution = self.run_rule(
            employee_action="notify",
            employee_target="user",
            employee_user_id=self.manager.id,
            activity_summary="{{ object.name }} cancelled",
        )
        self.assertEqual(execution.state, "sent", execution.reason)
        message = execution.mail_message_id
        self.assertEqual(message.partner_ids, self.manager.partner_id)
        self.assertEqual(message.subject, f"{self.order.name} cancelled")

    def test_server_action_runs_on_the_order(self):
        action = self.env["ir.actions.server"].create(
            {
                "name": "Mark for review",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "state": "code",
                "code": "record.write({'client_order_ref': 'REVIEW'})",
            }
        )
        execution = self.run_rule(
            employee_action="server_action", server_action_id=action.id
        )
        self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(self.order.client_order_ref, "REVIEW")

    def test_order_without_salesperson_is_skipped(self):
        self.order.user_id = False
        execution = self.run_rule()
        self.assertEqual(
            (execution.state, execution.reason),
            ("skipped", "The order has no salesperson."),
        )

    def test_broken_placeholder_in_the_note_is_refused_on_save(self):
        rule = self.make_rule(self.stage_cancelled, "Team", channel="employee")
        with self.assertRaisesRegex(
            ValidationError, "Note cannot be rendered: .*no_such_field"
        ):
            rule.activity_note = '<p><t t-out="object.no_such_field"/></p>'
        with self.assertRaisesRegex(ValidationError, "Summary cannot be rendered"):
            rule.activity_summary = "{{ object.no_such_field }}"
