# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The guards of the private methods of Odoo, sms_twilio and queue_job the
addon overrides or calls (README, "Private hooks of other modules").

Each test asserts what the addon relies on from the other module, not only
that the name is still there: an upgrade that renames a hook, stops calling
it or changes what it does turns the test of that hook red.
"""

import base64
from datetime import datetime, timedelta
from unittest.mock import patch

import pytz

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.mail.models.mail_thread import MailThread
from odoo.addons.queue_job.job import CANCELLED, PENDING, Job
from odoo.addons.sms.tools.sms_api import SmsApi
from odoo.addons.sms_twilio.models.sms_sms import SmsSms as SmsTwilioSms
from odoo.addons.sms_twilio.models.sms_tracker import TWILIO_CODE_TO_FAILURE_TYPE
from odoo.addons.sms_twilio.tools.sms_api import SmsApiTwilio

from ..channels.call.speech import NO_ANSWER
from ..tools.queue_jobs import NewJob
from ..tools.twilio import ExchangeRecordingTwilioSmsApi
from .common import AutomationCase
from .fake_twilio import FakeTwilioCase

TWILIO_NUMBER = "+15005550006"
CUSTOMER_E164 = "+32470123456"
REFUSED_E164 = "+32470999999"
# A rule's SMS names its provider in the context (channels/sms/).
RULE_SMS = "sale_status_sms_provider"


@tagged("post_install", "-at_install")
class TestPrivateHooks(FakeTwilioCase, AutomationCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect_company_to_the_fake(TWILIO_NUMBER, sms_provider="twilio")
        cls.other_company.sms_provider = "iap"

    def new_sms(self, company, **context):
        return (
            self.env["sms.sms"]
            .with_context(**context)
            .create(
                {
                    "number": CUSTOMER_E164,
                    "body": "Hello",
                    "record_company_id": company.id,
                }
            )
        )

    # ------------------------------------------------------------ sms
    def test_sms_split_by_api_pairs_each_sms_with_the_api_that_sends_it(self):
        """sms.sms._split_by_api, ._get_sms_company, SmsApi._set_company and
        res.company._get_sms_api_class (channels/sms/sms_sms.py and
        res_company.py): the API a batch is paired with is asked of its
        company, and it is that API that sends the batch."""
        by_twilio, by_iap = self.new_sms(self.company), self.new_sms(self.other_company)
        self.assertEqual(by_twilio._get_sms_company(), self.company)
        self.assertIs(self.company._get_sms_api_class(), SmsApiTwilio)
        self.assertIs(self.other_company._get_sms_api_class(), SmsApi)
        pairs = {
            type(api): (api.company, batch)
            for api, batch in (by_twilio | by_iap)._split_by_api()
        }
        self.assertEqual(pairs[SmsApiTwilio], (self.company, by_twilio))
        self.assertEqual(pairs[SmsApi][1], by_iap)
        # sms_twilio asks the company for the API class of a Twilio batch,
        # and hands it the company (called past the addon's override of the
        # split, with the context in which the addon's override of
        # _get_sms_api_class answers "IAP").
        ((api, batch),) = SmsTwilioSms._split_by_api(
            by_twilio.with_context(**{RULE_SMS: "iap"})
        )
        self.assertEqual(
            (type(api), api.company, batch), (SmsApi, self.company, by_twilio)
        )
        # send() sends with the API of the split: built without it, from
        # the current company's Twilio settings (none here), the SMS would
        # not reach the Twilio account of the company it was split for.
        sms = self.new_sms(self.company).with_company(self.other_company)
        sms.send(unlink_sent=False)
        (request,) = self.fake_twilio.api_requests("Messages")
        self.assertEqual(
            (request.form["To"], request.form["From"], sms.state),
            # Twilio took it: sms_twilio waits for its delivery report.
            (CUSTOMER_E164, TWILIO_NUMBER, "pending"),
        )

    def test_the_sms_queue_wakes_its_cron_through_trigger_list(self):
        """ir.cron._trigger_list (channels/sms/ir_cron.py): a new SMS wakes
        the SMS queue's cron with _trigger(), which creates its triggers in
        _trigger_list: where the addon leaves out the wake-up of a rule's
        SMS, sent from its own job."""
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")

        def triggers():
            return self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

        before = triggers()
        self.new_sms(self.company)
        self.assertEqual(triggers(), before + 1)
        self.new_sms(self.company, **{RULE_SMS: "twilio"})
        self.assertEqual(triggers(), before + 1)

    def test_twilio_delivery_report_goes_through_the_tracker_to_the_notification(self):
        """sms.tracker._action_update_from_twilio_error (channels/sms/
        sms_tracker.py): sms_twilio's delivery report controller calls it
        with Twilio's status, code and message; it writes the failure on the
        SMS's notification in the environment it is called in, so that the
        code the addon's override puts in the context reaches the
        notification's write (models/mail_notification.py)."""
        rule = self.make_rule(self.stage_paid, "Paid", sms_body="Paid.")
        order = self.create_order()
        order.stage_id = self.stage_paid
        execution = self.executions(order, rule_id=rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)
        # The report is read by another request, from the database.
        self.env.flush_all()
        (request,) = self.fake_twilio.api_requests("Messages")
        with self.allow_requests(all_requests=True):
            response = self.fake_twilio.post_status_callback(
                request, "undelivered", ErrorCode="30003", ErrorMessage="Unreachable"
            )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        notification = execution.mail_message_id.notification_ids
        self.assertEqual(TWILIO_CODE_TO_FAILURE_TYPE["30003"], "invalid_destination")
        self.assertEqual(
            (
                notification.notification_status,
                notification.failure_type,
                notification.failure_reason,
            ),
            ("bounce", "sms_invalid_destination", "Unreachable"),
        )
        # What only Twilio's code says (the phone is off: text again later),
        # which sms_twilio does not keep, reached the SMS channel.
        self.assertEqual(execution.state, "scheduled", execution.reason)

    def test_twilio_sms_api_sends_each_sms_through_its_send_request(self):
        """SmsApiTwilio._sms_twilio_send_request (tools/twilio/exchange.py):
        sms_twilio's batch sends each SMS with one call of it, given the
        requests session that posts to Twilio and the SMS's uuid: what the
        addon's subclass wraps to see how each request went."""
        self.fake_twilio.fail_number(REFUSED_E164, 21211, message="Invalid 'To'")
        exchanges = {}
        api = ExchangeRecordingTwilioSmsApi(
            self.env(
                context=dict(self.env.context, sale_status_sms_exchanges=exchanges)
            )
        )
        api._set_company(self.company)
        results = api._send_sms_batch(
            [
                {
                    "content": "Hello",
                    "numbers": [
                        {"number": CUSTOMER_E164, "uuid": "sent-one"},
                        {"number": REFUSED_E164, "uuid": "refused-one"},
                    ],
                }
            ]
        )
        self.assertEqual(
            [(result["uuid"], result["state"] == "sent") for result in results],
            [("sent-one", True), ("refused-one", False)],
        )
        self.assertEqual(
            {uuid: (e.outcome, e.twilio_code) for uuid, e in exchanges.items()},
            {"sent-one": ("accepted", None), "refused-one": ("refused", 21211)},
        )
        self.assertEqual(len(self.fake_twilio.api_requests("Messages")), 2)

    def test_twilio_account_sid_check(self):
        """res.company._assert_twilio_sid (tools/twilio/client.py): sms_twilio's
        own check of the account SID, which the settings check reuses."""
        self.company._assert_twilio_sid()
        self.company.sms_twilio_account_sid = "AC123"
        with self.assertRaises(UserError):
            self.company._assert_twilio_sid()

    # ------------------------------------------------------------ phone
    # ------------------------------------------------------------ translations
    def test_stored_translations_are_the_languages_a_text_is_written_in(self):
        """Field._get_stored_translations (channels/call/
        sale_status_channel_call_twiml.py): the languages a translated text
        is written in, where reading the field in another language gives the
        English text."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["res.lang"]._activate_lang("nl_NL")
        rule = self.make_rule(self.stage_paid, "Call", call_text="Hello")
        rule.with_context(lang="fr_FR").call_text = "Bonjour"
        field = rule._fields["call_text"]
        self.assertEqual(
            field._get_stored_translations(rule), {"en_US": "Hello", "fr_FR": "Bonjour"}
        )
        self.assertEqual(rule.with_context(lang="nl_NL").call_text, "Hello")

    def test_a_code_phrase_in_a_language_odoo_does_not_have(self):
        """LazyGettext._translate (channels/call/speech.py): a phrase of the
        code in a language named, from the addon's i18n files, even one that
        is not installed (fr_CA reads fr.po)."""
        self.assertFalse(self.env["res.lang"]._lang_get("fr_CA"))
        self.assertEqual(
            NO_ANSWER._translate("fr_CA"),
            "Nous n'avons pas reçu votre réponse. Au revoir.",
        )
        self.assertEqual(
            NO_ANSWER._translate("en_US"), "We did not get your answer. Goodbye."
        )

    def test_field_labels_in_the_user_language(self):
        """Field._description_string and ._description_selection (labels of
        the log, the summaries and Copy to): a field's label and its
        selection's labels, in the environment's language."""
        self.env["res.lang"]._activate_lang("fr_FR")
        french = self.env(context=dict(self.env.context, lang="fr_FR"))
        described = self.env["ir.model.fields"]._get("sale.status.execution", "state")
        described.with_env(french).field_description = "État"
        described.selection_ids.filtered(
            lambda selection: selection.value == "skipped"
        ).with_env(french).name = "Ignoré"
        state = self.env["sale.status.execution"]._fields["state"]
        self.assertEqual(state._description_string(french), "État")
        self.assertIn(("skipped", "Ignoré"), state._description_selection(french))
        self.assertIn(("skipped", "Skipped"), state._description_selection(self.env))

    # ------------------------------------------------------------ mail
    def test_mail_server_from_filter(self):
        """ir.mail_server._match_from_filter (channels/email/): whether a
        server sends from an address, as Odoo reads its FROM filter when it
        picks the server of an email."""
        server = self.env["ir.mail_server"].create(
            {
                "name": "Shop",
                "smtp_host": "smtp.shop.example",
                "from_filter": "shop.example, boss@other.example",
            }
        )
        match = server._match_from_filter
        self.assertTrue(match('"Shop" <Sales@Shop.Example>', server.from_filter))
        self.assertTrue(match("boss@other.example", server.from_filter))
        self.assertFalse(match("clerk@other.example", server.from_filter))
        self.assertTrue(match("anyone@anywhere.example", False))
        self.assertEqual(
            self.env["ir.mail_server"]._find_mail_server("sales@shop.example")[0],
            server,
        )

    def test_mail_template_generate_template(self):
        """mail.template._generate_template (channels/email/
        sale_status_channel_email.py): a template's subject, body, its own
        attachments and its reports, rendered on a record."""
        order = self.create_order()
        template = self.env["mail.template"].create(
            {
                "name": "Order news",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "subject": "Order {{ object.name }}",
                "body_html": '<p>Hello <t t-out="object.partner_id.name"/></p>',
                "attachment_ids": [
                    Command.create({"name": "terms.txt", "raw": b"Our terms"})
                ],
                "report_template_ids": [
                    Command.link(self.env.ref("sale.action_report_saleorder").id)
                ],
            }
        )
        values = template._generate_template(
            order.ids, ["subject", "body_html", "attachment_ids", "report_template_ids"]
        )[order.id]
        self.assertEqual(values["subject"], f"Order {order.name}")
        self.assertIn("Hello Ada Customer", values["body_html"])
        attachments = self.env["ir.attachment"].browse(values["attachment_ids"])
        self.assertEqual(attachments.mapped("raw"), [b"Our terms"])
        ((name, content),) = values["attachments"]
        self.assertIn(order.name, name)
        self.assertTrue(base64.b64decode(content))

    def test_unsafe_placeholders(self):
        """mail.render.mixin._has_unsafe_expression_template_qweb and
        _inline_template (models/sale_status_rule_placeholders.py): whether a
        text runs more than the field paths every user may write."""
        rule = self.env["sale.status.rule"]
        inline = rule._has_unsafe_expression_template_inline_template
        self.assertFalse(inline("{{ object.name }}", "sale.order"))
        self.assertTrue(inline("{{ object.sudo().name }}", "sale.order"))
        qweb = rule._has_unsafe_expression_template_qweb
        self.assertFalse(qweb('<t t-out="object.name"/>', "sale.order"))
        self.assertTrue(qweb('<t t-out="object.env.user.password"/>', "sale.order"))

    # ------------------------------------------------------------ sale
    def test_the_confirmation_template_odoo_sends(self):
        """sale.order._get_confirmation_template (models/
        sale_status_rule_odoo_emails.py): Sales' setting, else Odoo's own."""
        order = self.create_order()
        self.assertEqual(
            order._get_confirmation_template(),
            self.env.ref("sale.mail_template_sale_confirmation"),
        )
        chosen = self.env.ref("sale.email_template_edi_sale")
        self.env["ir.config_parameter"].set_param(
            "sale.default_confirmation_template", chosen.id
        )
        self.assertEqual(order._get_confirmation_template(), chosen)

    # ------------------------------------------------------------ resource
    def test_working_intervals_of_a_calendar(self):
        """resource.calendar._work_intervals_batch (models/
        resource_calendar.py): the calendar's working hours between two
        moments, in a time zone, without its public holidays."""
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Mornings",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": name,
                            "dayofweek": day,
                            "hour_from": 9,
                            "hour_to": 12,
                        }
                    )
                    for day, name in (("0", "Monday"), ("1", "Tuesday"))
                ],
            }
        )
        brussels = pytz.timezone("Europe/Brussels")
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 3, 3, 0, 0),
                "date_to": datetime(2026, 3, 3, 22, 59),
            }
        )
        start = pytz.utc.localize(datetime(2026, 3, 1, 23, 0))
        intervals = calendar._work_intervals_batch(
            start, start + timedelta(days=3), tz=brussels
        )[False]
        self.assertEqual(
            [(begin.isoformat(), end.isoformat()) for begin, end, _ in intervals],
            [("2026-03-02T09:00:00+01:00", "2026-03-02T12:00:00+01:00")],
        )

    # ------------------------------------------------------------ phone
    def test_the_phone_blacklist_table(self):
        """phone_validation's phone_blacklist table (channels/channel.py
        reads it): the numbers its public add() and remove() keep there, in
        E.164, as a partner's stored phone_sanitized has them, and whether
        each is active; a number the blacklist holds is the one Odoo says is
        blacklisted on the partner."""
        channel = self.env["sale.status.channel"]
        partner = self.env["res.partner"].create(
            {
                "name": "Blacklisted",
                "phone": "0470 12 34 56",
                "country_id": self.env.ref("base.be").id,
            }
        )
        self.assertEqual(partner.phone_sanitized, CUSTOMER_E164)
        self.assertFalse(channel._on_phone_blacklist(CUSTOMER_E164))
        self.env["phone.blacklist"].add("+32 470 12 34 56")
        self.assertTrue(channel._on_phone_blacklist(partner.phone_sanitized))
        partner.invalidate_recordset(["phone_sanitized_blacklisted"])
        self.assertTrue(partner.phone_sanitized_blacklisted)
        self.env["phone.blacklist"].remove("+32 470 12 34 56")
        self.assertFalse(channel._on_phone_blacklist(CUSTOMER_E164))
        partner.invalidate_recordset(["phone_sanitized_blacklisted"])
        self.assertFalse(partner.phone_sanitized_blacklisted)

    # ------------------------------------------------------------ queue_job
    def test_queue_job_rows_and_their_edit_sentinel(self):
        """queue_job's Job._store_values, queue.job's _job_edit_sentinel and
        _change_job_state (tools/queue_jobs.py): the values of a job's row,
        the fields only the sentinel may write, and cancelling one job."""
        rule = self.make_rule(self.stage_paid, "Later", timing="delay", delay=2)
        order = self.create_order()
        order.stage_id = self.stage_paid
        execution = self.executions(order, rule_id=rule.id)
        job = Job(execution._run, max_retries=5)
        values = job._store_values(create=True)
        jobs = self.env["queue.job"]
        self.assertLessEqual(set(values), set(jobs._fields))
        self.assertEqual(
            (values["uuid"], values["model_name"], values["method_name"]),
            (job.uuid, "sale.status.execution", "_run"),
        )
        self.assertEqual((values["state"], values["max_retries"]), (PENDING, 5))
        self.assertEqual(values["records"], execution)
        row = jobs.with_context(_job_edit_sentinel=jobs.EDIT_SENTINEL).create(values)
        with self.assertRaises(AccessError):
            jobs.browse(row.id).write({"method_name": "_other"})
        row.with_context(_job_edit_sentinel=jobs.EDIT_SENTINEL).write(
            {"method_name": "_run"}
        )
        row._change_job_state(CANCELLED, result="The order left.")
        self.assertEqual(
            (row.state, row.result, bool(row.date_cancelled)),
            (CANCELLED, "The order left.", True),
        )

    def test_a_job_stored_new_looks_up_no_dependency(self):
        """Job._store_values reads a job's dependencies through its
        depends_on and reverse_depends_on, which search queue.job
        (tools/queue_jobs.py, NewJob): a new job's store the same values
        without the searches."""
        rule = self.make_rule(self.stage_paid, "Later", timing="delay", delay=2)
        order = self.create_order()
        order.stage_id = self.stage_paid
        execution = self.executions(order, rule_id=rule.id)
        no_dependency = {"depends_on": [], "reverse_depends_on": []}
        with patch.object(
            Job, "db_records_from_uuids", wraps=Job.db_records_from_uuids
        ) as search:
            values = Job(execution._run)._store_values(create=True)
            self.assertEqual(values["dependencies"], no_dependency)
            self.assertEqual(search.call_count, 2)
            search.reset_mock()
            values = NewJob(execution._run)._store_values(create=True)
            self.assertEqual(values["dependencies"], no_dependency)
            search.assert_not_called()

    # ------------------------------------------------------------ mail
    def test_tracked_moves_of_orders_are_logged_at_once(self):
        """mail.thread._message_track logs each order's tracked changes
        (those with no subtype to post) by the order's _message_log, whose
        _message_log_batch gives mail's values to _message_create
        (models/sale_order_tracking.py): the moves of many orders are logged
        in one INSERT of messages and one of tracking values, the messages
        mail logs one by one."""
        orders = self.create_order() | self.create_order()
        by_mail = self.create_order() | self.create_order()
        self.flush_tracking()
        by_mail_before = {order.id: {"stage_id": order.stage_id} for order in by_mail}
        (orders | by_mail).stage_id = self.stage_paid
        self.env.flush_all()
        # The moves of by_mail left to mail's own _message_track, below.
        pending = self.env.cr.precommit.data["mail.tracking.sale.order"]
        for order in by_mail:
            del pending[order.id]
        inserts = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else query
            if code.startswith("INSERT"):
                inserts.append(code.split('"')[1])
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, "execute", logged):
            self.flush_tracking()
        self.assertEqual(inserts.count("mail_message"), 1)
        self.assertEqual(inserts.count("mail_tracking_value"), 1)
        MailThread._message_track(by_mail.sudo(), ["stage_id"], by_mail_before)
        self.env.flush_all()

        def move_message(order):
            (message,) = order.message_ids.filtered("tracking_value_ids")
            return message

        def logged_as(message):
            values = message.read(
                [
                    "author_id",
                    "body",
                    "email_add_signature",
                    "email_from",
                    "is_internal",
                    "message_type",
                    "model",
                    "partner_ids",
                    "record_alias_domain_id",
                    "record_company_id",
                    "reply_to",
                    "subject",
                    "subtype_id",
                ]
            )[0]
            del values["id"]
            values["tracking"] = message.tracking_value_ids.read(
                [
                    "field_id",
                    "old_value_char",
                    "new_value_char",
                    "old_value_integer",
                    "new_value_integer",
                ]
            )
            for value in values["tracking"]:
                del value["id"]
            return values

        messages = [move_message(order) for order in orders | by_mail]
        self.assertEqual(
            [logged_as(message) for message in messages[:2]],
            [logged_as(message) for message in messages[2:]],
        )
        self.assertEqual(len({message.message_id for message in messages}), 4)
