# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer's answers to the SMS channel (controllers/twilio_sms.py):
kept once, put on the order they answer, their keywords acted on. An
``_inherit`` of the channel in a file of its own: the channel's sending and
reports make a file of their own size."""

import logging

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import plaintext2html

from ...tools.sending import reply_word, reply_words
from ...tools.twilio import inbound_media
from .sms_text import HELP_WORDS, OPT_IN_AFTER_OPT_OUT_ONLY, OPT_IN_WORDS, OPT_OUT_WORDS

_logger = logging.getLogger(__name__)


class SaleStatusChannelSms(models.AbstractModel):
    _inherit = "sale.status.channel.sms"

    @api.model
    def _inbound_company(self, params):
        """The company whose Twilio account (and number) the SMS came to."""
        account = params.get("AccountSid")
        if not account:
            return self.env["res.company"]
        companies = self.env["res.company"].search(
            [("sms_twilio_account_sid", "=", account)]
        )
        if len(companies) > 1:
            number = self.env["sms.twilio.number"].search(
                [
                    ("company_id", "in", companies.ids),
                    ("number", "=", params.get("To")),
                ],
                limit=1,
            )
            return number.company_id or companies[:1]
        return companies

    @api.model
    def _on_inbound(self, company, params, channel="sms"):
        """Keep an SMS the customer sent, once, and put it on the order that
        last texted that number, else the customer's latest order, else the
        customer, as a message from them that notifies the salesperson and
        the followers as an incoming email does; act on its keyword. Return
        the text to answer it with, if any.

        Other channels of Twilio's Messages API (WhatsApp) hand their
        messages over the same way, as ``channel``, with the numbers in
        E.164."""
        reply = self.env["sale.status.reply"]._claim(
            company, channel, params["MessageSid"]
        )
        if not reply:
            return None  # handed over before
        number = params.get("From", "")
        order, partner, answered = self._replying_order(company, number, channel)
        answered.reply_count = 1
        files, missed = inbound_media(company, params)
        body = "\n".join(filter(None, [params.get("Body", ""), *missed]))
        reply.write(
            {
                "from_number": number,
                "to_number": params.get("To", ""),
                "body": body,
                "partner_id": partner.id,
                "order_id": order.id,
                "keyword": self._keyword(company, params.get("Body", ""), number),
            }
        )
        answer = self._act_on_keyword(reply, partner)
        thread = order or partner
        if not thread:
            _logger.info(
                "%s from unknown number %s: reply %s", channel, number, reply.id
            )
            self.env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": reply._name,
                        "res_id": reply.id,
                    }
                    for name, content in files
                ]
            )
            return answer
        # Emails to the followers go through the mail queue: Twilio waits
        # for the answer to its webhook. A comment, not an "sms" message: the
        # sms module would text it to every partner it names, forwarding the
        # customer's words to the salesperson's phone from the company's
        # number; the salesperson and the followers get it in their inbox or
        # by email, as they chose.
        message = thread.with_context(mail_notify_force_send=False).message_post(
            body=plaintext2html(body),
            attachments=files,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=order.user_id.partner_id.ids,
        )
        reply.mail_message_id = message
        if order and not reply.keyword:
            self.env["sale.status.trigger"]._fire(
                "customer_replied", order, reply=params.get("Body", "")
            )
        return answer

    @api.model
    def _keyword(self, company, text, number):
        """The keyword ``text`` is, whatever its case and spacing: opt_out,
        opt_in, help, or False for a reply to read."""
        word = reply_word(text)
        if not word:
            return False
        if word in OPT_OUT_WORDS | self._company_words(company, "opt_out"):
            return "opt_out"
        if word in OPT_IN_WORDS | self._company_words(company, "opt_in"):
            if word in OPT_IN_AFTER_OPT_OUT_ONLY and not self._opted_out(number):
                return False
            return "opt_in"
        return "help" if word in HELP_WORDS else False

    @api.model
    def _company_words(self, company, kind):
        """The company's own keywords of ``kind``, in every language."""
        field = f"sale_status_sms_{kind}_words"
        words = set()
        for lang, _name in self.env["res.lang"].get_installed():
            words |= reply_words(company.with_context(lang=lang)[field])
        return words

    @api.model
    def _opted_out(self, number):
        # Without a number, the blacklist's search would read the user's own.
        return bool(number) and bool(
            self.env["phone.blacklist"].search([("number", "=", number)])
        )

    @api.model
    def _act_on_keyword(self, reply, partner):
        """Blacklist or clear the number as the keyword says; return the
        text to answer the customer with (for HELP), if any."""
        blacklist = self.env["phone.blacklist"]
        number = reply.from_number
        note = self.env._(
            "Answered %(text)s by SMS (%(ref)s).",
            text=reply.body,
            ref=reply.provider_ref,
        )
        if reply.keyword == "opt_out":
            # The blacklist holds phone numbers only: a short code or an
            # alphanumeric sender cannot go on it (nor be texted by a rule),
            # and the reply is kept all the same. (Without a number,
            # _phone_format would read the user's own phone.)
            if not (number and self.env.user._phone_format(number=number)):
                _logger.warning(
                    "Opt-out %s (reply %s) from %r: not a phone number, so "
                    "nothing was put on the phone blacklist",
                    reply.provider_ref,
                    reply.id,
                    number,
                )
                return None
            blacklist.add(number, message=note)
        elif reply.keyword == "opt_in" and self._opted_out(number):
            blacklist.remove(number, message=note)
        elif reply.keyword == "help":
            company = reply.company_id.with_context(lang=partner.lang or None)
            return company.sale_status_sms_help_text
        return None

    @api.model
    def _replying_order(self, company, number, channel="sms"):
        """(order, customer, execution) a message from ``number`` on
        ``channel`` answers: the execution is the last that wrote to the
        number, if any."""
        last_texted = self.env["sale.status.execution"].search(
            [
                ("company_id", "=", company.id),
                ("channel", "=", channel),
                ("recipient", "=", number),
                ("is_test", "=", False),
                ("state", "in", ("sent", "delivered", "unknown")),
            ],
            order="id desc",
            limit=1,
        )
        partners = self.env["res.partner"].search(
            Domain("phone_sanitized", "=", number)
            & Domain("company_id", "in", [False, company.id])
        )
        order = last_texted.order_id
        if not order and partners:
            order = self.env["sale.order"].search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("stage_id", "!=", False),
                ],
                order="date_order desc, id desc",
                limit=1,
            )
        # The order a rule texted the number about answers for its customer,
        # even when the number is no longer on the contact.
        partner = (order.partner_id & partners) or partners[:1] or order.partner_id
        return order, partner, last_texted
