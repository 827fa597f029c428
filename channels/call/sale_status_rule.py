# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a robocall rule says and how: its caller, text or audio, voice,
speed and volume, question and keys, and its calls again when busy."""

from odoo import api, fields, models

from .speech import CUSTOMER_LANGUAGE, RATES, VOLUMES


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("call", "Robocall")], ondelete={"call": "cascade"}
    )
    call_from_number_id = fields.Many2one(
        "sms.twilio.number",
        string="Call From",
        domain="[('company_id', '=', company_id)]",
        help="One of the company's Twilio numbers. When empty: the company's "
        "number of the country called, else the default caller number of the "
        "settings.",
    )
    call_mode = fields.Selection(
        [("text", "Text read by a voice"), ("audio", "Audio file")],
        string="Call Using",
        required=True,
        default="text",
    )
    call_text = fields.Text(
        string="Text to Read",
        translate=True,
        default=lambda self: self.env._(
            "Hello {{ object.partner_id.name }}. Your order {{ object.name }} is now "
            "{{ object.stage_id.name }}. Thank you!"
        ),
    )
    call_language = fields.Selection(
        selection="_selection_call_language",
        required=True,
        default=lambda self: self.env.company.sale_status_voice_language or "en-US",
        help="The customer's language: the text in the language of the order's "
        "customer, read by the voice the settings give that language (Settings "
        "▸ Sales ▸ Voices per customer language), else by Twilio's usual voice "
        "of the language.",
    )
    call_voice_id = fields.Many2one(
        "sale.status.voice",
        string="Voice",
        domain="[('language', '=', call_language)]",
        help="Amazon Polly and Google voices read speed and volume, except "
        "Polly generative and Google Chirp 3 HD voices; basic voices speak "
        "six languages only.",
    )
    call_rate = fields.Selection(RATES, string="Speed", required=True, default="medium")
    call_volume = fields.Selection(
        VOLUMES, string="Volume", required=True, default="medium"
    )
    call_question = fields.Text(
        string="Question",
        translate=True,
        help='Asked once the message was read, with the keys below: "Press 1 '
        'to confirm, 2 to talk to us." Without an answer it is asked once '
        "more, then the call ends politely.",
    )
    call_key_ids = fields.One2many(
        "sale.status.call.key", "rule_id", string="Keys", copy=True
    )
    call_audio_url = fields.Char(
        string="Audio URL", help="A public https:// address of an .mp3 file."
    )
    call_repeat = fields.Integer(
        string="Repeat", default=1, help="How many times the message is played."
    )
    call_machine_detection = fields.Boolean(
        string="Answering Machines",
        help="When a voicemail answers, wait for the beep and leave the message.",
    )
    call_retry_max = fields.Integer(
        string="Calls When Busy",
        default=2,
        help="How many calls at most when the line is busy or nobody answers.",
    )
    call_retry_minutes = fields.Integer(
        string="Minutes Between Calls",
        default=15,
        help="The sending hours still apply to the next call.",
    )

    @api.model
    def default_get(self, fields):
        # Not a field default: Odoo would compute it for the existing rules
        # when the column is added, before the voices are loaded.
        values = super().default_get(fields)
        language = values.get("call_language")
        if "call_voice_id" in fields and "call_voice_id" not in values and language:
            values["call_voice_id"] = self._voice_speaking(language).id
        return values

    @api.model_create_multi
    def create(self, vals_list):
        # A language given without a voice gets that language's voice, not
        # the default voice of another language.
        for vals in vals_list:
            language = vals.get("call_language")
            if (
                language
                and language != CUSTOMER_LANGUAGE
                and "call_voice_id" not in vals
            ):
                vals["call_voice_id"] = self._voice_speaking(language).id
        return super().create(vals_list)

    def _voice_speaking(self, language):
        """The company's default voice if it speaks ``language``, else
        Twilio's usual voice of it."""
        voice = self.env.company._sale_status_default_voice()
        if voice.language != language:
            voice = self.env["sale.status.voice"]._default_voice(language)
        return voice

    @api.model
    def _selection_call_language(self):
        return [
            (CUSTOMER_LANGUAGE, self.env._("The customer's language")),
            *self.env["sale.status.voice"]._selection_languages(),
        ]

    @api.onchange("call_language")
    def _onchange_call_language(self):
        if self.call_language == CUSTOMER_LANGUAGE:
            self.call_voice_id = False
        elif self.call_voice_id.language != self.call_language:
            self.call_voice_id = self._voice_speaking(self.call_language)
