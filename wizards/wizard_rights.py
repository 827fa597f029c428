# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Command


def named_ids(value):
    """The ids of the records a relational value names: a many2one id, or
    x2many commands or ids, as ``create``, ``write``, ``default_get`` and the
    web client's ``onchange`` get them."""
    if not value:
        return []
    if isinstance(value, models.BaseModel):
        return value._origin.ids
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return named_ids(value.get("id"))
    ids = []
    for item in value if isinstance(value, (list, tuple)) else ():
        if isinstance(item, int):
            ids.append(item)
        elif isinstance(item, dict):
            ids += named_ids(item.get("id"))
        elif isinstance(item, (list, tuple)) and item:
            if item[0] == Command.SET and len(item) > 2:
                ids += named_ids(list(item[2] or ()))
            elif item[0] in (Command.LINK, Command.UPDATE) and len(item) > 1:
                ids += named_ids(item[1])
    return [id_ for id_ in ids if isinstance(id_, int)]


class SaleStatusWizardRights(models.AbstractModel):
    """A dialog that reads only what its user may read.

    The records its user names (an order, rules, executions, a company, a
    status) are checked as that user, with the access rights and record
    rules of their models, before the dialog computes or renders anything
    with them: in the values the dialog opens with (``default_get``), the
    values the form sends (``onchange``), and those it saves (``create``,
    ``write``). Its stored computed fields are computed as superuser, as any
    stored field is, and its related fields read as superuser: they show
    nothing of a record the user could not name.
    """

    _name = "sale.status.wizard.rights"
    _description = "Automation Dialog Reading With Its User's Rights"

    # The relational fields whose records the user chooses; a one2many of
    # lines that are dialogs of this kind too is checked line by line.
    _user_record_fields = ()
    # Its many2one fields naming the company it acts for: one of those
    # selected in the user's company switcher.
    _user_company_fields = ()

    @api.model
    def _company_refusal(self):
        return self.env._(
            "This can only be done for the companies selected in the company switcher."
        )

    @api.model
    def _check_user_records(self, values):
        """Raise an AccessError unless the user may read each record that
        ``values`` name in the dialog's user record fields, and each company
        they name is selected in the user's company switcher."""
        for fname in self._user_company_fields:
            companies = self.env["res.company"].browse(named_ids(values.get(fname)))
            if companies - self.env.companies and not self.env.su:
                raise AccessError(self._company_refusal())
        for fname in self._user_record_fields:
            field, value = self._fields[fname], values.get(fname)
            comodel = self.env[field.comodel_name]
            if field.type == "one2many":
                for command in value if isinstance(value, (list, tuple)) else ():
                    if (
                        isinstance(command, (list, tuple))
                        and len(command) > 2
                        and command[0] in (Command.CREATE, Command.UPDATE)
                        and isinstance(command[2], dict)
                    ):
                        comodel._check_user_records(command[2])
                continue
            ids = named_ids(value)
            if ids:
                comodel.browse(ids).check_access("read")

    def _check_own_records(self):
        """The same check on the dialog's saved records, before it acts."""
        for wizard in self:
            # sudo: the dialog's own values, all of them (a many2many read
            # as the user leaves out what they may not read), to check them
            # as the user.
            own = wizard.sudo()
            wizard._check_user_records(
                {
                    fname: own[fname].ids
                    for fname in self._user_record_fields + self._user_company_fields
                    if self._fields[fname].type != "one2many"
                }
            )

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        self._check_user_records(values)
        return values

    def onchange(self, values, field_names, fields_spec):
        self._check_user_records(values)
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_user_records(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_user_records(vals)
        return super().write(vals)

    def _shown_again(self, title):
        """The action that keeps the dialog open on what it just did."""
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": title,
        }
