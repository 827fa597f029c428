# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.sending import ChannelError, SkipExecution, error_text

_logger = logging.getLogger(__name__)


class SaleStatusRuleTest(models.TransientModel):
    """Send a rule once, now, on an order of choice: to check a message
    before customers get it.

    The rule and the order are the user's to read (checked as them by
    sale.status.wizard.rights), and the message is first prepared as the
    user: a test shows no one what they may not read. It is then sent as a
    run of the automation sends it, through the execution's ``_send``, with
    the automation's rights (a staff rule's server action runs as it would
    in a real run).
    """

    _name = "sale.status.rule.test"
    _inherit = "sale.status.wizard.rights"
    _description = "Send an Automation Rule as a Test"
    _user_record_fields = ("rule_id", "order_id", "execution_id")

    rule_id = fields.Many2one("sale.status.rule", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="rule_id.company_id")
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        domain="[('company_id', '=', company_id)]",
        help="The order whose values fill the placeholders.",
    )
    destination = fields.Char(
        help="An email address or phone number to send to instead of the "
        "customer's, for this test only.",
    )
    execution_id = fields.Many2one("sale.status.execution", readonly=True)
    state = fields.Selection(related="execution_id.state")
    recipient = fields.Char(related="execution_id.recipient")
    subject = fields.Char(related="execution_id.subject")
    content = fields.Text(related="execution_id.content")
    reason = fields.Text(related="execution_id.reason")
    sandbox = fields.Boolean(related="execution_id.sandbox")
    outcome = fields.Char(
        compute="_compute_outcome",
        help="What happened to the test message: in sandbox mode, nothing left.",
    )

    @api.depends("execution_id.state", "execution_id.sandbox")
    def _compute_outcome(self):
        for test in self:
            test.outcome = test.execution_id and test.execution_id._state_label()

    @api.model
    def default_get(self, fields_list):
        # The rule was checked as the user by super().
        values = super().default_get(fields_list)
        rule = self.env["sale.status.rule"].browse(values.get("rule_id"))
        if rule and "order_id" in fields_list and not values.get("order_id"):
            values["order_id"] = rule._sample_order().id
        return values

    @api.constrains("rule_id", "order_id")
    def _check_order_company(self):
        for test in self:
            if test.order_id.company_id != test.rule_id.company_id:
                raise ValidationError(
                    self.env._(
                        "A rule of %(company)s is tried on an order of that "
                        "company only.",
                        company=test.rule_id.company_id.name,
                    )
                )

    def action_send(self):
        self.ensure_one()
        self._check_own_records()
        # sudo: the automation's log is written by the automation only;
        # sending a test is for sales managers (access rights of this wizard),
        # on a rule and an order they may read (checked above).
        execution = (
            self.env["sale.status.execution"]
            .sudo()
            .create(
                {
                    **self.env["sale.status.execution"]._values_for(
                        self.order_id, self.rule_id, visit=0
                    ),
                    "is_test": True,
                    "test_destination": self.destination,
                    "state": "scheduled",
                    "scheduled_at": fields.Datetime.now(),
                }
            )
        )
        refusal = self._refusal_as_user(execution)
        if refusal:
            execution._finish("failed", refusal)
        else:
            execution._send()
        self.execution_id = execution
        return self._shown_again(self.env._("Send test"))

    def _refusal_as_user(self, execution):
        """Why the user may not see what ``execution`` would send, if they
        may not: its message prepared as the user (texts rendered with their
        rights) fails where the automation's would not. The channel's own
        refusals (no address, a setting) are left to the sending, which
        records them as a run does."""
        mine = execution.with_env(self.env)
        try:
            mine._channel()._prepare(mine)
        except (SkipExecution, ChannelError):
            return None
        except Exception as error:
            _logger.info(
                "Preparing test execution %s as user %s failed",
                execution.id,
                self.env.uid,
                exc_info=True,
            )
            return self.env._(
                "The message could not be prepared with your rights: %s",
                error_text(error),
            )
        return None
