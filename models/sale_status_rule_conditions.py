# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A rule's conditions: a domain on sale orders, checked when it runs."""

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import safe_eval

from ..tools.sending import error_text


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    def _has_condition(self):
        return (self.condition_domain or "[]").replace(" ", "") != "[]"

    def _condition(self):
        """The conditions as a Domain on sale.order."""
        return Domain(
            safe_eval.safe_eval(
                self.condition_domain or "[]", self._condition_eval_context()
            )
        )

    def _condition_eval_context(self):
        # What Odoo's own automation rules offer to their domains, but no
        # record: the conditions are evaluated with the automation's rights,
        # and a record would lead their code to any model (user.env[...]).
        return {
            "datetime": safe_eval.datetime,
            "dateutil": safe_eval.dateutil,
            "time": safe_eval.time,
            "context_today": safe_eval.datetime.datetime.today,
            "uid": self.env.uid,
        }

    @api.constrains("condition_domain")
    def _check_condition_domain(self):
        """The conditions are a valid filter on sale orders that names only
        what their author may read: they run with the automation's rights,
        so a field the author may not read would tell its value by what the
        rule does (sent or skipped). Constraints run as superuser: the
        search runs as the user behind it, whose field and model rights
        Odoo's search checks on every field of every path."""
        orders = self.env(su=False)["sale.order"]
        for rule in self.filtered(lambda rule: rule._has_condition()):
            try:
                orders._search(rule._condition())
            except AccessError as error:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the conditions name something you may not "
                        "read (%(error)s). Conditions may only use what you may "
                        "read yourself.",
                        rule=rule.name,
                        error=error_text(error),
                    )
                ) from error
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the conditions are not a valid filter on "
                        "sale orders (%(error)s).",
                        rule=rule.name,
                        error=error_text(error),
                    )
                ) from error

    def _orders_matching(self, orders):
        """The orders among ``orders`` that match the rule's conditions."""
        if not self._has_condition():
            return orders
        return orders.filtered_domain(self._condition())
