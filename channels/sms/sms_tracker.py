# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SmsTracker(models.Model):
    _inherit = "sms.tracker"

    def _action_update_from_twilio_error(self, sms_status, error_code, error_message):
        # sms_twilio keeps Twilio's message on the notification, not its code,
        # and the code decides what the automation does (send again,
        # blacklist, tell the administrators): it travels in the context to
        # the notification's write (models/mail_notification.py). A private
        # method of sms_twilio, the one its delivery report controller calls;
        # tests/test_sms_replies.py posts such reports and breaks if it goes.
        tracker = self.with_context(sale_status_twilio_error_code=error_code)
        return super(SmsTracker, tracker)._action_update_from_twilio_error(
            sms_status, error_code, error_message
        )
