# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who a rule addresses on an order, and at which email address or number."""

from odoo.tools import SQL, email_normalize

from .base import SkipExecution

RECIPIENTS = [
    ("auto", "Contact, else its company"),
    ("contact", "Contact"),
    ("company", "Company"),
    ("invoice", "Invoice address"),
    ("delivery", "Delivery address"),
]


def recipient_partner(order, choice, reachable):
    """The partner a rule addresses on ``order``.

    ``reachable(partner)`` tells whether a partner has the address the
    channel needs; *auto* takes the contact when it has one, else its company.
    """
    contact = order.partner_id
    if choice == "auto":
        return contact if reachable(contact) else contact.commercial_partner_id
    return {
        "contact": contact,
        "company": contact.commercial_partner_id,
        "invoice": order.partner_invoice_id,
        "delivery": order.partner_shipping_id,
    }[choice]


def email_recipient(execution):
    """(partner, normalized email) the execution addresses, or skip: a test
    send's own address, else the rule's recipient on the order."""
    env = execution.env
    if execution.is_test and execution.test_destination:
        return env["res.partner"], check_email_allowed(env, execution.test_destination)
    partner = recipient_partner(
        execution.order_id, execution.rule_id.recipient, lambda p: p.email_normalized
    )
    email = partner.email_normalized
    if not email:
        raise SkipExecution(
            env._("%(partner)s has no email address.", partner=partner.display_name)
        )
    check_email_allowed(env, email)
    return partner, email


def check_email_allowed(env, email):
    normalized = email_normalize(email)
    if not normalized:
        raise SkipExecution(env._("%(email)s is not an email address.", email=email))
    if env["mail.blacklist"].sudo().search_count([("email", "=", normalized)], limit=1):
        raise SkipExecution(
            env._("%(email)s is on the email blacklist.", email=normalized)
        )
    return normalized


def phone_recipient(execution):
    """(partner, E.164 number) the execution addresses, or skip: a test
    send's own number (read with the customer's country), else the rule's
    recipient on the order."""
    env = execution.env
    if execution.is_test and execution.test_destination:
        number = execution.test_destination
        return env["res.partner"], check_phone_allowed(
            env, number, execution.order_id.partner_id
        )
    partner = recipient_partner(
        execution.order_id, execution.rule_id.recipient, lambda p: p.phone
    )
    if not partner.phone:
        raise SkipExecution(
            env._("%(partner)s has no phone number.", partner=partner.display_name)
        )
    return partner, check_phone_allowed(env, partner.phone, partner)


def check_phone_allowed(env, number, partner):
    """``number`` in E.164, read with the partner's country (else the
    company's), or skip."""
    formatted = partner._phone_format(number=number)
    if not formatted:
        raise SkipExecution(
            env._("%(number)s is not a valid phone number.", number=number)
        )
    # The blacklist keeps numbers in E.164: read it directly, as searching
    # its number field would format the number once more.
    if env.execute_query(
        SQL(
            "SELECT 1 FROM phone_blacklist WHERE number = %s AND active LIMIT 1",
            formatted,
        )
    ):
        raise SkipExecution(
            env._("%(number)s is on the phone blacklist.", number=formatted)
        )
    return formatted
