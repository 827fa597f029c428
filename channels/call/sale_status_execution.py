# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleStatusExecution(models.Model):
    _inherit = "sale.status.execution"

    call_sequence = fields.Integer(
        readonly=True,
        default=-1,
        help="The last call status report taken into account (Twilio numbers "
        "them): older or repeated reports are ignored.",
    )
    call_duration = fields.Integer(string="Call Duration (s)", readonly=True)
    call_key = fields.Char(
        string="Key Pressed", readonly=True, help="The customer's answer to the call."
    )
    call_keys_pressed = fields.Integer(
        string="Keys Pressed",
        readonly=True,
        help="1 when the customer answered the call's question with a key.",
    )
    answered_by = fields.Char(readonly=True)
