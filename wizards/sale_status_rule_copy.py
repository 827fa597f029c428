# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import safe_eval

# What a record of another company is in the target company, when it is
# obvious: the record there with the same value of this field (a Twilio
# number of the same country, a calendar of the same name), if there is
# exactly one. Other models have no equivalent: the setting is cleared.
EQUIVALENT_BY = {
    "sms.twilio.number": "country_id",
    "resource.calendar": "name",
}


class SaleStatusRuleCopy(models.TransientModel):
    """Copy rules to another status or company. A copy is a normal rule with
    all its settings and translations; the settings bound to the rule's
    company (Twilio numbers, sending hours, a user of that company only) are
    mapped to the target company's equivalent when there is an obvious one,
    else cleared, as the dialog says before copying."""

    _name = "sale.status.rule.copy"
    _inherit = "sale.status.wizard.rights"
    _description = "Copy Automation Rules"
    # Rules and a status the user may read (sale.status.wizard.rights), to
    # a company selected in their company switcher (_check_user_records).
    _user_record_fields = ("rule_ids", "stage_id")
    _user_company_fields = ("company_id",)

    rule_ids = fields.Many2many(
        "sale.status.rule", string="Rules", required=True, readonly=True
    )
    rule_count = fields.Integer(compute="_compute_rule_count")
    name = fields.Char(
        string="Name of the Copy",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        help="The name of the rule is kept when empty.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="To Company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="One of the companies selected in the company switcher.",
    )
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="To Status",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    company_changes = fields.Text(
        compute="_compute_company_changes",
        help="The settings bound to the rules' company, and what becomes of "
        "them in the target company.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "sale.status.rule" and "rule_ids" in (
            fields_list
        ):
            values["rule_ids"] = [Command.set(context.get("active_ids") or [])]
            self._check_user_records(values)
        return values

    @api.model
    def _company_refusal(self):
        # The record rules refuse it too; this says it plainly.
        return self.env._(
            "Rules can only be copied to the companies selected in the "
            "company switcher."
        )

    @api.depends("rule_ids")
    def _compute_rule_count(self):
        for wizard in self:
            wizard.rule_count = len(wizard.rule_ids)

    @api.depends("rule_ids")
    def _compute_name(self):
        for wizard in self:
            wizard.name = wizard.rule_ids.name if len(wizard.rule_ids) == 1 else False

    @api.depends("rule_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.rule_ids[:1].company_id or self.env.company

    @api.depends("rule_ids", "company_id")
    def _compute_stage_id(self):
        for wizard in self:
            stage = wizard.stage_id or wizard.rule_ids[:1].stage_id
            wizard.stage_id = stage if wizard._usable(stage) else False

    def _usable(self, stage):
        return stage.company_id in (self.env["res.company"], self.company_id)

    @api.depends("rule_ids", "company_id")
    def _compute_company_changes(self):
        for wizard in self:
            lines = []
            for rule in wizard.rule_ids:
                lines += [
                    f"{rule.name}: {note}" for note in wizard._company_notes(rule)
                ]
            wizard.company_changes = "\n".join(lines) or False

    def _company_bound_values(self, rule):
        """(values, notes): the rule's settings that belong to another
        company than the target one, mapped or cleared, and what was done
        with each, in words."""
        company = self.company_id
        values, notes = {}, []
        if not company or rule.company_id == company:
            return values, notes
        for fname, field in rule._fields.items():
            if (
                field.type != "many2one"
                or not field.store
                or not field.copy
                or fname in ("company_id", "stage_id")
            ):
                continue
            # sudo: another company's record, to know what it is.
            record = rule.sudo()[fname]
            if not record or not {"company_id", "company_ids"} & set(record._fields):
                continue
            bound = record._check_company_domain(company)
            if record.with_context(active_test=False).filtered_domain(bound):
                continue
            equivalent = self._equivalent(field, record, company)
            values[fname] = equivalent.id
            if equivalent:
                notes.append(
                    self.env._(
                        "%(setting)s %(value)s becomes %(equivalent)s.",
                        setting=field._description_string(self.env),
                        value=record.display_name,
                        equivalent=equivalent.display_name,
                    )
                )
            else:
                notes.append(
                    self.env._(
                        "%(setting)s %(value)s is not of %(company)s: cleared.",
                        setting=field._description_string(self.env),
                        value=record.display_name,
                        company=company.name,
                    )
                )
        if rule._has_condition():
            # A filter may name records (a team, a warehouse) by their ids.
            notes.append(
                self.env._(
                    "its conditions are copied as they are: check that the "
                    "records they name are of %(company)s.",
                    company=company.name,
                )
            )
        return values, notes

    def _company_notes(self, rule):
        """What becomes in the target company of ``rule``'s settings bound
        to its company, in words: the dialog lists them before copying. A
        channel adds its own (channels/call: where its keys move orders)."""
        return self._company_bound_values(rule)[1]

    def _adapt_copy(self, rule, copy):
        """Adapt ``copy`` of ``rule`` where a channel's settings need more
        than their fields mapped (see channels/call); return what was done,
        in words, shown once copied."""
        return []

    def _equivalent(self, field, record, company):
        """The record of ``company`` that obviously stands for ``record``
        in the rule's ``field``, if any."""
        key = EQUIVALENT_BY.get(record._name)
        if not key:
            return record.browse()
        value = record[key]
        if isinstance(value, models.BaseModel):
            value = value.id
        domain = Domain("company_id", "=", company.id) & Domain(key, "=", value)
        domain &= self._field_domain(field, company)
        candidates = record.search(domain, limit=2)
        return candidates if len(candidates) == 1 else record.browse()

    def _field_domain(self, field, company):
        """The domain of the rule's ``field``, as for a rule of ``company``."""
        domain = field.domain
        if isinstance(domain, str):
            try:
                domain = safe_eval.safe_eval(domain, {"company_id": company.id})
            except (NameError, ValueError):
                # It names other values of the rule: the company is enough.
                domain = []
        return Domain(domain or [])

    def action_copy(self):
        self.ensure_one()
        self._check_own_records()
        company, stage = self.company_id, self.stage_id
        if not self._usable(stage):
            raise UserError(
                self.env._(
                    "The status %(status)s is not one of %(company)s.",
                    status=stage.name,
                    company=company.name,
                )
            )
        Rule = self.env["sale.status.rule"]
        last = Rule.search(
            [("stage_id", "=", stage.id), ("company_id", "=", company.id)],
            order="sequence desc",
            limit=1,
        )
        sequence = last.sequence if last else 0
        copies = Rule
        notes = []
        # As the user: the rule's own checks (who may write what) apply to
        # the copies as to any rule they write.
        for rule in self.rule_ids:
            sequence += 1
            default = {
                **self._company_bound_values(rule)[0],
                "stage_id": stage.id,
                "company_id": company.id,
                "sequence": sequence,
                # Runs once the user has checked it in its company.
                "paused": True,
            }
            # Kept unless renamed: then its translations are kept too.
            if self.name and len(self.rule_ids) == 1 and self.name != rule.name:
                default["name"] = self.name
            copy = rule.copy(default)
            notes += [f"{copy.name}: {note}" for note in self._adapt_copy(rule, copy)]
            copies |= copy
        action = {
            "type": "ir.actions.act_window",
            "res_model": "sale.status.rule",
            "name": self.env._("Copied rules"),
            "target": "current",
        }
        if len(copies) == 1:
            action = {**action, "res_id": copies.id, "views": [(False, "form")]}
        else:
            action = {
                **action,
                "domain": [("id", "in", copies.ids)],
                "views": [(False, "list"), (False, "form")],
            }
        if not notes:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Copied: check these settings"),
                "message": "\n".join(notes),
                "type": "warning",
                "sticky": True,
                "next": action,
            },
        }
