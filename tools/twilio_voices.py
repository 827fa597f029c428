# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Twilio text-to-speech voices a robocall rule can use, by language."""

LANGUAGES = [
    ("en-US", "English (US)"),
    ("en-GB", "English (UK)"),
    ("fr-FR", "French"),
    ("de-DE", "German"),
    ("es-ES", "Spanish"),
    ("it-IT", "Italian"),
    ("nl-NL", "Dutch"),
    ("pt-BR", "Portuguese (Brazil)"),
]
# Twilio's basic voices speak these languages only.
BASIC_LANGUAGES = {"en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "it-IT"}

# voice -> (family, language; None for the basic voices)
VOICES = {
    "woman": ("basic", None),
    "man": ("basic", None),
    "Polly.Joanna": ("polly", "en-US"),
    "Polly.Matthew": ("polly", "en-US"),
    "Polly.Amy": ("polly", "en-GB"),
    "Polly.Brian": ("polly", "en-GB"),
    "Polly.Celine": ("polly", "fr-FR"),
    "Polly.Mathieu": ("polly", "fr-FR"),
    "Polly.Marlene": ("polly", "de-DE"),
    "Polly.Hans": ("polly", "de-DE"),
    "Polly.Conchita": ("polly", "es-ES"),
    "Polly.Enrique": ("polly", "es-ES"),
    "Polly.Carla": ("polly", "it-IT"),
    "Polly.Giorgio": ("polly", "it-IT"),
    "Polly.Lotte": ("polly", "nl-NL"),
    "Polly.Ruben": ("polly", "nl-NL"),
    "Polly.Camila": ("polly", "pt-BR"),
    "Polly.Ricardo": ("polly", "pt-BR"),
    "Google.en-US-Standard-C": ("google", "en-US"),
    "Google.en-GB-Standard-A": ("google", "en-GB"),
    "Google.fr-FR-Standard-A": ("google", "fr-FR"),
    "Google.de-DE-Standard-A": ("google", "de-DE"),
    "Google.es-ES-Standard-A": ("google", "es-ES"),
    "Google.it-IT-Standard-A": ("google", "it-IT"),
    "Google.nl-NL-Standard-A": ("google", "nl-NL"),
    "Google.pt-BR-Standard-A": ("google", "pt-BR"),
}
VOICE_SELECTION = [
    (voice, {"basic": f"Basic ({voice})"}.get(family, voice))
    for voice, (family, _language) in VOICES.items()
]
# Characters Twilio reads for a <Say> (warning 13521).
TEXT_LIMITS = {"basic": 4096, "polly": 3000, "google": 5000}
RATES = [
    ("x-slow", "Very slow"),
    ("slow", "Slow"),
    ("medium", "Normal"),
    ("fast", "Fast"),
    ("x-fast", "Very fast"),
]
VOLUMES = [
    ("x-soft", "Very soft"),
    ("soft", "Soft"),
    ("medium", "Normal"),
    ("loud", "Loud"),
    ("x-loud", "Very loud"),
]


def voice_family(voice):
    return VOICES.get(voice, ("basic", None))[0]


def speaks(voice, language):
    family, voice_language = VOICES.get(voice, (None, None))
    if family == "basic":
        return language in BASIC_LANGUAGES
    return voice_language == language


def voices_for(language):
    return [voice for voice in VOICES if speaks(voice, language)]
