# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from ..channels.voices import LANGUAGES, VOICE_SELECTION, speaks

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ResCompany(models.Model):
    _inherit = "res.company"

    sale_status_sandbox = fields.Boolean(
        string="Automation Sandbox",
        help="Rules prepare their messages and record them as sent, but nothing "
        "leaves the server: to try a pipeline out without a provider.",
    )
    sale_status_email_from = fields.Char(
        string="Default Sender",
        help="From address of the automation emails set to an automatic sender "
        "(before the rule has sent any); the company's email when empty.",
    )
    sale_status_sms_max_length = fields.Integer(
        string="SMS Length Limit",
        default=200,
        help="An automation SMS longer than this, once its placeholders are "
        "filled, is not sent (never cut).",
    )
    sale_status_voice_number_id = fields.Many2one(
        "sms.twilio.number",
        string="Default Caller Number",
        domain="[('company_id', '=', id)]",
        help="The Twilio number robocalls come from, unless a rule says otherwise.",
    )
    sale_status_voice_language = fields.Selection(
        LANGUAGES, string="Default Call Language", default="en-US"
    )
    sale_status_voice = fields.Selection(
        VOICE_SELECTION, string="Default Voice", default="Polly.Joanna"
    )
    sale_status_quiet_hours = fields.Boolean(
        string="Quiet Hours",
        help="Rules due in the quiet hours wait until they end, in the customer's "
        "time zone when known, else the company's.",
    )
    sale_status_quiet_start = fields.Float(string="Quiet From", default=21.0)
    sale_status_quiet_end = fields.Float(string="Quiet Until", default=8.0)
    sale_status_quiet_mon = fields.Boolean(string="Quiet on Mondays")
    sale_status_quiet_tue = fields.Boolean(string="Quiet on Tuesdays")
    sale_status_quiet_wed = fields.Boolean(string="Quiet on Wednesdays")
    sale_status_quiet_thu = fields.Boolean(string="Quiet on Thursdays")
    sale_status_quiet_fri = fields.Boolean(string="Quiet on Fridays")
    sale_status_quiet_sat = fields.Boolean(string="Quiet on Saturdays")
    sale_status_quiet_sun = fields.Boolean(string="Quiet on Sundays")

    @api.constrains(
        "sale_status_email_from",
        "sale_status_sms_max_length",
        "sale_status_voice_language",
        "sale_status_voice",
        "sale_status_voice_number_id",
    )
    def _check_sale_status_channels(self):
        for company in self:
            voice, language = (
                company.sale_status_voice,
                company.sale_status_voice_language,
            )
            if voice and language and not speaks(voice, language):
                raise ValidationError(
                    self.env._(
                        "The default voice %(voice)s does not speak %(language)s.",
                        voice=voice,
                        language=language,
                    )
                )
            number = company.sale_status_voice_number_id
            if number and number.company_id != company:
                raise ValidationError(
                    self.env._(
                        "%(number)s is not one of the Twilio numbers of %(company)s.",
                        number=number.number,
                        company=company.name,
                    )
                )
            sender = company.sale_status_email_from
            if sender and not email_normalize(sender):
                raise ValidationError(
                    self.env._("The default sender %s is not an email address.", sender)
                )
            if not 0 < company.sale_status_sms_max_length <= 1600:
                raise ValidationError(
                    self.env._(
                        "The SMS length limit must be between 1 and 1600 characters "
                        "(Twilio's limit for a long SMS)."
                    )
                )

    @api.constrains(
        "sale_status_quiet_hours",
        "sale_status_quiet_start",
        "sale_status_quiet_end",
        *(f"sale_status_quiet_{day}" for day in WEEKDAYS),
    )
    def _check_sale_status_quiet_hours(self):
        for company in self.filtered("sale_status_quiet_hours"):
            start, end = company.sale_status_quiet_start, company.sale_status_quiet_end
            if not (0 <= start < 24 and 0 <= end < 24):
                raise ValidationError(
                    self.env._("Quiet hours are hours of the day, from 00:00 to 23:59.")
                )
            if start == end:
                raise ValidationError(
                    self.env._(
                        "Quiet hours need different start and end hours; to keep "
                        "whole days quiet, tick them instead."
                    )
                )
            if all(company._sale_status_quiet_days()):
                raise ValidationError(
                    self.env._("Quiet hours cannot cover every day of the week.")
                )

    def _sale_status_caller_number(self):
        """The Twilio number robocalls come from when a rule names none."""
        return self.sale_status_voice_number_id or self.sudo().sms_twilio_number_ids[:1]

    def _sale_status_quiet_days(self):
        return [self[f"sale_status_quiet_{day}"] for day in WEEKDAYS]

    def _sale_status_quiet_until(self, moment, tz_name=None):
        """When a rule due at ``moment`` (naive UTC) may run, if it falls in
        the quiet hours; None when it may run at ``moment``.

        ``tz_name`` is the customer's time zone; the company's is used when
        it is unknown.
        """
        self.ensure_one()
        if not self.sale_status_quiet_hours:
            return None
        tz_name = tz_name or self.partner_id.tz or "UTC"
        tz = pytz.timezone(tz_name) if tz_name in pytz.all_timezones_set else pytz.utc
        local = pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)
        opening = self._sale_status_next_opening(local)
        if opening == local:
            return None
        return tz.localize(opening).astimezone(pytz.utc).replace(tzinfo=None)

    def _sale_status_next_opening(self, local):
        """First local time at or after ``local`` outside the quiet hours."""
        start, end = self.sale_status_quiet_start, self.sale_status_quiet_end
        quiet_days = self._sale_status_quiet_days()
        # Each turn leaves a quiet day or a quiet window; a week is enough.
        for _turn in range(16):
            if quiet_days[local.weekday()]:
                local = datetime.combine(local.date() + timedelta(days=1), time())
                continue
            hour = local.hour + local.minute / 60 + local.second / 3600
            if start < end:
                quiet = start <= hour < end
                end_day = local.date()
            else:
                quiet = hour >= start or hour < end
                end_day = local.date() + timedelta(days=1 if hour >= start else 0)
            if not quiet:
                return local
            local = datetime.combine(end_day, _float_to_time(end))
        return local


def _float_to_time(hours):
    minutes = round(hours * 60)
    return time(minutes // 60, minutes % 60)
