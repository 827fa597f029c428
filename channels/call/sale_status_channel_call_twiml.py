# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a robocall says: the TwiML of the rule's text (or audio) in the
voice and language of the customer, and the question with its keys."""

from twilio.twiml.voice_response import VoiceResponse

from odoo import models

from ...tools.sending import PermanentChannelError
from ...tools.twilio import public_url
from .sale_status_voice import twilio_language_of
from .speech import CUSTOMER_LANGUAGE, KEY_SECONDS, NO_ANSWER, Speech


class SaleStatusChannelCall(models.AbstractModel):
    _inherit = "sale.status.channel.call"

    def _ask(self, response, execution, speech, question, again=False):
        """The question, then Twilio posts the key pressed to the execution;
        without a key, the question once more, then goodbye."""
        company = execution.company_id
        # The question is asked twice at most: a wrong key at the second
        # asking ends the call (``again``).
        for asking_again in (True,) if again else (False, True):
            gather = response.gather(
                input="dtmf",
                num_digits=1,
                timeout=KEY_SECONDS,
                action=public_url(company, self._key_path(execution, asking_again)),
                method="POST",
            )
            speech.say(gather, question)
        speech.say_phrase(response, NO_ANSWER)
        response.hangup()

    def _speaker(self, rule, order, partner):
        """(voice, Twilio language, Odoo language of the text) of the rule's
        call to ``partner``: the rule's, or in the customer's language the
        company's voice of that language, else its default voice."""
        voices = self.env["sale.status.voice"]
        company = order.company_id
        if rule.call_language == CUSTOMER_LANGUAGE:
            lang = self._text_lang(
                rule, partner.lang or order.partner_id.lang or company.partner_id.lang
            )
            voice = lang and self.env["sale.status.call.language"]._voice_for(
                company, lang
            )
            if voice:
                return voice, voice.language, lang
            # No voice of the customer's language reads a text written in
            # it: the company's voice reads the text in its own language.
            voice = company._sale_status_default_voice()
        else:
            # Twilio's usual voice when the rule's left Twilio's list.
            voice = rule.call_voice_id or voices._default_voice(rule.call_language)
        if not voice:
            raise PermanentChannelError(self.env._("The rule has no voice."))
        return voice, voice.language, self._lang_speaking(voice.language)

    def _text_lang(self, rule, lang):
        """The installed language the rule's text to read is written in for
        a customer of ``lang``: ``lang``, else another variant of its
        language (fr_FR for fr_CH); None when neither has it."""
        # The stored translations: the ORM reads a missing one as the
        # English text, and a French voice would read English. A private
        # method of Odoo's translated fields, which have no public way to
        # tell a translation from the fallback (guard:
        # tests/test_private_hooks.py; test_call_voices too).
        if not lang:
            return None
        written = rule._fields["call_text"]._get_stored_translations(rule) or {}
        base = lang.split("_")[0]
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        variants = [code for code in installed if code.split("_")[0] == base]
        for code in [lang, *variants]:
            if (written.get(code) or "").strip():
                return code
        return None

    def _lang_speaking(self, language):
        """The installed Odoo language of a Twilio language, else one of the
        same language (fr-CA: fr_FR), else none."""
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        same = [code for code in installed if twilio_language_of(code) == language]
        base = language.split("-")[0]
        return (same or [code for code in installed if code.startswith(base)] or [""])[
            0
        ]

    def _twiml(self, rule, order, partner, execution=None):
        """(TwiML, what the customer hears) of the rule's call on ``order``
        to ``partner``; with a question, Twilio posts the key pressed to
        ``execution``'s key callback."""
        response = VoiceResponse()
        loop = rule.call_repeat if rule.call_repeat > 1 else None
        if rule.call_mode == "audio":
            response.play(rule.call_audio_url, loop=loop)
            return str(response), rule.call_audio_url
        voice, language, lang = self._speaker(rule, order, partner)
        texts = {
            fname: (self._render(rule, fname, order, lang) or "").strip()
            for fname in ("call_text", "call_question")
        }
        if not texts["call_text"]:
            raise PermanentChannelError(self.env._("The rule has no text to read."))
        # Speed and volume of a rule in the customer's language are left out
        # for a voice that cannot read them: the rule was saved without
        # knowing which voice each customer gets.
        problem = self._speech_problem(
            voice,
            "".join(texts.values()),
            rule,
            speed=rule.call_language != CUSTOMER_LANGUAGE,
        )
        if problem:
            raise PermanentChannelError(problem)
        speech = Speech(voice.name, language, rule, voice._prosody())
        speech.say(response, texts["call_text"], loop=loop)
        if rule.call_key_ids and execution:
            self._ask(response, execution, speech, texts["call_question"])
        return str(response), "\n".join(filter(None, texts.values()))

    def _render(self, rule, fname, order, lang):
        if lang:
            return rule._render_field(fname, order.ids, set_lang=lang)[order.id]
        return rule._render_field(fname, order.ids, compute_lang=True)[order.id]
