# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

# Rule fields an entry does not choose: the wizard, the company and the
# board do.
NOT_FROM_ENTRY = frozenset(
    {
        "id",
        "name",
        "stage_id",
        "company_id",
        "sequence",
        "active",
        "paused",
        "channel",
    }
)


class SaleStatusLibraryEntry(models.Model):
    """A ready rule offered by "Add from library" on the rules board.

    An entry is a data record, as a mail template is: its texts are
    translatable fields exported with the addon's translations, and adding
    it creates a normal rule that the user then edits. Its name and the
    texts each channel declares (the channel's ``_text_fields``, fields of
    the same name here, added by the channel's folder) are copied onto the
    rule in every installed language; any other rule setting goes in
    ``rule_values``. Another addon adds an entry with one record; the texts
    of its own channel, with translatable fields of the same name on this
    model.
    """

    _name = "sale.status.library.entry"
    _description = "Automation Rule Library Entry"
    _order = "sequence, id"

    name = fields.Char(
        required=True, translate=True, help="The name of the rules it creates."
    )
    description = fields.Text(translate=True, help="What the rule does, in a line.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    requires_module = fields.Char(
        help="Technical name of a module the entry needs (a field its texts "
        "use): the entry is offered only once that module is installed.",
    )
    available = fields.Boolean(
        compute="_compute_available",
        search="_search_available",
        help="Active, and its module (if any) installed.",
    )
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Suggested Status",
        ondelete="set null",
        help="The status the rule is put in, unless the user picks another.",
    )
    channel = fields.Selection(selection="_selection_channel", required=True)
    rule_values = fields.Json(
        string="Other Settings",
        help="Other values of the rule, by field name: timing, delay, "
        "recipient, channel options.",
    )

    @api.model
    def _selection_channel(self):
        return (
            self.env["sale.status.rule"]
            ._fields["channel"]
            ._description_selection(self.env)
        )

    def _compute_available(self):
        installed = self._installed_modules()
        for entry in self:
            entry.available = entry.active and (
                not entry.requires_module or entry.requires_module in installed
            )

    def _search_available(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        available = Domain("active", "=", True) & (
            Domain("requires_module", "=", False)
            | Domain("requires_module", "in", list(self._installed_modules()))
        )
        return available if (operator == "in") == (True in value) else ~available

    def _installed_modules(self):
        # sudo: which modules are installed is no secret, but only
        # administrators read the module list.
        modules = self.env["ir.module.module"].sudo()
        return set(modules.search([("state", "=", "installed")]).mapped("name"))

    @api.model
    def _text_fields(self):
        """The entry's texts copied onto the rule, in every language: its
        name and the texts every channel declares, whichever the entry's
        channel (a rule_values fallback takes its own channel's texts)."""
        fnames = {"name": None}
        for code, _label in self._selection_channel():
            channel = self.env[f"sale.status.channel.{code}"]
            fnames.update(dict.fromkeys(channel._text_fields))
        return list(fnames)

    @api.constrains("rule_values")
    def _check_rule_values(self):
        rule_fields = self.env["sale.status.rule"]._fields
        for entry in self:
            values = entry.rule_values or {}
            if not isinstance(values, dict):
                raise ValidationError(
                    self.env._(
                        "Library entry %(entry)s: the other settings must be "
                        "values by rule field name.",
                        entry=entry.name,
                    )
                )
            unknown = sorted(
                key
                for key in values
                if key not in rule_fields
                or key in NOT_FROM_ENTRY
                or key in self._text_fields()
            )
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Library entry %(entry)s: %(fields)s cannot be set through "
                        "the other settings (not a rule field, or chosen elsewhere).",
                        entry=entry.name,
                        fields=", ".join(unknown),
                    )
                )

    def _create_rule(self, stage, company):
        """Create the entry's rule in ``stage`` for ``company``, as the
        current user (whose rights and record rules apply), with the texts
        in every installed language."""
        self.ensure_one()
        # What the caller names is the user's to read, in the companies of
        # their company switcher; the rule is then created as the user, so
        # the rule's own checks (rights, record rules, who may write which
        # placeholders) apply.
        self.check_access("read")
        stage.check_access("read")
        if company not in self.env.companies and not self.env.su:
            raise AccessError(
                self.env._(
                    "Rules can only be added to the companies selected in the "
                    "company switcher."
                )
            )
        if not self.available:
            raise UserError(
                self.env._(
                    "The library entry %(entry)s is not available.", entry=self.name
                )
            )
        Rule = self.env["sale.status.rule"]
        last = Rule.search(
            [("stage_id", "=", stage.id), ("company_id", "=", company.id)],
            order="sequence desc",
            limit=1,
        )
        source = self.with_context(lang="en_US")
        text_fields = self._text_fields()
        rule = Rule.with_context(lang="en_US").create(
            {
                **(self.rule_values or {}),
                **{fname: source[fname] for fname in text_fields if source[fname]},
                "channel": self.channel,
                "stage_id": stage.id,
                "company_id": company.id,
                "sequence": last.sequence + 1 if last else 10,
                # Runs once the user has read it and activated it.
                "paused": True,
            }
        )
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for fname in text_fields:
            translations = {
                lang: value
                for lang in langs
                if lang != "en_US"
                and (value := self.with_context(lang=lang)[fname])
                and value != source[fname]
            }
            if translations:
                rule.update_field_translations(fname, translations)
        return rule.with_context(lang=self.env.lang)
