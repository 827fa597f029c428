# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize


class ResCompany(models.Model):
    _inherit = "res.company"

    sale_status_sandbox = fields.Boolean(
        string="Automation Sandbox",
        help="Rules prepare their messages and record them as sent, but nothing "
        "leaves the server: to try a pipeline out without a provider.",
    )
    sale_status_email_from = fields.Char(
        string="Automation Email Sender",
        help="From address of the automation emails set to an automatic sender "
        "(before the rule has sent any); the company's email when empty.",
    )
    sale_status_sms_max_length = fields.Integer(
        string="SMS Length Limit",
        default=200,
        help="An automation SMS longer than this, once its placeholders are "
        "filled, is not sent (never cut).",
    )
    sale_status_sms_per_second = fields.Integer(
        string="Sending Rate per Twilio Number",
        default=1,
        help="How many SMS each of the company's Twilio numbers sends per "
        "second, across all workers and servers: Twilio's rate for the number "
        "(1 for a US or Canadian long code, 3 for a toll-free number, up to 100 "
        "for a short code). The messages beyond it wait for their turn in the "
        "job queue, rather than in Twilio's, where they would overflow (error "
        "30001) and hold back the orders moved one by one. 0: no limit.",
    )
    sale_status_sms_opt_out_words = fields.Char(
        string="More Opt-out Words",
        translate=True,
        help="Comma-separated words that unsubscribe a customer who answers "
        "one of them to an SMS, on top of Twilio's STOP, STOPALL, UNSUBSCRIBE, "
        "CANCEL, END and QUIT. Translate the field for each language: the words "
        "of every language count.",
    )
    sale_status_sms_opt_in_words = fields.Char(
        string="More Opt-in Words",
        translate=True,
        help="Comma-separated words that subscribe a customer again, on top of "
        "START, UNSTOP and YES (YES only after an opt-out).",
    )
    sale_status_sms_help_text = fields.Char(
        string="SMS Help Answer",
        translate=True,
        default=lambda self: self.env._(
            "Reply STOP to stop receiving our messages, START to receive them again."
        ),
        help="Answered, in the customer's language, to HELP or INFO.",
    )
    sale_status_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Sending Hours",
        # The company's own calendars and the shared ones: another company's
        # "Standard 40 hours/week" looks the same and is not its hours.
        domain="[('company_id', 'in', [id, False])]",
        help="Rules due outside these working hours, or on their public "
        "holidays, wait until the next opening, in the customer's time zone "
        "when known, else the calendar's. Empty: any time.",
    )

    @api.constrains(
        "sale_status_email_from",
        "sale_status_sms_max_length",
        "sale_status_sms_per_second",
        "sale_status_calendar_id",
    )
    def _check_sale_status_channels(self):
        for company in self:
            calendar = company.sale_status_calendar_id
            if calendar.company_id and calendar.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The sending hours %(calendar)s are those of %(other)s: "
                        "choose a calendar of %(company)s or one shared by all "
                        "companies.",
                        calendar=calendar.name,
                        other=calendar.company_id.name,
                        company=company.name,
                    )
                )
            sender = company.sale_status_email_from
            if sender and not email_normalize(sender):
                raise ValidationError(
                    self.env._(
                        "The automation email sender %s is not an email address.",
                        sender,
                    )
                )
            if not 0 < company.sale_status_sms_max_length <= 1600:
                raise ValidationError(
                    self.env._(
                        "The SMS length limit must be between 1 and 1600 characters "
                        "(Twilio's limit for a long SMS)."
                    )
                )
            if company.sale_status_sms_per_second < 0:
                raise ValidationError(
                    self.env._(
                        "The sending rate per Twilio number must be 0 (no limit) "
                        "or more SMS per second."
                    )
                )
