# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleStatusRule(models.Model):
    """Where a rule doubles an email Odoo itself sends the customer."""

    _inherit = "sale.status.rule"

    odoo_email_note = fields.Text(
        string="Odoo's Own Emails",
        compute="_compute_odoo_email_note",
        help="Odoo's own emails to the customer that go out when orders enter "
        "the status: an email rule there sends a second one.",
    )

    @api.depends("channel", "fallback_channel", "stage_id", "company_id")
    def _compute_odoo_email_note(self):
        for rule in self:
            rule.odoo_email_note = (
                rule._odoo_email_note(rule.stage_id, rule.company_id)
                if "email" in (rule.channel, rule.fallback_channel)
                else False
            )

    @api.model
    def _odoo_email_note(self, stage, company):
        """What Odoo itself emails the customer when orders enter ``stage``
        (by the events that move them there), in words, or False."""
        templates = self._odoo_emails_on_entering(stage, company)
        if not templates:
            return False
        return self.env._(
            "Odoo itself emails the customer when orders enter this status: "
            "%(emails)s. An email rule here sends a second email: keep one (see "
            'the configuration guide, "Odoo\'s own emails").',
            emails="; ".join(templates),
        )

    @api.model
    def _odoo_emails_on_entering(self, stage, company):
        """Odoo's own emails (name and when) sent on the events whose
        triggers move orders of ``company`` to ``stage``."""
        if not stage:
            return []
        # sudo: which triggers and templates exist, to name them; sales
        # users may not read mail templates.
        events = set(
            stage.sudo()
            .trigger_ids.filtered(
                lambda trigger: (
                    trigger.active
                    and trigger.company_id in (company, self.env["res.company"])
                )
            )
            .mapped("event")
        )
        found = []

        def add(template, when):
            template = template.sudo()
            if template and template.exists() and template.active:
                found.append(
                    self.env._(
                        "%(template)s (%(when)s)", template=template.name, when=when
                    )
                )

        if events & {"confirmed", "payment_received", "placed_in_shop"}:
            add(
                self._odoo_confirmation_template(company),
                self.env._("an order confirmed by an online payment or a checkout"),
            )
        if events & {"payment_received", "placed_in_shop"}:
            add(
                self.env.ref(
                    "sale.mail_template_sale_payment_executed", raise_if_not_found=False
                ),
                self.env._("a payment made or pending online"),
            )
        if "quotation_sent" in events:
            add(
                self.env.ref("sale.email_template_edi_sale", raise_if_not_found=False),
                self.env._("the salesperson's Send by email"),
            )
        return found

    @api.model
    def _odoo_confirmation_template(self, company):
        """The order confirmation email Odoo sends an order of ``company``,
        as Odoo itself chooses it (Sales settings, else its own). Private in
        Odoo, and the only place that choice is made; the tests of
        the note break when it changes. On an order built in memory: no
        website, no quotation template, so the general choice."""
        order = self.env["sale.order"].sudo().new({"company_id": company.id})
        return order._get_confirmation_template() or self.env["mail.template"]
