# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The channel's texts, as its _text_fields declares them: "Add from
library" puts its entry's text on the rule and *Copy to…* carries it, in
every language."""

from odoo.addons.sale_status_automation.tests.common import AutomationCase

FRENCH = "{{ object.name }} est expédiée"


class TestWebhookLibrary(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.entry = cls.env.ref("test_sale_status_webhook.library_webhook_shipped")
        cls.entry.update_field_translations("webhook_text", {"fr_FR": FRENCH})

    def test_the_library_puts_the_channel_text_on_the_rule(self):
        wizard = (
            self.env["sale.status.library.add"]
            .with_user(self.manager)
            .create({"entry_id": self.entry.id})
        )
        self.assertEqual(wizard.stage_id, self.stage_shipped)
        rule = self.env["sale.status.rule"].browse(wizard.action_add()["res_id"])
        self.assertEqual(
            (rule.channel, rule.webhook_url, rule.name),
            ("webhook", "https://warehouse.example.com/hook", "Tell the warehouse"),
        )
        self.assertEqual(rule.webhook_text, "{{ object.name }} has shipped")
        self.assertEqual(rule.with_context(lang="fr_FR").webhook_text, FRENCH)

    def test_copy_carries_the_channel_text(self):
        rule = self.entry._create_rule(self.stage_shipped, self.company)
        wizard = (
            self.env["sale.status.rule.copy"]
            .with_user(self.manager)
            .with_context(active_model="sale.status.rule", active_ids=rule.ids)
            .create({"stage_id": self.stage_paid.id})
        )
        copy = self.env["sale.status.rule"].browse(wizard.action_copy()["res_id"])
        self.assertNotEqual(copy, rule)
        self.assertEqual(copy.stage_id, self.stage_paid)
        self.assertEqual(copy.webhook_text, "{{ object.name }} has shipped")
        self.assertEqual(copy.with_context(lang="fr_FR").webhook_text, FRENCH)
