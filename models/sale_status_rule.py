# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleStatusRule(models.Model):
    """What to tell the customer when an order enters a status."""

    _name = "sale.status.rule"
    _inherit = "mail.render.mixin"
    _description = "Order Status Automation Rule"
    _order = "sequence, id"
    _check_company_auto = True
    # Rendering trusts the rule's placeholders, so only template editors may
    # write ones that run code (checked by mail.render.mixin on save).
    _unrestricted_rendering = True

    name = fields.Char(required=True, translate=True)
    stage_id = fields.Many2one(
        "sale.order.stage",
        string="Order Status",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        group_expand="_read_group_stage_ids",
        help="The rule runs each time an order enters this status.",
    )
    # No default: a new rule goes last in its status (see create), so that
    # it never slips into the middle of an "after the previous rule" chain.
    sequence = fields.Integer()
    active = fields.Boolean(default=True)
    paused = fields.Boolean(
        help="A paused rule is not planned on the orders entering its status, "
        "and its runs planned before the pause are skipped. Rules created in "
        "the rules screens, added from the library or copied start paused "
        "until activated.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The rule runs on the orders of this company only.",
    )
    # Each channel adds itself (channels/): sale.status.channel.<value>.
    channel = fields.Selection(
        selection=[], required=True, default=lambda self: self._default_channel()
    )
    timing = fields.Selection(
        [
            ("immediately", "Immediately"),
            ("delay", "After a delay"),
            ("date", "Relative to a date of the order"),
        ],
        required=True,
        default="immediately",
        help="Relative to a date of the order: before or after one of its dates "
        "(the delivery date...); when the date changes while the rule waits, "
        "its run moves with it.",
    )
    delay = fields.Integer(default=1)
    delay_unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        required=True,
        default="hours",
    )
    date_direction = fields.Selection(
        [("before", "Before"), ("after", "After")],
        string="Before or After",
        required=True,
        default="before",
    )
    # A selection rather than an ir.model.fields, which sales managers may
    # not read; its values are the order's stored dates, custom ones too.
    date_field = fields.Selection(
        selection="_selection_date_field",
        string="Date of the Order",
        help="The order's date the rule counts from, e.g. its delivery date. "
        "An order without this date waits for it.",
    )
    past_date = fields.Selection(
        [("run", "Run at once"), ("skip", "Skip")],
        string="When Already Past",
        required=True,
        default="skip",
        help="What the rule does when the moment it counts to is already past "
        "when it is planned, or when the date moves into the past.",
    )
    at_time_of_day = fields.Boolean(
        string="At a Time of Day",
        help="Run at this time of the customer's day (their time zone, else "
        "the sending hours'): the first such time once the delay is over, or "
        "on the day counted from the order's date.",
    )
    time_of_day = fields.Float(string="Time", default=9.0)
    run_mode = fields.Selection(
        [
            ("parallel", "When the order enters the status"),
            ("after_previous", "After the previous rule"),
        ],
        string="Start",
        required=True,
        default="parallel",
        help="After the previous rule: the delay starts when the previous rule of "
        "the status (by sequence) has finished, whatever its outcome.",
    )
    condition_domain = fields.Char(
        string="Conditions",
        default="[]",
        help="Checked when the rule is about to run; when the order does not "
        "match, the rule is skipped.",
    )
    once_per_order = fields.Boolean(
        help="Do not run again when the order comes back to the status after "
        "the rule already ran for it.",
    )
    sending_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Sending Hours",
        domain="[('company_id', 'in', [False, company_id])]",
        help="When the rule may reach the customer; the company's sending "
        "hours (Settings ▸ Sales) when empty.",
    )
    ignore_sending_hours = fields.Boolean(
        string="Any Time",
        help="Run as soon as due, even outside the sending hours.",
    )
    summary = fields.Char(compute="_compute_summary")
    execution_ids = fields.One2many("sale.status.execution", "rule_id")

    # Who, for the channels that talk to the customer
    recipient = fields.Selection(
        [
            ("auto", "Contact, else its company"),
            ("contact", "Contact"),
            ("company", "Company"),
            ("invoice", "Invoice address"),
            ("delivery", "Delivery address"),
        ],
        string="Send To",
        required=True,
        default="auto",
        help="Contact, else its company: the order's contact when it has the "
        "address the channel needs, else the contact's company.",
    )
    lang = fields.Char(default="{{ object.partner_id.lang }}")

    _check_delay = models.Constraint(
        "CHECK(delay >= 0)", "The delay of a rule cannot be negative."
    )

    def action_activate(self):
        self.paused = False

    def action_pause(self):
        self.paused = True

    def _compute_render_model(self):
        self.render_model = "sale.order"

    @api.model
    def _default_channel(self):
        # The first one the form offers (channels/__init__.py orders them).
        selection = self._fields["channel"].selection
        return selection[0][0] if selection else False

    def _channel(self):
        """The model of the rule's channel (channels/)."""
        return self.env[f"sale.status.channel.{self.channel}"]

    def _sample_order(self):
        """The order a rule is tried on when none is chosen: the company's
        latest."""
        return self.env["sale.order"].search(
            [("company_id", "=", self.company_id.id)], order="id desc", limit=1
        )

    # ------------------------------------------------------------ history
    @api.ondelete(at_uninstall=False)
    def _unlink_except_executed(self):
        # sudo: a run on an order the manager cannot see is history too.
        if (
            self.env["sale.status.execution"]
            .sudo()
            .search_count([("rule_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "These rules already ran on orders and their log would be lost: "
                    "archive them instead."
                )
            )
