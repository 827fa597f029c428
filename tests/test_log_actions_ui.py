# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A sales manager acts on the automation log in Odoo's own UI."""

from datetime import datetime

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AutomationCase, LogCase


@tagged("post_install", "-at_install")
class TestLogActionsUi(AutomationCase, HttpCase):
    def test_manager_sends_a_failed_execution_again_from_its_form(self):
        self.company.sale_status_sms_max_length = 10  # the SMS is too long: fails
        self.make_rule(self.stage_paid, "Tour retry")
        order = self.create_order()
        order.stage_id = self.stage_paid
        (execution,) = self.executions(order)
        self.run_job(execution)
        self.assertEqual(execution.state, "failed")
        old_job = execution.job_uuid
        self.company.sale_status_sms_max_length = 200
        self.env.flush_all()
        self.start_tour(
            f"/odoo/action-sale_status_automation.sale_status_execution_action/"
            f"{execution.id}",
            "sale_status_automation_log_actions_tour",
            login=self.manager.login,
        )
        execution.invalidate_recordset()
        self.assertEqual(execution.state, "scheduled")
        self.assertEqual(execution.reason, f"Sent again by {self.manager.name}.")
        self.assertNotEqual(execution.job_uuid, old_job)
        self.assertEqual(self.jobs(execution).state, "pending")


@tagged("post_install", "-at_install")
class TestNumbersUi(LogCase, HttpCase):
    """The log and the preview, as a sales manager meets them."""

    def test_the_log_hides_sandbox_runs_and_acts_on_a_mixed_selection(self):
        order = self.create_order()
        order.stage_id = self.stage_paid  # no rule yet: nothing planned
        failed = self.log(
            self.make_rule(self.stage_paid, "Bulk failed"), "failed", order=order
        )
        delivered = self.log(
            self.make_rule(self.stage_paid, "Bulk delivered"), "delivered"
        )
        self.log(self.make_rule(self.stage_paid, "Bulk sandbox"), "sent", sandbox=True)
        self.env.flush_all()
        self.start_tour(
            "/odoo/action-sale_status_automation.sale_status_execution_action",
            "sale_status_automation_numbers_log_tour",
            login=self.manager.login,
        )
        self.assertEqual((failed.state, delivered.state), ("scheduled", "delivered"))

    def test_the_preview_card_says_when_and_why_not(self):
        # Open one day of the week only, two days from now: whatever the
        # time the test runs, the rule is held.
        weekday = (datetime.now().weekday() + 2) % 7
        self.company.sale_status_calendar_id = self.env["resource.calendar"].create(
            {
                "name": "Closed today",
                "tz": "Europe/Brussels",
                "attendance_ids": [
                    fields.Command.create(
                        {
                            "name": "Open",
                            "dayofweek": str(weekday),
                            "hour_from": 9,
                            "hour_to": 17,
                        }
                    )
                ],
            }
        )
        self.make_rule(self.stage_paid, "Held SMS", sms_body="Your order is paid")
        order = self.create_order()
        order.stage_id = self.stage_paid
        self.env.flush_all()
        self.start_tour(
            f"/odoo/sales/{order.id}",
            "sale_status_automation_numbers_preview_tour",
            login=self.manager.login,
        )
