# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How a robocall speaks, without a database: the SSML speed and volume a
rule may choose, the call's own phrases and the <Say> of a voice."""

from odoo.tools.translate import LazyTranslate

from .sale_status_voice import twilio_to_odoo_lang

# Bitrix24's robocall speed and volume: SSML <prosody> keywords.
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
# The rule's call language that means: the language of the order's customer.
CUSTOMER_LANGUAGE = "customer"
# Seconds Twilio waits for a key after the question.
KEY_SECONDS = 6
# What Twilio may post as the key pressed at the question.
KEYPAD = frozenset("0123456789*#")

_lt = LazyTranslate(__name__)
# What the call says of itself, in the language of its voice (i18n/*.po).
NO_ANSWER = _lt("We did not get your answer. Goodbye.")
NOT_AN_ANSWER = _lt("This key is not one of the answers.")
GOODBYE = _lt("Goodbye.")
THANK_YOU = _lt("Thank you. Goodbye.")
NOBODY_THERE = _lt("Nobody can take your call right now; we will call you back.")


class Speech:
    """How a call's voice reads its texts: a <Say> in the voice and its
    language, in SSML <prosody> when the rule changes speed or volume and
    the voice reads them."""

    def __init__(self, voice, language, rule, prosody):
        self.options = {"voice": voice, "language": language}
        # The call's own phrases come in the voice's language even where
        # Odoo does not have it installed: the addon's translations are
        # read from its i18n files (fr-CA: fr_CA.po, else fr.po). LazyGettext
        # has no public way to name the language but the user's (guard:
        # tests/test_private_hooks.py; test_call_keys too).
        self.phrase_lang = twilio_to_odoo_lang(language)
        speed = {"rate": rule.call_rate, "volume": rule.call_volume}
        self.prosody = (
            {key: value for key, value in speed.items() if value != "medium"}
            if prosody
            else {}
        )

    def say_phrase(self, parent, phrase):
        self.say(parent, phrase._translate(self.phrase_lang))

    def say(self, parent, text, loop=None):
        if not self.prosody:
            parent.say(text, loop=loop, **self.options)
            return
        parent.say(loop=loop, **self.options).prosody(text, **self.prosody)
