# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class SaleStatusReply(models.Model):
    """A message a customer sent back (an SMS reply...), as the provider
    handed it over: kept whether or not it could be put on an order."""

    _name = "sale.status.reply"
    _description = "Customer Reply"
    _order = "id desc"
    _rec_name = "from_number"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    channel = fields.Selection(
        selection="_selection_channel", required=True, readonly=True
    )
    provider_ref = fields.Char(
        string="Provider Reference",
        required=True,
        readonly=True,
        help="The provider's id of the message (Twilio's MessageSid): a message "
        "the provider hands over twice is kept once.",
    )
    from_number = fields.Char(string="From", readonly=True)
    to_number = fields.Char(string="To", readonly=True)
    body = fields.Text(readonly=True)
    received_at = fields.Datetime(readonly=True, default=fields.Datetime.now)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index="btree_not_null", readonly=True
    )
    order_id = fields.Many2one(
        "sale.order", index="btree_not_null", ondelete="set null", readonly=True
    )
    keyword = fields.Selection(
        [
            ("opt_out", "Opt-out"),
            ("opt_in", "Opt-in"),
            ("help", "Help"),
        ],
        readonly=True,
        help="Opt-out: the number went on the phone blacklist (a sender that "
        "is no phone number, such as a short code, cannot: the server's log "
        "says so). Opt-in: it came off. Help: the company's help text was "
        "answered.",
    )
    mail_message_id = fields.Many2one(
        "mail.message", string="Posted As", ondelete="set null", readonly=True
    )

    _one_per_provider_message = models.UniqueIndex(
        "(channel, provider_ref)",
        "The provider handed this message over already.",
    )

    @api.model
    def _selection_channel(self):
        return (
            self.env["sale.status.rule"]
            ._fields["channel"]
            ._description_selection(self.env)
        )

    @api.model
    def _claim(self, company, channel, provider_ref):
        """A new reply for the provider's message ``provider_ref``, or an
        empty recordset when it was handed over before.

        The row is inserted first, ON CONFLICT DO NOTHING: a provider that
        retries its webhook while the first delivery is still being handled
        waits for it on the unique index and then finds the message taken,
        where a search then a create would keep both.
        """
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "INSERT INTO sale_status_reply (company_id, channel, provider_ref,"
                " received_at, create_uid, create_date, write_uid, write_date)"
                " VALUES (%(company)s, %(channel)s, %(ref)s, now() at time zone"
                " 'UTC', %(uid)s, now() at time zone 'UTC', %(uid)s,"
                " now() at time zone 'UTC')"
                " ON CONFLICT (channel, provider_ref) DO NOTHING RETURNING id",
                company=company.id,
                channel=channel,
                ref=provider_ref,
                uid=self.env.uid,
            )
        )
        return self.browse([row[0] for row in rows])
