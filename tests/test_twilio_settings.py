# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Webhook addresses Twilio cannot reach are told, with their host."""

from odoo.tests import tagged

from ..tools.twilio import unreachable_url_reason
from .common import AutomationCase


@tagged("post_install", "-at_install")
class TestTwilioCanReachTheWebhook(AutomationCase):
    def warning(self, base_url):
        self.env["ir.config_parameter"].set_param("web.base.url", base_url)
        return self.env["res.config.settings"].create({}).sale_status_webhook_warning

    def test_local_and_plain_http_addresses_are_told(self):
        for url in (
            "http://127.0.0.1:8069",
            "http://localhost:8069",
            "https://192.168.1.20",
            "https://10.0.0.5:8443",
            "http://odoo:8069",
            "https://shop.local",
            "http://[::1]:8069",
        ):
            self.assertIn("Twilio cannot reach", self.warning(url), url)
        self.assertIn("plain http", self.warning("http://shop.example.com"))
        self.assertFalse(self.warning("https://shop.example.com"))

    def test_the_reason_names_the_host(self):
        self.assertIn(
            "127.0.0.1",
            unreachable_url_reason(self.env, "http://127.0.0.1:8069/x"),
        )
