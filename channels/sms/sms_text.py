# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What an SMS's text is to carriers and to Twilio, without a database: how
many SMS it makes, and the keywords a customer answers with."""

# Twilio's standard keywords (what its Advanced Opt-Out answers to). YES
# subscribes again only a number that opted out: otherwise it answers a
# question ("Can we deliver tomorrow?").
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
OPT_IN_AFTER_OPT_OUT_ONLY = frozenset({"YES"})
HELP_WORDS = frozenset({"HELP", "INFO"})
# The GSM 03.38 alphabet an SMS is written in unless a character outside it
# makes the whole SMS UCS-2; those of its extension take two characters.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def sms_parts(text):
    """(characters, SMS, encoding) of ``text`` as carriers count it: GSM-7
    when every character is in its alphabet (those of its extension count
    twice), 160 characters in one SMS, 153 per part of a longer one; else
    UCS-2, in UTF-16 units, 70 in one, 67 per part."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        length = len(text) + sum(char in GSM7_EXTENSION for char in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "Unicode"
    parts = 0 if not length else 1 if length <= single else -(-length // part)
    return length, parts, encoding
