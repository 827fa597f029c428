# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A sales manager acts on the automation log in Odoo's own UI."""

from odoo.tests import HttpCase, tagged

from .common import AutomationCase


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
