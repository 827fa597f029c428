# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""An email rule where Odoo already emails the customer names Odoo's email."""

from .common import AutomationCase


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
