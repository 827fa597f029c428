# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """A whisper is for the staff only: the fallback of a whisper rule on a
    channel that reaches the customer (an SMS, an email...) is cleared, as
    the rule's check now refuses it. Rules have no chatter: the server log
    names each rule changed."""
    cr.execute(
        SQL(
            "UPDATE sale_status_rule SET fallback_channel = NULL "
            "WHERE channel = 'chat' AND chat_whisper "
            "AND fallback_channel IS NOT NULL AND fallback_channel != 'employee' "
            "RETURNING id, name->>'en_US', fallback_channel"
        )
    )
    for rule_id, name, fallback in cr.fetchall():
        _logger.warning(
            "Automation rule %s (id %s) whispers to the staff only: its fallback "
            "%s, which would have reached the customer, was removed.",
            name,
            rule_id,
            fallback,
        )
