# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Labels that say what a field is for, once; the choices a field offers
are the rule's company's."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

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


class TestRuleLabels(AutomationCase):
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
