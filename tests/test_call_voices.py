# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every Twilio voice of data/sale.status.voice.csv, and robocalls in the
customer's language."""

import csv
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

VOICES_CSV = Path(__file__).resolve().parent.parent / "data" / "sale.status.voice.csv"
# How Twilio names the voices of each family.
VOICE_NAMES = {
    "basic": r"(man|woman)",
    "polly_standard": r"Polly\.[A-Z][a-z]+",
    "polly_neural": r"Polly\.[A-Z][a-z]+-Neural",
    "polly_generative": r"Polly\.[A-Z][a-z]+-Generative",
    "google_standard": r"Google\.{language}-Standard-[A-Z]",
    "google_wavenet": r"Google\.{language}-Wavenet-[A-Z]",
    "google_neural2": r"Google\.{language}-Neural2-[A-Z]",
    "google_chirp3_hd": r"Google\.{language}-Chirp3-HD-[A-Z][a-z]+",
}
CALLER = "+15005550006"
# The families whose voices read SSML <prosody> (speed and volume), as
# Twilio's documentation of each says; the others read plain text only.
PROSODY = {
    "polly_standard",
    "polly_neural",
    "google_standard",
    "google_wavenet",
    "google_neural2",
}


@tagged("post_install", "-at_install")
class TestCallVoices(FakeTwilioCase, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(CALLER)
        cls.Voice = cls.env["sale.status.voice"]
        cls.order = cls.create_order()
        cls.rule = cls.make_rule(
            cls.stage_shipped,
            "Shipped call",
            channel="call",
            call_language="en-US",
            call_voice_id=cls.voice("Polly.Joanna", "en-US").id,
            call_text="Hello, order {{ object.name }} left.",
            call_question="Press 1 to confirm.",
        )

    def call(self):
        self.order.stage_id = self.stage_paid
        self.order.stage_id = self.stage_shipped
        execution = self.executions(self.order, rule_id=self.rule.id)[-1]
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        says = ElementTree.fromstring(
            self.fake_twilio.api_requests("Calls")[-1].form["Twiml"]
        ).findall("Say")
        return execution, [
            ("".join(say.itertext()), say.get("voice"), say.get("language"))
            for say in says
        ]

    def test_the_data_file_is_twilios_list(self):
        with VOICES_CSV.open() as data:
            rows = list(csv.DictReader(data))
        self.assertEqual(len(rows), self.Voice.search_count([]))
        self.assertEqual(len({(r["name"], r["language"]) for r in rows}), len(rows))
        for row in rows:
            pattern = VOICE_NAMES[row["engine"]].format(
                language=re.escape(row["language"])
            )
            self.assertRegex(row["name"], f"^{pattern}$")
        # One default voice per language variant, and one per language.
        defaults = Counter(r["language"] for r in rows if r["default_for"])
        self.assertEqual(set(defaults.values()), {1})
        self.assertEqual(set(defaults), {r["language"] for r in rows})

    def test_every_voice_reads_valid_twiml(self):
        """Each voice of each language of the data file, as Twilio reads it:
        the message, then the question twice and the goodbye, each in the
        voice and its language, with speed and volume in SSML where the
        voice reads them."""
        channel = self.env["sale.status.channel.call"]
        self.rule.call_key_ids = [Command.create({"key": "1"})]
        log = self.env["sale.status.execution"]
        execution = log.create(log._values_for(self.order, self.rule, 1))
        languages = set()
        for voice in self.Voice.search([]):
            prosody = voice.engine in PROSODY
            self.rule.write(
                {
                    "call_language": voice.language,
                    "call_voice_id": voice.id,
                    "call_rate": "fast" if prosody else "medium",
                    "call_volume": "loud" if prosody else "medium",
                }
            )
            twiml, _content = channel._twiml(
                self.rule, self.order, self.customer, execution
            )
            root = ElementTree.fromstring(twiml)
            self.assertEqual(
                [node.tag for node in root],
                ["Say", "Gather", "Gather", "Say", "Hangup"],
            )
            says = [root[0], root[1][0], root[2][0], root[3]]
            for say in says:
                self.assertEqual(
                    (say.tag, say.get("voice"), say.get("language")),
                    ("Say", voice.name, voice.language),
                )
                spoken = [(node.tag, node.attrib) for node in say]
                self.assertEqual(
                    spoken,
                    [("prosody", {"rate": "fast", "volume": "loud"})]
                    if prosody
                    else [],
                )
            self.assertIn(self.order.name, "".join(says[0].itertext()))
            self.assertEqual("".join(says[1].itertext()), "Press 1 to confirm.")
            languages.add(voice.language)
        self.assertGreaterEqual(len(languages), 60)

    def test_customer_language_picks_the_voice_and_the_translation(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["res.lang"]._activate_lang("nl_BE")
        self.rule.write({"call_language": "customer", "call_voice_id": False})
        self.rule.with_context(lang="fr_FR").write(
            {
                "call_text": "Bonjour, la commande {{ object.name }} est partie.",
                "call_question": "Appuyez sur 1.",
            }
        )
        self.customer.lang = "fr_FR"
        _execution, says = self.call()
        self.assertEqual(
            says,
            [
                (
                    f"Bonjour, la commande {self.order.name} est partie.",
                    "Polly.Lea-Neural",
                    "fr-FR",
                )
            ],
        )
        # The company's voice of the language wins over Twilio's usual one.
        self.env["sale.status.call.language"].create(
            {"lang": "fr_FR", "voice_id": self.voice("Polly.Remi-Neural", "fr-FR").id}
        )
        self.assertEqual(self.call()[1][0][1:], ("Polly.Remi-Neural", "fr-FR"))
        # Swiss French: the text written in French, and the company's voice
        # of French.
        self.env["res.lang"]._activate_lang("fr_CH")
        self.customer.lang = "fr_CH"
        self.assertEqual(
            self.call()[1][0],
            (
                f"Bonjour, la commande {self.order.name} est partie.",
                "Polly.Remi-Neural",
                "fr-FR",
            ),
        )
        # Belgian Dutch, which the text is not written in: not a Dutch voice
        # reading English, the company's English voice.
        self.company.write(
            {
                "sale_status_voice_language": "en-GB",
                "sale_status_voice_id": self.voice("Polly.Amy-Neural", "en-GB").id,
            }
        )
        self.customer.lang = "nl_BE"
        self.assertEqual(
            self.call()[1],
            [(f"Hello, order {self.order.name} left.", "Polly.Amy-Neural", "en-GB")],
        )
        self.rule.with_context(lang="nl_BE").call_text = "Bestelling {{ object.name }}."
        self.assertEqual(
            self.call()[1][0],
            (f"Bestelling {self.order.name}.", "Polly.Lisa-Neural", "nl-BE"),
        )

    def test_speed_is_left_out_for_a_customers_voice_that_cannot_read_it(self):
        """The rule in the customer's language was saved without knowing
        each customer's voice: a voice that reads no SSML still calls."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.rule.write(
            {"call_language": "customer", "call_voice_id": False, "call_rate": "slow"}
        )
        self.rule.with_context(lang="fr_FR").call_text = "Commande {{ object.name }}."
        self.env["sale.status.call.language"].create(
            {
                "lang": "fr_FR",
                "voice_id": self.voice("Polly.Lea-Generative", "fr-FR").id,
            }
        )
        self.customer.lang = "fr_FR"
        _execution, says = self.call()
        self.assertEqual(
            says[0], (f"Commande {self.order.name}.", "Polly.Lea-Generative", "fr-FR")
        )
        twiml = self.fake_twilio.api_requests("Calls")[-1].form["Twiml"]
        self.assertNotIn("prosody", twiml)
        # A voice that reads it gets the speed.
        self.customer.lang = "en_US"
        self.call()
        twiml = self.fake_twilio.api_requests("Calls")[-1].form["Twiml"]
        self.assertIn('<prosody rate="slow">', twiml)

    def test_languages_odoo_and_twilio_name_differently(self):
        voice_of = self.Voice._voice_of_lang
        self.assertEqual(voice_of("tl_PH").language, "fil-PH")
        self.assertEqual(voice_of("es_AR").language, "es-MX")
        self.assertEqual(voice_of("es_419").language, "es-MX")
        self.assertEqual(voice_of("es_ES").language, "es-ES")
        self.assertEqual(voice_of("zh_CN").language, "cmn-CN")
        self.assertEqual(voice_of("sr@latin").language, "sr-RS")

    def test_a_language_no_voice_speaks_gets_the_company_voice(self):
        self.env["res.lang"]._activate_lang("sq_AL")
        self.company.write(
            {
                "sale_status_voice_language": "en-GB",
                "sale_status_voice_id": self.voice("Polly.Amy-Neural", "en-GB").id,
            }
        )
        self.rule.write({"call_language": "customer", "call_voice_id": False})
        self.customer.lang = "sq_AL"
        self.assertEqual(
            self.call()[1],
            [(f"Hello, order {self.order.name} left.", "Polly.Amy-Neural", "en-GB")],
        )

    def test_a_fixed_language_reads_its_own_translation(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.rule.with_context(lang="fr_FR").call_text = "Commande {{ object.name }}."
        self.rule.write(
            {
                "call_language": "fr-FR",
                "call_voice_id": self.voice("Polly.Celine", "fr-FR").id,
            }
        )
        self.customer.lang = "en_US"
        self.assertEqual(
            self.call()[1], [(f"Commande {self.order.name}.", "Polly.Celine", "fr-FR")]
        )

    def test_a_voice_too_small_for_the_text_fails_with_a_reason(self):
        self.rule.write({"call_language": "customer", "call_voice_id": False})
        self.rule.call_text = "x" * 3500  # Polly reads 3000 at most
        self.order.stage_id = self.stage_shipped
        execution = self.executions(self.order, rule_id=self.rule.id)[-1]
        self.run_job(execution)
        self.assertEqual(execution.state, "failed")
        self.assertIn(
            "Twilio reads at most 3000 with Polly.Joanna-Neural", execution.reason
        )
        self.assertFalse(self.fake_twilio.api_requests("Calls"))

    def test_voices_per_language_must_speak_it(self):
        table = self.env["sale.status.call.language"]
        with self.assertRaisesRegex(Exception, "speaks German"):
            table.create(
                {"lang": "en_US", "voice_id": self.voice("Polly.Vicki", "de-DE").id}
            )
        line = table.new({"lang": "en_US"})
        line._onchange_lang()
        self.assertEqual(line.voice_id, self.voice("Polly.Joanna-Neural", "en-US"))
        # The list offers the voices of the language only, every variant.
        offered = line.voice_choice_ids._origin
        self.assertIn(self.voice("Polly.Amy-Neural", "en-GB"), offered)
        self.assertEqual({voice.language.split("-")[0] for voice in offered}, {"en"})
        self.assertEqual(
            len(offered), self.Voice.search_count([("language", "=like", "en-%")])
        )

    def test_a_language_without_a_voice_gets_its_usual_voice(self):
        rule = self.make_rule(
            self.stage_paid, "German call", channel="call", call_language="de-DE"
        )
        self.assertEqual(rule.call_voice_id, self.voice("Polly.Vicki-Neural", "de-DE"))
        # The company's voice where it speaks the language.
        self.company.sale_status_voice_id = self.voice("Polly.Matthew", "en-US")
        rule = self.make_rule(
            self.stage_paid, "English call", channel="call", call_language="en-US"
        )
        self.assertEqual(rule.call_voice_id, self.voice("Polly.Matthew", "en-US"))

    def test_a_voice_leaving_twilios_list_leaves_its_usual_voice(self):
        """What a refreshed data file does to a voice Twilio dropped."""
        self.env["res.lang"]._activate_lang("fr_FR")
        remi = self.voice("Polly.Remi-Neural", "fr-FR")
        choice = self.env["sale.status.call.language"].create(
            {"lang": "fr_FR", "voice_id": remi.id}
        )
        self.rule.write({"call_language": "fr-FR", "call_voice_id": remi.id})
        remi.unlink()
        self.assertFalse(self.rule.call_voice_id)
        self.assertFalse(choice.exists())
        lea = ("Polly.Lea-Neural", "fr-FR")
        self.assertEqual(self.call()[1][0][1:], lea)
        self.rule.call_language = "customer"
        self.rule.with_context(lang="fr_FR").call_text = "Commande {{ object.name }}."
        self.customer.lang = "fr_FR"
        self.assertEqual(self.call()[1][0][1:], lea)
