# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A rule's author keeps their own rights: what they write in a rule's texts
and conditions runs and reads nothing they could not themselves.

With Odoo's *Restrict Template Rendering* on, as Odoo's own mail templates
are guarded: only *Mail Template Editors* write placeholders that run code.
"""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import ApiCallsMixin, AutomationCase

# Writes the author into the administrators, were it ever run as superuser.
BECOME_ADMIN = (
    "object.env['res.users'].browse({uid}).write({{'group_ids': [(4, {group})]}})"
)
SECRET = "AC0123456789abcdef0123456789abcdef"


class AuthorRightsCase(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "mail.restrict.template.rendering", True
        )
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.editor_group = cls.env.ref("mail.group_mail_template_editor")
        cls.admin_group = cls.env.ref("base.group_system")
        # A sales administrator who is no template editor.
        cls.sales_admin = new_test_user(
            cls.env,
            "ssa_sales_admin",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id, cls.other_company.id],
        )
        cls.editor = new_test_user(
            cls.env,
            "ssa_editor",
            groups="sales_team.group_sale_manager,mail.group_mail_template_editor",
            company_id=cls.company.id,
            company_ids=[cls.company.id, cls.other_company.id],
        )
        cls.other_company.sudo().write(
            {"sms_provider": "twilio", "sms_twilio_auth_token": SECRET}
        )
        cls.create_order(user_id=cls.sales_admin.id)  # the rules' sample order
        cls.rule = cls.make_rule(cls.stage_paid, "Paid", channel="sms")

    def become_admin(self, user, template="{{{{ {code} }}}}"):
        code = BECOME_ADMIN.format(uid=user.id, group=self.admin_group.id)
        return template.format(code=code)

    def assertNotAdmin(self, user):
        self.env.invalidate_all()
        self.assertFalse(user.has_group("base.group_system"), "became administrator")
        self.assertNotIn(self.admin_group, user.all_group_ids)


class TestRuleAuthorRights(AuthorRightsCase):
    def test_restricted_rendering_leaves_the_sales_admin_no_editor(self):
        self.assertFalse(self.sales_admin.has_group("mail.group_mail_template_editor"))
        self.assertTrue(self.editor.has_group("mail.group_mail_template_editor"))

    def test_code_in_a_text_is_refused_before_it_runs(self):
        rules = self.env["sale.status.rule"].with_user(self.sales_admin)
        rule = self.rule.with_user(self.sales_admin)
        attacks = {
            "write": lambda code: rule.write({"sms_body": code}),
            "create": lambda code: rules.create(
                {
                    "name": "Attack",
                    "stage_id": self.stage_paid.id,
                    "channel": "sms",
                    "sms_body": code,
                }
            ),
            "translation": lambda code: rule.update_field_translations(
                "sms_body", {"fr_FR": code}
            ),
            "email body": lambda code: rule.write(
                {
                    "channel": "email",
                    "email_subject": "Paid",
                    "email_body": f'<p><t t-out="{code}"/></p>',
                }
            ),
            "whatsapp variable": lambda code: rule.write(
                {
                    "channel": "whatsapp",
                    "whatsapp_content_sid": "HX" + "0" * 32,
                    "whatsapp_variable_ids": [
                        Command.create({"key": "1", "value": "{{ %s }}" % code})
                    ],
                }
            ),
        }
        code = self.become_admin(self.sales_admin, "{code}")
        for path, attack in attacks.items():
            with self.subTest(path=path):
                source = (
                    code
                    if path in ("email body", "whatsapp variable")
                    else ("{{ %s }}" % code)
                )
                with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
                    attack(source)
                self.assertNotAdmin(self.sales_admin)
        # The placeholders Odoo lets every user write still work for them.
        rule.write({"sms_body": "Thanks for {{ object.name }}"})
        rule.update_field_translations(
            "sms_body", {"fr_FR": "Merci pour {{ object.name }}"}
        )
        self.assertEqual(
            rule.with_context(lang="fr_FR").sms_body, "Merci pour {{ object.name }}"
        )

    def test_a_variable_written_on_its_own_is_checked_first(self):
        self.env["sms.twilio.number"].create(
            {
                "company_id": self.company.id,
                "number": "+15005550008",
                "country_id": self.env.ref("base.us").id,
                "sale_status_whatsapp": True,
            }
        )
        self.rule.write(
            {
                "channel": "whatsapp",
                "whatsapp_content_sid": "HX" + "0" * 32,
                "whatsapp_variable_ids": [
                    Command.create({"key": "1", "value": "{{ object.name }}"})
                ],
            }
        )
        variables = self.env["sale.status.whatsapp.variable"].with_user(
            self.sales_admin
        )
        attack = self.become_admin(self.sales_admin)
        with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
            variables.create({"rule_id": self.rule.id, "key": "2", "value": attack})
        self.assertNotAdmin(self.sales_admin)
        with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
            variables.browse(self.rule.whatsapp_variable_ids.id).value = attack
        self.assertNotAdmin(self.sales_admin)
        variables.create(
            {
                "rule_id": self.rule.id,
                "key": "2",
                "value": "{{ object.partner_id.name }}",
            }
        )

    def test_every_rendered_text_of_every_channel_in_every_language(self):
        """Each channel's _rendered_fields, whichever channel comes later."""
        self.env["sms.twilio.number"].create(
            {
                "company_id": self.company.id,
                "number": "+15005550009",
                "country_id": self.env.ref("base.us").id,
                "sale_status_whatsapp": True,
            }
        )
        walked = set()
        for code, _label in self.rule._fields["channel"].selection:
            rule = self.rule_rendering_all_texts(code).with_user(self.sales_admin)
            for fname in self.env[f"sale.status.channel.{code}"]._rendered_fields(rule):
                for lang in ("en_US", "fr_FR"):
                    with self.subTest(channel=code, field=fname, lang=lang):
                        self.assert_code_refused_then_safe_saved(rule, fname, lang)
                walked.add(code)
        self.assertLessEqual({"sms", "email", "whatsapp", "chat", "employee"}, walked)

    def rule_rendering_all_texts(self, code):
        """A rule of channel ``code`` with each of its texts written."""
        rules = self.env["sale.status.rule"]
        values = {
            fname: "{{ object.name }}"
            for fname in self.env[f"sale.status.channel.{code}"]._rule_fields
            if rules._fields[fname].type in ("char", "text", "html")
        }
        if "whatsapp_content_sid" in values:
            values["whatsapp_content_sid"] = "HX" + "0" * 32
        for fname in values:
            if fname.endswith("_url"):  # the webhook channel of tests/addons
                values[fname] = "https://127.0.0.1/hook"
        return self.make_rule(self.stage_paid, f"Walk {code}", channel=code, **values)

    def assert_code_refused_then_safe_saved(self, rule, fname, lang):
        field = rule._fields[fname]
        attack, safe = self.become_admin(self.sales_admin), "Order {{ object.name }}"
        if getattr(field, "render_engine", None) == "qweb":
            attack = self.become_admin(self.sales_admin, '<p><t t-out="{code}"/></p>')
            safe = "<p>Order <t t-out='object.name'/></p>"
        with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
            rule.with_context(lang=lang).write({fname: attack})
        self.assertNotAdmin(self.sales_admin)
        if not callable(field.translate):
            with self.assertRaisesRegex(AccessError, "Mail Template Editor"):
                rule.update_field_translations(fname, {lang: attack})
            self.assertNotAdmin(self.sales_admin)
        rule.with_context(lang=lang).write({fname: safe})

    def test_refusals_print_no_value_traceback_or_path(self):
        rule = self.rule.with_user(self.editor)
        leak = "{{ int(object.env['res.company'].browse(%d).sms_twilio_auth_token) }}"
        with self.assertRaises(ValidationError) as refused:
            rule.sms_body = leak % self.other_company.id
        message = str(refused.exception)
        self.assertNotIn(SECRET, message)
        self.assertIn("int(object.env['res.company']", message)
        # The editor's own rights: the token is the administrators'.
        self.assertIn("may not read", message)
        with self.assertRaises(ValidationError) as refused:
            rule.write(
                {
                    "channel": "email",
                    "email_subject": "Paid",
                    "email_body": "<p>Total: <t t-out='object.amount_total / 0'/></p>",
                }
            )
        message = str(refused.exception)
        for forbidden in ("Traceback", 'File "', "/odoo/", ".py"):
            self.assertNotIn(forbidden, message)
        self.assertIn("object.amount_total / 0", message)
        self.assertIn("ZeroDivisionError", message)
        # What an editor may write still renders and saves.
        rule.sms_body = "{{ object.partner_id.email or '' }}"

    def test_a_body_failing_on_an_order_is_logged_without_traceback(self):
        self.create_order(client_order_ref="PO-7")  # the save check's sample
        rule = self.make_rule(
            self.stage_shipped,
            "Reference",
            channel="email",
            email_subject="Shipped",
            email_body="<p>Ref <t t-out='object.client_order_ref.upper()'/></p>",
        )
        order = self.create_order()
        order.stage_id = self.stage_shipped
        execution = self.executions(order, rule_id=rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "failed")
        self.assertIn("could not be prepared", execution.reason)
        for forbidden in ("Traceback", 'File "', ".py"):
            self.assertNotIn(forbidden, execution.reason)

    def test_the_save_check_renders_as_the_author(self):
        """An editor's code runs on save with the editor's rights, not the
        superuser's: reading another company's secret is refused."""
        rule = self.rule.with_user(self.editor)
        with self.assertRaisesRegex(ValidationError, "may not read"):
            rule.sms_body = (
                "{{ object.env['res.company'].browse(%d).sms_twilio_auth_token }}"
                % self.other_company.id
            )
        self.assertNotIn(SECRET, self.rule.sms_body or "")

    def test_the_whatsapp_preview_renders_unsaved_variables_restricted(self):
        self.env["sms.twilio.number"].create(
            {
                "company_id": self.company.id,
                "number": "+15005550010",
                "country_id": self.env.ref("base.us").id,
                "sale_status_whatsapp": True,
            }
        )
        form = Form(self.rule.with_user(self.sales_admin))
        form.channel = "whatsapp"
        form.whatsapp_content_sid = "HX" + "0" * 32
        # Code the sales administrator could run with their own rights (a
        # write on the customer, a count of partners): code all the same,
        # which only template editors write.
        values = [
            self.become_admin(self.sales_admin),
            "{{ object.partner_id.write({'comment': 'written by a preview'}) }}",
            "{{ object.env['res.partner'].search_count([]) }}",
            "{{ object.company_id.sms_twilio_auth_token }}",
            "{{ object.partner_id.name }}",
        ]
        for key, value in enumerate(values, start=1):
            with form.whatsapp_variable_ids.new() as variable:
                variable.key = str(key)
                variable.value = value
        preview = form.whatsapp_preview
        self.assertNotAdmin(self.sales_admin)
        self.assertNotEqual(self.customer.comment, "written by a preview")
        for key in range(1, 5):
            self.assertIn(f"{key}: only template editors", preview)
        self.assertIn(f"5: {self.customer.name}", preview)
        self.assertNotIn(SECRET, preview)

    def test_conditions_name_only_what_the_author_may_read(self):
        rule = self.rule.with_user(self.sales_admin)
        with self.assertRaisesRegex(ValidationError, "may not read"):
            rule.condition_domain = (
                "[('company_id.sms_twilio_auth_token', '=like', 'AC01%')]"
            )
        with self.assertRaisesRegex(ValidationError, "may not read"):
            rule.condition_domain = (
                "[('company_id.sms_twilio_number_ids', 'any', "
                "[('number', '=like', '+1%')])]"
            )
        # No record in the conditions' context: code cannot reach a model.
        with self.assertRaisesRegex(ValidationError, "not a valid filter"):
            rule.condition_domain = (
                "[('id', '=', user.env['res.users'].browse(%d).write("
                "{'group_ids': [(4, %d)]}))]"
                % (self.sales_admin.id, self.admin_group.id)
            )
        self.assertNotAdmin(self.sales_admin)
        rule.condition_domain = "[('amount_total', '>', 100), ('user_id', '=', uid)]"
        rule.condition_domain = "[('partner_id.country_id.code', '=', 'BE')]"

    def test_a_text_the_database_cannot_store_is_refused_on_entry(self):
        with self.assertRaisesRegex(ValidationError, "NUL character"):
            self.rule.with_user(self.sales_admin).sms_body = "Paid\x00"
        self.assertNotIn("\x00", self.rule.sms_body or "")

    def test_fallback_channels_the_form_never_offers_are_refused(self):
        rule = self.rule.with_user(self.sales_admin)
        with self.assertRaisesRegex(ValidationError, "cannot be a fallback"):
            rule.fallback_channel = "employee"
        with self.assertRaisesRegex(ValidationError, "cannot be a fallback"):
            rule.fallback_channel = "carrier_pigeon"
        rule.fallback_channel = "email"


@tagged("post_install", "-at_install")
class TestRuleAuthorRightsOverHttp(ApiCallsMixin, AuthorRightsCase, HttpCase):
    """The same attacks as a browser and an API client send them."""

    def test_json2_write_with_code_is_refused(self):
        attack = self.become_admin(self.sales_admin)
        response = self.json2(
            self.sales_admin,
            "sale.status.rule",
            "write",
            ids=self.rule.ids,
            vals={"sms_body": attack},
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("Mail Template Editor", response.json()["message"])
        self.assertNotAdmin(self.sales_admin)
        response = self.json2(
            self.sales_admin,
            "sale.status.rule",
            "write",
            ids=self.rule.ids,
            vals={"sms_body": "Paid: {{ object.name }}"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.rule.invalidate_recordset()
        self.assertEqual(self.rule.sms_body, "Paid: {{ object.name }}")

    def test_json2_condition_on_a_secret_is_refused(self):
        response = self.json2(
            self.sales_admin,
            "sale.status.rule",
            "write",
            ids=self.rule.ids,
            vals={
                "condition_domain": "[('company_id.sms_twilio_auth_token', "
                "'=like', 'AC01%')]"
            },
        )
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("may not read", response.json()["message"])

    def test_portal_customers_and_guests_reach_no_rule(self):
        new_test_user(self.env, "ssa_portal_author", groups="base.group_portal")
        self.rule.sms_body = "Paid"
        previews = [
            self.rule.ids,
            {"sms_body": "{{ object.name }}"},
            ["sms_body"],
            {"sms_body": {}, "summary": {}},
        ]
        for login in ("ssa_portal_author", None):
            with self.subTest(login=login):
                self.authenticate(login, login)
                for method, args in (
                    ("onchange", previews),
                    ("write", [self.rule.ids, {"sms_body": "{{ object.name }}"}]),
                    ("read", [self.rule.ids, ["sms_body", "condition_domain"]]),
                ):
                    with self.assertRaises(JsonRpcException) as refused:
                        self.call_kw("sale.status.rule", method, args)
                    self.assertRegex(
                        str(refused.exception), "AccessError|SessionExpired"
                    )
        self.rule.invalidate_recordset()
        self.assertEqual(self.rule.sms_body, "Paid")

    def test_browser_translation_and_preview_are_refused_or_restricted(self):
        self.authenticate("ssa_sales_admin", "ssa_sales_admin")
        attack = self.become_admin(self.sales_admin)
        with self.assertRaises(JsonRpcException) as refused:
            self.call_kw(
                "sale.status.rule",
                "update_field_translations",
                [self.rule.ids, "sms_body", {"fr_FR": attack}],
            )
        self.assertIn("AccessError", str(refused.exception))
        self.assertNotAdmin(self.sales_admin)
        # The form's onchange, as the web client sends it while typing: code
        # the user could run with their own rights, code all the same.
        attack = "{{ object.partner_id.write({'comment': 'written by a preview'}) }}"
        result = self.call_kw(
            "sale.status.rule",
            "onchange",
            [
                self.rule.ids,
                {
                    "channel": "whatsapp",
                    "whatsapp_content_sid": "HX" + "0" * 32,
                    "whatsapp_variable_ids": [
                        [0, "virtual_1", {"key": "1", "value": attack}]
                    ],
                },
                ["whatsapp_variable_ids"],
                {
                    "channel": {},
                    "whatsapp_content_sid": {},
                    "whatsapp_preview": {},
                    "whatsapp_variable_ids": {
                        "fields": {"key": {}, "value": {}},
                    },
                },
            ],
        )
        self.customer.invalidate_recordset()
        self.assertNotEqual(self.customer.comment, "written by a preview")
        self.assertIn("only template editors", result["value"]["whatsapp_preview"])
