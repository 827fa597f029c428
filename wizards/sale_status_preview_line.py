# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import fields, models


class SaleStatusPreviewLine(models.TransientModel):
    _name = "sale.status.preview.line"
    _inherit = "sale.status.wizard.rights"
    _description = "Automation Preview Line"
    # The preview fills its lines; whoever writes one names only a rule and
    # a preview they may read (its channel is read as superuser).
    _user_record_fields = ("preview_id", "rule_id")
    _order = "sequence, id"

    preview_id = fields.Many2one(
        "sale.status.preview", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    rule_id = fields.Many2one("sale.status.rule", readonly=True)
    channel = fields.Selection(related="rule_id.channel")
    timing = fields.Char(readonly=True, help="The rule's timing.")
    due = fields.Datetime(readonly=True)
    send_at = fields.Datetime(
        string="Leaves At",
        readonly=True,
        help="When the sending hours let it leave, past its due time.",
    )
    when = fields.Char(
        readonly=True,
        help="When it leaves, in the customer's time zone, and the rule's timing.",
    )
    outcome = fields.Char(readonly=True)
    recipient = fields.Char(readonly=True)
    subject = fields.Char(readonly=True)
    content = fields.Text(readonly=True)
    details = fields.Text(
        readonly=True,
        help="How the message is said: a call's voice and language, a "
        "WhatsApp template.",
    )
    reason = fields.Text(readonly=True)

    def _card(self):
        """The line as a card: who, what, when, why not; every value
        escaped."""
        env = self.env

        def row(label, value, css=""):
            if not value:
                return Markup("")
            return Markup(
                "<div class='d-flex gap-2 mb-1'>"
                "<span class='text-muted text-nowrap' style='min-width: 5rem'>%s</span>"
                "<div class='flex-grow-1 text-break %s' style='white-space: pre-wrap'>"
                "%s</div></div>"
            ) % (label, css, value)

        channel = dict(self.rule_id._fields["channel"]._description_selection(env)).get(
            self.channel, ""
        )
        who = f"{self.recipient} ({channel})" if self.recipient else f"— ({channel})"
        what = "\n".join(filter(None, [self.subject, self.content]))
        return Markup(
            "<div class='card mb-2 o_sale_status_preview_card'>"
            "<div class='card-header d-flex justify-content-between'>"
            "<strong>%s</strong><span class='badge text-bg-secondary'>%s</span>"
            "</div><div class='card-body py-2'>%s%s%s%s%s</div></div>"
        ) % (
            self.rule_id.display_name,
            self.outcome or "",
            row(env._("Who"), who),
            row(env._("What"), what),
            row(env._("How"), self.details, "text-muted"),
            row(env._("When"), self.when or self.timing),
            row(env._("Why not"), self.reason, "text-warning-emphasis"),
        )
