# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _trigger_list(self, at_list):
        # Every new sms.sms wakes the SMS queue's cron up. The SMS of a rule
        # leaves at once, from its job, and never waits in that queue: the
        # wake-up would cost a trigger row, a database connection and a run
        # of the cron for nothing, per SMS. A private method of ir.cron: the
        # public _trigger() calls it, and sms.sms calls _trigger() from its
        # create with no way to say "not for these". tests/test_channel_sms.py
        # counts the triggers of a rule's SMS and breaks if it goes.
        if self.env.context.get("sale_status_sms_provider") and self.id == self.env[
            "ir.model.data"
        ]._xmlid_to_res_id(
            "sms.ir_cron_sms_scheduler_action", raise_if_not_found=False
        ):
            return self.env["ir.cron.trigger"]
        return super()._trigger_list(at_list)
