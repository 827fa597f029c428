# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from ...tools.sending import ChannelError
from ...tools.twilio import assert_twilio_settings


class SaleStatusVoiceTest(models.TransientModel):
    """Place one call with the company's Twilio voice settings."""

    _name = "sale.status.voice.test"
    _inherit = "sale.status.wizard.rights"
    _description = "Test Call"
    # The call goes out with the Twilio account of a company selected in the
    # user's company switcher (sale.status.wizard.rights).
    _user_company_fields = ("company_id",)

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    number = fields.Char(string="Call", required=True, help="Your phone number.")
    text = fields.Char(
        required=True,
        default=lambda self: self.env._(
            "This is a test call from %s.", self.env.company.name
        ),
    )
    call_sid = fields.Char(string="Twilio Call", readonly=True)
    error = fields.Char(readonly=True)

    def action_call(self):
        self.ensure_one()
        self._check_own_records()
        # What to fix and where, rather than Twilio's refusal in the form.
        assert_twilio_settings(self.company_id)
        try:
            self.write(
                {
                    "call_sid": self.env["sale.status.channel.call"]._place_test_call(
                        self.company_id, self.number, self.text
                    ),
                    "error": False,
                }
            )
        except ChannelError as error:
            self.write({"call_sid": False, "error": str(error)})
        return self._shown_again(self.env._("Test call"))
