# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The voices Twilio reads a robocall with, and the voice each language of
the company's customers gets: part of the robocall channel (call.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

# What each voice family can do: (provider, SSML <prosody> for speed and
# volume, characters Twilio reads in one <Say> (warning 13521)).
ENGINES = {
    "basic": ("basic", False, 4096),
    "polly_standard": ("polly", True, 3000),
    "polly_neural": ("polly", True, 3000),
    # Amazon's generative engine ignores most of SSML, speed and volume too.
    "polly_generative": ("polly", False, 3000),
    "google_standard": ("google", True, 5000),
    "google_wavenet": ("google", True, 5000),
    "google_neural2": ("google", True, 5000),
    # Chirp 3 HD voices take plain text only.
    "google_chirp3_hd": ("google", False, 5000),
}
# The Twilio language of Odoo languages whose code does not say it.
LANG_ALIASES = {
    "zh_CN": "cmn-CN",
    "zh_TW": "cmn-TW",
    "zh_HK": "yue-HK",
    "ar_001": "arb",
    "sr@latin": "sr-RS",
    "tl_PH": "fil-PH",
    # Latin American Spanish: Twilio's Mexican voices, not Castilian ones.
    **{
        f"es_{region}": "es-MX"
        for region in (
            *("419", "AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "GT"),
            *("HN", "NI", "PA", "PE", "PR", "PY", "SV", "UY", "VE"),
        )
    },
}
# Twilio's codes of languages that are not named by their ISO 639-1 code.
BASE_ALIASES = {"arb": "ar", "cmn": "zh", "yue": "zh"}


def twilio_language_of(lang):
    """The Twilio language code of an Odoo language code (fr_BE -> fr-BE)."""
    return LANG_ALIASES.get(lang) or (lang or "").split("@")[0].replace("_", "-")


def twilio_to_odoo_lang(language):
    """The Odoo language code of a Twilio language code (fr-CA -> fr_CA),
    installed or not."""
    for lang, alias in LANG_ALIASES.items():
        if alias == language and "@" not in lang:
            return lang
    return "_".join(language.split("-")[:2])


def base_language(language):
    """The language of a Twilio language code, without its variant."""
    base = language.split("-")[0]
    return BASE_ALIASES.get(base, base)


class SaleStatusVoice(models.Model):
    """A Twilio text-to-speech voice in one language, as Twilio's list of
    voices gives it (data/sale.status.voice.csv)."""

    _name = "sale.status.voice"
    _description = "Robocall Voice"
    _order = "language_name, language, sequence, name"
    _rec_names_search = ("name", "language", "language_name")

    name = fields.Char(string="Voice", required=True, readonly=True)
    language = fields.Char(required=True, readonly=True, index=True)
    language_name = fields.Char(readonly=True)
    engine = fields.Selection(
        [
            ("basic", "Basic"),
            ("polly_standard", "Amazon Polly standard"),
            ("polly_neural", "Amazon Polly neural"),
            ("polly_generative", "Amazon Polly generative"),
            ("google_standard", "Google standard"),
            ("google_wavenet", "Google WaveNet"),
            ("google_neural2", "Google Neural2"),
            ("google_chirp3_hd", "Google Chirp 3 HD"),
        ],
        required=True,
        readonly=True,
    )
    default_for = fields.Selection(
        [("locale", "Its language variant"), ("language", "Its language")],
        string="Default Voice Of",
        readonly=True,
        help="The voice a customer of this language hears when the company chose none.",
    )
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    active = fields.Boolean(default=True)

    _voice_language_unique = models.Constraint(
        "UNIQUE(name, language)", "Twilio lists a voice once per language."
    )

    @api.depends("engine", "default_for")
    def _compute_sequence(self):
        # The default voice first, then the best families.
        ranks = list(ENGINES)
        for voice in self:
            voice.sequence = (0 if voice.default_for else 100) + (
                ranks.index(voice.engine) if voice.engine in ranks else 99
            )

    @api.depends("name", "engine", "language_name")
    def _compute_display_name(self):
        engines = dict(self._fields["engine"]._description_selection(self.env))
        for voice in self:
            voice.display_name = self.env._(
                "%(voice)s (%(engine)s)",
                voice=voice.name,
                engine=engines.get(voice.engine, ""),
            )

    def _prosody(self):
        """Whether the voice reads SSML speed and volume."""
        return ENGINES.get(self.engine, ENGINES["basic"])[1]

    def _text_limit(self):
        return ENGINES.get(self.engine, ENGINES["basic"])[2]

    @api.model
    def _selection_languages(self):
        """(code, label) of every language a voice speaks."""
        groups = self.sudo()._read_group([], ["language", "language_name"])
        # Twilio names a few languages by their code ("Arabic (ar-XA)"): the
        # code is not said twice.
        return sorted(
            (
                (code, name if f"({code})" in (name or "") else f"{name} ({code})")
                for code, name in groups
            ),
            key=lambda item: item[1],
        )

    @api.model
    def _default_voice(self, language):
        """The voice of ``language`` (fr-FR) when nobody chose one."""
        voices = self.search([("language", "=", language)])
        return voices.filtered("default_for")[:1] or voices[:1]

    @api.model
    def _voice_of_lang(self, lang):
        """The default voice for customers of the Odoo language ``lang``:
        its own variant's (fr_CA: fr-CA), else its language's (fr_BE:
        fr-FR), else none."""
        language = twilio_language_of(lang)
        voice = self._default_voice(language)
        if voice:
            return voice
        base = base_language(language)
        voices = self.search([("default_for", "!=", False)]).filtered(
            lambda voice: base_language(voice.language) == base
        )
        return (
            voices.filtered(lambda voice: voice.default_for == "language")[:1]
            or voices[:1]
        )


class SaleStatusCallLanguage(models.Model):
    """Which voice reads a robocall to the customers of one language, for
    the rules that call in the customer's language."""

    _name = "sale.status.call.language"
    _description = "Robocall Voice per Customer Language"
    _order = "lang"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    lang = fields.Selection(
        selection="_selection_lang", string="Customer Language", required=True
    )
    # A voice Twilio no longer lists leaves the list of voices when the
    # addon is updated: its language gets Twilio's usual voice again.
    voice_id = fields.Many2one(
        "sale.status.voice",
        required=True,
        ondelete="cascade",
        domain="[('id', 'in', voice_choice_ids)]",
    )
    voice_choice_ids = fields.Many2many(
        "sale.status.voice",
        compute="_compute_voice_choice_ids",
        help="The voices that speak the customer language.",
    )

    _one_voice_per_language = models.Constraint(
        "UNIQUE(company_id, lang)", "A language has one voice per company."
    )

    @api.model
    def _selection_lang(self):
        return self.env["res.lang"].get_installed()

    @api.depends("lang")
    def _compute_voice_choice_ids(self):
        voices = self.env["sale.status.voice"]
        for line in self:
            base = base_language(twilio_language_of(line.lang))
            # Twilio's codes of the language: fr, fr-FR, fr-CA; cmn-CN for zh.
            codes = [base, *(code for code, of in BASE_ALIASES.items() if of == base)]
            line.voice_choice_ids = voices.search(
                Domain.OR(
                    Domain("language", "=", code)
                    | Domain("language", "=like", f"{code}-%")
                    for code in codes
                )
            )

    @api.onchange("lang")
    def _onchange_lang(self):
        if self.lang and not self.voice_id:
            self.voice_id = self.env["sale.status.voice"]._voice_of_lang(self.lang)

    @api.constrains("lang", "voice_id")
    def _check_voice_speaks_the_language(self):
        for line in self:
            base = base_language(twilio_language_of(line.lang))
            if base_language(line.voice_id.language) != base:
                raise ValidationError(
                    self.env._(
                        "%(voice)s speaks %(language)s, not the customers' language.",
                        voice=line.voice_id.name,
                        language=line.voice_id.language_name,
                    )
                )

    @api.model
    def _voice_for(self, company, lang):
        """The voice customers of ``lang`` hear from ``company``: the one
        the company chose, else Twilio's default for the language."""
        chosen = self.search(
            [("company_id", "=", company.id), ("lang", "=", lang)], limit=1
        )
        return chosen.voice_id or self.env["sale.status.voice"]._voice_of_lang(lang)
