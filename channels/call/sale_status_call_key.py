# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The keys a customer may press at the end of a robocall, and what each
does: part of the robocall channel (call.py)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

KEYS = [(str(digit), str(digit)) for digit in range(10)]


class SaleStatusCallKey(models.Model):
    """What pressing one key does, at the question that ends a rule's call."""

    _name = "sale.status.call.key"
    _description = "Robocall Key"
    _order = "rule_id, key"

    rule_id = fields.Many2one(
        "sale.status.rule", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="rule_id.company_id")
    key = fields.Selection(KEYS, required=True)
    action = fields.Selection(
        [
            ("move", "Move the order"),
            ("salesperson", "Connect to the salesperson"),
            ("number", "Connect to a number"),
            ("note", "Note the answer"),
        ],
        required=True,
        default="note",
        help='Move the order: to the status the triggers "Customer pressed a '
        'key during a call" give this key (Sales ▸ Configuration ▸ Order '
        "Statuses), forward only unless the trigger allows moving back. "
        "Connect: the call goes on with the order's salesperson (their phone) "
        "or with the number given. Every key pressed is noted on the log and "
        "in the order's chatter.",
    )
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Moves To",
        compute="_compute_stage_id",
        inverse="_inverse_stage_id",
        readonly=False,
        domain="[('company_id', 'in', [False, company_id])]",
        help='Where the trigger "Customer pressed a key during a call" of '
        "this key moves the order, forward only unless the trigger allows "
        "moving back. Choosing a status here sets that trigger for the "
        "company: every robocall whose key it is moves the order there.",
    )
    phone = fields.Char(string="Number", help="The number the call goes on with.")
    answer = fields.Char(
        translate=True,
        help="What the voice says once the key is pressed, in the call's "
        "language; nothing when empty.",
    )

    _one_action_per_key = models.Constraint(
        "UNIQUE(rule_id, key)", "A key does one thing per rule."
    )

    @api.depends("key", "action", "rule_id.company_id")
    def _compute_stage_id(self):
        triggers = self.env["sale.status.trigger"].search(
            [("event", "=", "call_key"), ("stage_id.active", "=", True)]
        )
        for line in self:
            trigger = (
                triggers._applying_to(line.rule_id.company_id, line.key)
                if line.action == "move" and line.key
                else triggers.browse()
            )
            line.stage_id = trigger.stage_id

    def _trigger_stage(self, company):
        """Where the trigger of this key moves an order of ``company``."""
        triggers = self.env["sale.status.trigger"].search(
            [("event", "=", "call_key"), ("stage_id.active", "=", True)]
        )
        return triggers._applying_to(company, self.key).stage_id

    def _inverse_stage_id(self):
        # The trigger of the key is the company's: the status chosen here
        # is where the key moves orders, from every robocall of the company.
        triggers = self.env["sale.status.trigger"]
        for line in self.filtered(lambda line: line.action == "move" and line.stage_id):
            company = line.rule_id.company_id
            current = triggers.search(
                [
                    ("event", "=", "call_key"),
                    ("company_id", "=", company.id),
                    ("stage_id.active", "=", True),
                ]
            )._applying_to(company, line.key)
            if current.stage_id == line.stage_id:
                continue
            words = current._reply_words() if current.company_id else set()
            if words == {line.key}:
                current.stage_id = line.stage_id
                continue
            if line.key in words:
                # A trigger of several keys keeps the others.
                current.reply_keywords = ", ".join(sorted(words - {line.key}))
            triggers.create(
                {
                    "event": "call_key",
                    "reply_keywords": line.key,
                    "stage_id": line.stage_id.id,
                    "company_id": company.id,
                }
            )

    @api.constrains("action", "phone")
    def _check_phone(self):
        for line in self.filtered(lambda line: line.action == "number"):
            if not line._phone_e164():
                raise ValidationError(
                    self.env._(
                        "Key %(key)s: %(phone)s is not a phone number Twilio can "
                        "call (write it with its country code, +32…).",
                        key=line.key,
                        phone=line.phone or "",
                    )
                )

    def _phone_e164(self):
        if not self.phone:
            return False
        company = self.rule_id.company_id
        return company.partner_id._phone_format(
            number=self.phone or "", country=company.country_id, force_format="E164"
        )
