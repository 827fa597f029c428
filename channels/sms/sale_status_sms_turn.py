# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

# Turns are taken in short transactions of their own, which may meet each
# other (REPEATABLE READ): tries before giving up.
TURN_TRIES = 5
NOW = SQL("(clock_timestamp() AT TIME ZONE 'UTC')")


class SaleStatusSmsTurn(models.Model):
    """The turns of a number the company's SMS leave from, shared by every
    worker of every server: when the next one is free, and the end of those
    promised to the SMS that wait in the job queue.

    Each method works in a short transaction of its own: the number's row is
    locked while a turn is taken, not while an SMS is sent.
    """

    _name = "sale.status.sms.turn"
    _description = "Automation: SMS Turns of a Sending Number"
    _log_access = False

    number = fields.Char(required=True, readonly=True)
    next_turn_at = fields.Datetime(readonly=True)
    promised_until = fields.Datetime(readonly=True)

    _one_per_number = models.Constraint("UNIQUE(number)", "One row per number.")

    @api.model
    def _take(self, number, spacing):
        """Take the next turn of ``number``, turns being ``spacing`` seconds
        apart: return the seconds until it."""
        seconds = self._in_a_transaction(
            SQL(
                """
                INSERT INTO sale_status_sms_turn AS turn (number, next_turn_at)
                     VALUES (%(number)s, %(now)s + %(spacing)s)
                ON CONFLICT (number) DO UPDATE
                        SET next_turn_at =
                            GREATEST(turn.next_turn_at, %(now)s) + %(spacing)s
                  RETURNING EXTRACT(EPOCH FROM
                            turn.next_turn_at - %(spacing)s - %(now)s)
                """,
                number=number,
                now=NOW,
                spacing=SQL("make_interval(secs => %s)", spacing),
            ),
            conflicted=0.0,  # hardly ever: the SMS goes without its turn
        )
        return max(0.0, seconds)

    @api.model
    def _promise_if_busy(self, number, spacing, horizon):
        """None when the next turn of ``number`` comes within ``horizon``
        seconds. Otherwise promise the turn after those already promised and
        return the seconds until it."""
        return self._in_a_transaction(
            SQL(
                """
                UPDATE sale_status_sms_turn
                   SET promised_until =
                       GREATEST(promised_until, next_turn_at, %(now)s) + %(spacing)s
                 WHERE number = %(number)s
                   AND next_turn_at > %(now)s + make_interval(secs => %(horizon)s)
             RETURNING EXTRACT(EPOCH FROM promised_until - %(spacing)s - %(now)s)
                """,
                number=number,
                now=NOW,
                spacing=SQL("make_interval(secs => %s)", spacing),
                horizon=horizon,
            ),
            conflicted=spacing,  # waits a little
        )

    def _in_a_transaction(self, query, conflicted):
        """The number ``query`` returns, run in a transaction of its own;
        None when it returns no row, ``conflicted`` when it kept meeting
        other transactions."""
        for _try in range(TURN_TRIES):
            try:
                with self.env.registry.cursor() as cr:
                    # a conflict is tried again, not an error to log
                    cr.execute(query, log_exceptions=False)
                    row = cr.fetchone()
                    return float(row[0]) if row else None
            except SerializationFailure:
                continue
        return conflicted
