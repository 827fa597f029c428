# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        result = super().write(vals)
        # Delivery reports of emails and SMS (sms_twilio callbacks, bounces,
        # failed sendings) all end up here.
        if vals.get("notification_status") in ("sent", "exception", "bounce"):
            # sudo: the report may come from a provider's public callback.
            self.env["sale.status.channel"].sudo()._on_notifications(self)
        return result
