# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SmsTwilioNumber(models.Model):
    _inherit = "sms.twilio.number"

    sale_status_whatsapp = fields.Boolean(
        string="WhatsApp Sender",
        help="The number is a WhatsApp sender of the Twilio account: automation "
        "rules can send WhatsApp messages from it.",
    )
