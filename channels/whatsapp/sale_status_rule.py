# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("whatsapp", "WhatsApp")], ondelete={"whatsapp": "cascade"}
    )
    whatsapp_sender_id = fields.Many2one(
        "sms.twilio.number",
        string="WhatsApp Sender",
        domain="[('company_id', '=', company_id), ('sale_status_whatsapp', '=', True)]",
        help="Empty: the company's WhatsApp sender of the customer's country, "
        "else its first one.",
    )
    whatsapp_content_sid = fields.Char(
        string="Template Content SID",
        help="The Twilio Content SID (HX…) of a template WhatsApp approved: "
        "sent outside the 24-hour window, and inside it when the rule has no "
        "free text.",
    )
    whatsapp_variable_ids = fields.One2many(
        "sale.status.whatsapp.variable",
        "rule_id",
        string="Template Variables",
        copy=True,
    )
    whatsapp_body = fields.Text(
        string="Free Text",
        translate=True,
        help="Sent instead of the template when the customer wrote to the sender "
        "in the last 24 hours (WhatsApp's customer-service window).",
    )
    whatsapp_preview = fields.Text(
        string="Template Preview",
        compute="_compute_whatsapp_preview",
        help="The template's variables on the company's latest order.",
    )

    @api.depends("whatsapp_content_sid", "whatsapp_variable_ids.value")
    @api.depends_context("uid")
    def _compute_whatsapp_preview(self):
        # The form shows it while the variables are typed, unsaved: each one
        # rendered as the SMS counter renders its text (the user's rights,
        # Odoo's restricted mode), a failure told by its placeholder, never
        # by its output.
        for rule in self:
            sample = rule._sample_order() if rule.whatsapp_content_sid else None
            if not sample:
                rule.whatsapp_preview = False
                continue
            lines = [self.env._("On %(order)s:", order=sample.name)]
            # Not {{1}}: mail.render.mixin would take the preview for a
            # template with code in it, which only template editors may save.
            for variable in rule.whatsapp_variable_ids:
                lines.append(f"{variable.key}: {rule._preview_value(variable.value)}")
            rule.whatsapp_preview = "\n".join(lines)

    def _preview_value(self, source):
        value, sample = self._rendered_on_sample(source)
        if value is not None:
            return value
        # Why not, in the words of the save check.
        rule = self.with_user(self.env.uid)
        if not rule._may_write_code() and rule._runs_code(source):
            return self.env._("only template editors may write code in placeholders.")
        renderer = self.env["mail.render.mixin"].with_user(self.env.uid)
        return rule._render_problem(renderer, source, "inline_template", sample)
