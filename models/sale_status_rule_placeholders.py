# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who may write what a rule renders, and the check that it renders.

A rule's texts are rendered by the automation, for every order, with the
automation's rights (``_unrestricted_rendering``), so Odoo's rule for mail
templates applies: only *Mail Template Editors* write placeholders that run
code. mail.render.mixin checks it after the record is written, too late
here: the rule's constraints run as superuser in between. So the values a
user writes are checked before anything is written, and the render check on
a sample order runs afterwards as that user, in Odoo's restricted mode.
"""

import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.placeholders import alone, placeholders

TEXT_TYPES = ("char", "text", "html")
# A placeholder that only reads fields: object.partner_id.name.
FIELD_PATH = re.compile(r"^object((?:\.[A-Za-z_]\w*)+)$")
# The placeholders of Odoo's old templates, which Odoo 19 sends as they are.
OLD_PLACEHOLDER = re.compile(r"\$\{\s*(object(?:\.[A-Za-z_]\w*)*)\s*\}")


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_written_texts(vals)
        rules = super().create(vals_list)
        rules._check_rendering()
        return rules

    def write(self, vals):
        self._check_written_texts(vals)
        result = super().write(vals)
        if vals.keys() & self._channel_settings_fields():
            self._check_rendering()
        return result

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=""
    ):
        for value in translations.values():
            # A dict for an HTML field: its terms, old to new.
            terms = value.values() if isinstance(value, dict) else [value]
            for term in terms:
                self._check_written_texts({field_name: term})
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        if field_name in self._channel_settings_fields():
            self._check_rendering()
        return result

    # ------------------------------------------------------------ who writes
    @api.model
    def _may_write_code(self):
        """Whether the user may write placeholders that run code: Odoo's
        *Mail Template Editors*, as for mail templates."""
        return self.env.su or self.env.user.has_group("mail.group_mail_template_editor")

    @api.model
    def _check_written_texts(self, vals, model=None):
        """Raise when ``vals`` (for ``model``, the rule by default, and the
        lines it creates or changes) hold code a non-editor may not write,
        or a text the database cannot store."""
        may_write_code = self._may_write_code()
        model = model if model is not None else self
        for fname, value in vals.items():
            field = model._fields.get(fname)
            if not field:
                continue
            if field.type in ("one2many", "many2many") and isinstance(value, list):
                lines = self.env[field.comodel_name]
                for command in value:
                    # Create and update commands carry the lines' values.
                    if isinstance(command, (list, tuple)) and len(command) == 3:
                        line_vals = command[2]
                        if isinstance(line_vals, dict):
                            self._check_written_texts(line_vals, lines)
                continue
            if field.type not in TEXT_TYPES or not isinstance(value, str):
                continue
            if "\x00" in value:
                # PostgreSQL refuses it, and only when the text is flushed.
                raise ValidationError(
                    self.env._(
                        "%(field)s: the text holds a NUL character, which cannot "
                        "be saved.",
                        field=field._description_string(self.env),
                    )
                )
            engine = getattr(field, "render_engine", None)
            # A field the order does not have is a mistake, not code: said so
            # to every user, before the check of who may write code.
            problem = self._path_problem(value, engine)
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be rendered: %(problem)s",
                        field=field._description_string(self.env),
                        problem=problem,
                    )
                )
            if not may_write_code and self._runs_code(value, engine):
                raise self._code_refused(field)

    @api.model
    def _runs_code(self, source, engine=None):
        """Whether ``source`` holds more than the plain field paths Odoo
        lets every user write (mail_allowed_qweb_expressions)."""
        if engine in ("qweb", "qweb_view"):
            return self._has_unsafe_expression_template_qweb(source, "sale.order")
        return self._has_unsafe_expression_template_inline_template(
            source, "sale.order"
        )

    def _code_refused(self, field):
        group = self.env.ref("mail.group_mail_template_editor")
        return AccessError(
            self.env._(
                "%(field)s: only members of %(group)s may write placeholders that "
                "run code. Other users may write the placeholders Odoo allows "
                "everyone, such as {{ object.name }} or "
                "{{ object.partner_id.name }}.",
                field=field._description_string(self.env),
                group=group.name,
            )
        )

    # ------------------------------------------------------------ render check
    def _check_rendering(self):
        """Render each text of the rules, in each language, on the latest
        order the user may read: as the user and in Odoo's restricted mode,
        so that it runs nothing the user could not run and reads nothing the
        user could not read. A text that fails is refused with the
        placeholder that fails."""
        renderer = self.env["mail.render.mixin"].with_user(self.env.uid)
        for rule in self.with_user(self.env.uid):
            # A new shop has no order yet: one built in memory, never saved,
            # stands in for it.
            sample = rule._sample_order() or rule._unsaved_sample_order()
            for channel in rule._channels():
                for label, source, engine in channel._placeholder_texts(rule):
                    problem = rule._path_problem(source, engine) or (
                        rule._render_problem(renderer, source, engine, sample)
                    )
                    if problem:
                        raise ValidationError(
                            self.env._(
                                "Rule %(rule)s: %(text)s cannot be rendered: "
                                "%(problem)s",
                                rule=rule.name,
                                text=label,
                                problem=problem,
                            )
                        )

    def _unsaved_sample_order(self):
        """An order of the rule's company built in memory, with a line, for
        a company that has none yet."""
        company = self.company_id
        product = self.env["product.product"].search(
            [("sale_ok", "=", True), ("company_id", "in", [False, company.id])],
            limit=1,
        )
        return self.env["sale.order"].new(
            {
                "name": self.env._("Sample order"),
                "company_id": company.id,
                "partner_id": company.partner_id.id,
                "user_id": self.env.uid,
                "date_order": fields.Datetime.now(),
                "stage_id": self.stage_id.id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": product.id, "product_uom_qty": 1}
                    )
                ]
                if product
                else [],
            }
        )

    def _path_problem(self, source, engine):
        """Why a placeholder of ``source`` that reads fields names one the
        order does not have, whatever the order: checked without rendering,
        so even where no order exists to render on."""
        if not source:
            return None
        old = OLD_PLACEHOLDER.search(str(source))
        if old:
            return self.env._(
                "%(placeholder)s is written the way of Odoo's old templates and "
                "would be sent as it is: write {{ %(expression)s }}.",
                placeholder=old.group(0),
                expression=old.group(1),
            )
        for expression in placeholders(source, engine):
            match = FIELD_PATH.match(expression)
            if not match:
                continue
            model = self.env["sale.order"]
            for name in match.group(1).split(".")[1:]:
                field = model._fields.get(name)
                if field is None:
                    if hasattr(type(model), name):  # a method or property
                        break
                    return self.env._(
                        "the placeholder %(placeholder)s reads %(field)s, which "
                        "is not a field of %(model)s.",
                        placeholder=expression,
                        field=name,
                        model=model._description,
                    )
                if not field.relational:
                    break
                model = self.env[field.comodel_name]
        return None

    def _render_problem(self, renderer, source, engine, order):
        """Why ``source`` cannot be rendered on ``order``, naming the
        placeholder at fault, or None when it renders."""
        if not source or not self._try_render(renderer, source, engine, order):
            return None
        for expression in placeholders(source, engine):
            error = self._try_render(renderer, alone(expression, engine), engine, order)
            if error:
                return self._placeholder_problem(expression, error)
        return self.env._("the text is not a valid template.")

    def _try_render(self, renderer, source, engine, order):
        """The error rendering ``source`` on ``order`` raises, or None."""
        return self._render_on(renderer, source, engine, order)[1]

    def _render_on(self, renderer, source, engine, order):
        """(``source`` rendered on ``order``, None), or (None, the error)."""
        try:
            with self.env.cr.savepoint():
                # _ids: an order built in memory has no id in ``ids``.
                rendered = renderer._render_template(
                    source, "sale.order", list(order._ids), engine=engine
                )
        except Exception as error:  # noqa: BLE001 (told as a placeholder problem)
            return None, error
        return rendered[order.id], None

    def _rendered_on_sample(self, source, engine="inline_template"):
        """(``source`` rendered on the order the rule is tried on, that
        order): as the user, who may run a compute as superuser, and in
        Odoo's restricted mode; (None, order) when it does not render, the
        save check then names the placeholder at fault."""
        rule = self.with_user(self.env.uid)
        # A new shop has no order yet: one built in memory stands in for it.
        sample = rule._sample_order() or rule._unsaved_sample_order()
        if not rule._may_write_code() and rule._runs_code(source, engine):
            return None, sample
        renderer = (
            self.env["mail.render.mixin"]
            .with_user(self.env.uid)
            .with_context(lang=sample.partner_id.lang or None)
        )
        rendered, _error = rule._render_on(renderer, source, engine, sample)
        return rendered, sample

    def _placeholder_problem(self, expression, error):
        # Never the error's own text: it may quote a value the code read.
        causes = [error]
        while True:
            cause = causes[-1].__cause__ or causes[-1].__context__
            if cause is None or cause in causes:
                break
            causes.append(cause)
        if any(isinstance(cause, AccessError) for cause in causes):
            return self.env._(
                "the placeholder %(placeholder)s reads something you may not read, "
                "or runs code, which only template editors may write.",
                placeholder=expression,
            )
        return self.env._(
            "the placeholder %(placeholder)s fails (%(error)s).",
            placeholder=expression,
            error=type(causes[-1]).__name__,
        )
