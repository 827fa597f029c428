# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What an email rule holds: its sender, mail server, template or own
subject and body, and whether the order's PDF goes with it."""

from odoo import fields, models


class SaleStatusRule(models.Model):
    _inherit = "sale.status.rule"

    channel = fields.Selection(
        selection_add=[("email", "Email")], ondelete={"email": "cascade"}
    )
    email_sender = fields.Selection(
        [
            ("auto", "Automatic"),
            ("salesperson", "Salesperson"),
            ("company", "Company"),
            ("fixed", "Fixed address"),
        ],
        string="From",
        required=True,
        default="auto",
        help="Automatic: the address this rule last sent from, else the default "
        "sender of the settings, else the company's email.",
    )
    email_from = fields.Char(string="From Address")
    last_email_from = fields.Char(readonly=True, copy=False)
    mail_server_id = fields.Many2one(
        "ir.mail_server",
        string="Outgoing Mail Server",
        help="Leave empty to let Odoo choose the server matching the sender.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "sale.order")],
        help="Use this template's subject, body and attachments instead of the "
        "rule's own.",
    )
    email_subject = fields.Char(
        string="Subject",
        translate=True,
        default=lambda self: self.env._(
            "Your order {{ object.name }}: {{ object.stage_id.name }}"
        ),
    )
    email_body = fields.Html(
        render_engine="qweb",
        render_options={"post_process": True},
        translate=True,
        sanitize="email_outgoing",
        default=lambda self: self.env._(
            '<p>Hello <t t-out="object.partner_id.name"/>,</p>'
            '<p>Your order <t t-out="object.name"/> is now: '
            '<t t-out="object.stage_id.name"/>.</p>'
        ),
    )
    attach_order_pdf = fields.Boolean(string="Attach the Order PDF")
