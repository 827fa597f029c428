# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import models
from odoo.tools import SQL, email_normalize

from ..tools.sending import SendResult, SkipExecution

_logger = logging.getLogger(__name__)


class SaleStatusChannel(models.AbstractModel):
    """What every channel of the automation rules does.

    A channel is the model ``sale.status.channel.<code>``, where ``<code>``
    is its value of the rule's ``channel`` field; it inherits this one and
    owns everything about itself: the checks of its rule settings, the rule
    fields it renders, preparing and sending, and the provider's reports.
    "Adding a channel" in the README shows the recipe.
    """

    _name = "sale.status.channel"
    _description = "Automation Rule Channel"

    # Whether it talks to the customer: only such channels are offered as
    # the fallback of a rule for the customer; the others tell the staff,
    # and only they are offered to a rule for the staff only (_staff_only).
    _reaches_customer = True

    # Whether the provider reports that a message reached the customer (a
    # delivery report, an answered call): only then is an execution ever
    # "delivered", and the rule board shows a delivery rate.
    _reports_delivery = False

    # Rule fields whose change runs ``_check_rule``.
    _rule_fields = ()

    # What the channel brings to the screens; the core views and the library
    # read these (through the rule's channel_* fields, see
    # models/sale_status_rule_channel.py) and name no channel. Its rule-form
    # page is a view of its own inheriting ``sale_status_rule_view_form``,
    # placed before the Conditions page (see channels/sms/views/).
    # The Font Awesome icon of its rules on the board.
    _icon = "fa-bolt"
    # Whether its rules choose whom on the order they address (*Send To*).
    _has_recipient = False
    # The rule's translatable texts a library entry holds and *Copy to…*
    # carries in every language: each a translatable field of the rule and
    # one of the same name on ``sale.status.library.entry``, which the
    # channel adds with an ``_inherit`` (see channels/sms/).
    _text_fields = ()

    # ------------------------------------------------------------ the rule
    def _check_rule(self, rule):
        """Raise a ValidationError when ``rule``'s settings cannot work."""

    def _staff_only(self, rule):
        """Whether ``rule``'s message is for the staff only (a live chat
        whisper, say): such a rule never falls back on the customer, only on
        a channel that tells the staff (one not ``_reaches_customer``)."""
        return False

    def _rendered_fields(self, rule):
        """The fields of ``rule`` holding placeholders: they are rendered on
        an order when the rule is saved, so a broken one is refused then."""
        return []

    def _placeholder_texts(self, rule):
        """(label, source, engine) of each text ``rule`` renders for this
        channel, in each language it is written in: what the rule's save
        renders on a sample order (see sale.status.rule._check_rendering)."""
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        texts = []
        for fname in self._rendered_fields(rule):
            field = rule._fields[fname]
            engine = getattr(field, "render_engine", None) or "inline_template"
            label = field._description_string(self.env)
            sources = {}
            for lang in langs if field.translate else [self.env.lang]:
                sources.setdefault(rule.with_context(lang=lang)[fname], lang)
            for source, lang in sources.items():
                if len(sources) > 1:
                    label_lang = f"{label} ({lang})"
                else:
                    label_lang = label
                texts.append((label_lang, source, engine))
        return texts

    def _audience(self):
        """Who the rule's message is for, as the rule's summary says it."""
        return self.env._("customer")

    # ------------------------------------------------------------ sending
    def _prepare(self, execution):
        """Return the ``Delivery`` for ``execution`` (recipient found,
        content rendered), or raise ``SkipExecution`` with the reason.
        Nothing is written: previews call it too."""
        raise NotImplementedError

    def _take_turn(self, execution, delivery):
        """Return when the provider may take ``delivery``, or raise
        ``SendLater``. A channel whose provider limits how fast a sender
        sends waits here for its turn; it is not called in sandbox mode."""

    def _send(self, execution, delivery):
        """Send ``delivery`` and return a ``SendResult``; see tools/sending.py
        for the errors that tell the engine what else happened."""
        raise NotImplementedError

    def _dispatch(self, execution, delivery):
        """Send, unless the company worked in sandbox mode when the sending
        started (the engine notes it on the execution): then the message
        prepared exactly as it would leave is only logged."""
        if not execution.sandbox:
            return self._send(execution, delivery)
        _logger.info(
            "Sandbox %s of execution %s to %s: %s",
            execution.channel,
            execution.id,
            delivery.recipient,
            delivery.content,
        )
        return SendResult(provider_ref=f"sandbox-{execution.id}")

    # ------------------------------------------------------------ reports
    def _on_notifications(self, notifications):
        """Follow the reports on what the channels posted on orders (bounces,
        failed sendings, delivered SMS): each execution's channel reads the
        notification of its message."""
        executions = self.env["sale.status.execution"].search(
            [
                ("mail_message_id", "in", notifications.mail_message_id.ids),
                # A delivered message is delivered: a late or repeated
                # report never takes its execution back.
                ("state", "=", "sent"),
            ]
        )
        notification_of = {n.mail_message_id: n for n in reversed(notifications)}
        for execution in executions:
            execution._channel()._on_notification(
                execution, notification_of[execution.mail_message_id]
            )

    def _on_notification(self, execution, notification):
        """A message of ``execution`` bounced or could not be sent."""
        if notification.notification_status in ("exception", "bounce"):
            execution._finish(
                "failed",
                notification.failure_reason
                or self.env._("The provider reported a failure after sending."),
            )

    # ------------------------------------------------------------ recipients
    def _recipient_partner(self, execution, reachable):
        """The partner the rule addresses on the order.

        ``reachable(partner)`` tells whether a partner has the address the
        channel needs; *auto* takes the contact when it has one, else its
        company.
        """
        order, choice = execution.order_id, execution.rule_id.recipient
        contact = order.partner_id
        if choice == "auto":
            return contact if reachable(contact) else contact.commercial_partner_id
        return {
            "contact": contact,
            "company": contact.commercial_partner_id,
            "invoice": order.partner_invoice_id,
            "delivery": order.partner_shipping_id,
        }[choice]

    def _email_recipient(self, execution):
        """(partner, normalized email) the execution addresses, or skip: a
        test send's own address, else the rule's recipient on the order."""
        if execution.is_test and execution.test_destination:
            email = email_normalize(execution.test_destination)
            if not email:
                raise SkipExecution(
                    self.env._(
                        "%(email)s is not an email address.",
                        email=execution.test_destination,
                    )
                )
            # sudo: the blacklist is readable by marketing users only.
            blacklist = self.env["mail.blacklist"].sudo()
            if blacklist.search_count([("email", "=", email)], limit=1):
                raise self._email_blacklisted(email)
            return self.env["res.partner"], email
        partner = self._recipient_partner(execution, lambda p: p.email_normalized)
        if not partner.email_normalized:
            raise SkipExecution(
                self.env._(
                    "%(partner)s has no email address.", partner=partner.display_name
                ),
                unreachable=True,
            )
        # mail's blacklist mixin, on the partner's normalized email.
        if partner.is_blacklisted:
            raise self._email_blacklisted(partner.email_normalized)
        return partner, partner.email_normalized

    def _phone_recipient(self, execution):
        """(partner, E.164 number) the execution addresses, or skip: a test
        send's own number (read with the customer's country), else the
        rule's recipient on the order (with its own country)."""
        if execution.is_test and execution.test_destination:
            number = self._phone_allowed(
                execution.test_destination, execution.order_id.partner_id
            )
            return self.env["res.partner"], number
        partner = self._recipient_partner(execution, lambda p: p.phone)
        if not partner.phone:
            raise SkipExecution(
                self.env._(
                    "%(partner)s has no phone number.", partner=partner.display_name
                ),
                unreachable=True,
            )
        # phone_validation's mixin stores the number in E.164, read with the
        # partner's country.
        number = partner.phone_sanitized
        if not number:
            raise self._invalid_number(partner.phone)
        if self._on_phone_blacklist(number):
            raise self._phone_blacklisted(number)
        return partner, number

    def _phone_allowed(self, number, partner):
        """``number`` in E.164, read with ``partner``'s country (else the
        company's), or skip when it is invalid or blacklisted."""
        formatted = partner._phone_format(number=number)
        if not formatted:
            raise self._invalid_number(number)
        if self._on_phone_blacklist(formatted):
            raise self._phone_blacklisted(formatted)
        return formatted

    def _on_phone_blacklist(self, number):
        """Whether phone_validation's blacklist holds ``number`` (E.164).

        Read in its table, as phone_validation's own search on blacklisted
        partners does: a search of ``phone.blacklist``, or a partner's
        ``phone_sanitized_blacklisted``, formats the number again with the
        user's country and phonenumbers, about an eighth of an SMS job's
        time for a number that is formatted already (README, "Private hooks
        of other modules"; tests/test_private_hooks.py)."""
        self.env["phone.blacklist"].flush_model(["number", "active"])
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM phone_blacklist WHERE number = %s AND active LIMIT 1",
                number,
            )
        )
        return bool(self.env.cr.fetchone())

    def _invalid_number(self, number):
        return SkipExecution(
            self.env._("%(number)s is not a valid phone number.", number=number),
            unreachable=True,
        )

    def _email_blacklisted(self, email):
        return SkipExecution(
            self.env._("%(email)s is on the email blacklist.", email=email)
        )

    def _phone_blacklisted(self, number):
        return SkipExecution(
            self.env._("%(number)s is on the phone blacklist.", number=number)
        )
