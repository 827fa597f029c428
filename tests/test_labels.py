# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Labels that say what a field is for, once."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AutomationCase


@tagged("post_install", "-at_install")
class TestLabels(AutomationCase):
    def test_a_language_named_by_its_code_is_not_said_twice(self):
        labels = dict(self.env["sale.status.voice"]._selection_languages())
        self.assertEqual(labels["ar-XA"], "Arabic (ar-XA)")
        self.assertEqual(labels["fr-FR"], "French (France) (fr-FR)")
        for code, label in labels.items():
            self.assertEqual(label.count(code), 1, label)

    def test_the_settings_say_what_the_fields_are_for(self):
        company_fields = self.env["res.company"]._fields
        self.assertEqual(
            company_fields["sale_status_email_from"].string, "Automation Email Sender"
        )
        self.assertEqual(
            company_fields["sale_status_sms_per_second"].string,
            "Sending Rate per Twilio Number",
        )

    def test_sending_hours_are_the_company_own_or_shared(self):
        other = self.env["resource.calendar"].create(
            {"name": "Standard 40 hours/week", "company_id": self.other_company.id}
        )
        shared = self.env["resource.calendar"].create(
            {"name": "Shop hours", "company_id": False}
        )
        own = self.env["resource.calendar"].create(
            {"name": "Standard 40 hours/week", "company_id": self.company.id}
        )
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn("[('company_id', 'in', [company_id, False])]", arch)
        with self.assertRaisesRegex(ValidationError, "are those of Other Shop"):
            self.company.sale_status_calendar_id = other
        self.company.sale_status_calendar_id = shared
        self.company.sale_status_calendar_id = own
