# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager

from odoo import api, fields, models

from .sale_status_execution import NOT_STARTED, RAN

# The orders that entered a status inside _planning_when_settled, in the
# transaction's precommit data, which Odoo clears on commit and rollback.
ENTERED_ORDERS = "sale_status_automation.entered_orders"
# How many orders the transaction planned rules for (precommit data too):
# past BULK_ORDERS, its executions are a bulk, whose jobs run after those of
# orders moved one by one (queue_job runs lower priorities first; 10 is its
# default), so that a salesperson's order is not stuck behind 5,000 others.
PLANNED_ORDERS = "sale_status_automation.planned_orders"
BULK_ORDERS = 20


class SaleStatusExecution(models.Model):
    """Planning: the rules of a status become executions when orders enter
    it, and what did not start is cancelled when they leave."""

    _inherit = "sale.status.execution"

    # Known when planned: no rule of the visit waits for this execution, so
    # its job ends without looking for one. Fallbacks, and executions
    # planned before this field existed, look.
    starts_nothing = fields.Boolean(readonly=True)

    @api.model
    def _on_orders_leave(self, orders):
        """Cancel what has not started for orders leaving their status."""
        # sudo: whoever moves an order (a customer paying online...) cancels
        # what the automation planned for it, in its log that users only read.
        pending = self.sudo().search(
            [("order_id", "in", orders.ids), ("state", "in", NOT_STARTED)]
        )
        for stage, executions in pending.grouped("stage_id").items():
            executions._cancel(
                self.env._("The order left the status %(status)s.", status=stage.name)
            )

    @contextmanager
    def _planning_when_settled(self):
        """Plan the rules of the statuses orders entered in this block once
        the block is done, for the status each order ends in.

        One change can move an order several times: a web shop order is
        placed, confirmed and found paid in one write, triggers fire on the
        way. Only the rules of the status it settles in are planned; the
        statuses it passed through get a visit and no execution.
        """
        data = self.env.cr.precommit.data
        if ENTERED_ORDERS in data:  # an enclosing change plans for this one
            yield
            return
        entered = data[ENTERED_ORDERS] = {}
        try:
            yield
        finally:
            data.pop(ENTERED_ORDERS, None)
        self._plan(self.env["sale.order"].browse(entered).filtered("stage_id"))

    @api.model
    def _on_orders_enter(self, orders):
        """Plan the rules of the status each order just entered, or note
        them for the enclosing _planning_when_settled."""
        entered = self.env.cr.precommit.data.get(ENTERED_ORDERS)
        if entered is not None:
            entered.update(dict.fromkeys(orders.ids))
            return
        self._plan(orders)

    @api.model
    def _plan(self, orders):
        """Plan the rules of the status each order is in, for its visit."""
        if not orders:
            return
        # sudo: whoever moves an order (a customer paying online...) starts
        # the company's rules on it, in the log that users only read.
        log = self.sudo()
        rules = log.env["sale.status.rule"]
        # Most statuses have no rule: then no search.
        stage_ids = rules._planned_stage_ids().intersection(orders.stage_id.ids)
        if not stage_ids:
            return
        rules = rules.search(
            [("stage_id", "in", list(stage_ids)), ("paused", "=", False)]
        )
        if not rules:
            return
        rules_of_stage = rules.grouped("stage_id")
        ran_before = log._ran_before(orders, rules.filtered("once_per_order"))
        precommit = self.env.cr.precommit.data
        precommit[PLANNED_ORDERS] = precommit.get(PLANNED_ORDERS, 0) + len(orders)
        bulk = precommit[PLANNED_ORDERS] > BULK_ORDERS
        now = fields.Datetime.now()
        vals_list = []
        for order in orders:
            previous_finished = True  # the first rule waits for nothing
            for rule in rules_of_stage.get(order.stage_id, ()):
                if rule.company_id != order.company_id:
                    continue
                vals = self._values_for(order, rule, order.stage_visit)
                vals["bulk"] = bulk
                if (order.id, rule.id) in ran_before:
                    vals.update(
                        state="skipped",
                        finished_at=now,
                        reason=self.env._("Runs once per order, and it already ran."),
                    )
                elif rule.run_mode == "after_previous" and not previous_finished:
                    vals["state"] = "waiting"
                else:
                    vals.update(rule._planned(now, order))
                if vals["state"] == "waiting":
                    vals_list[-1]["starts_nothing"] = False  # the previous rule's
                vals["starts_nothing"] = True
                previous_finished = vals["state"] == "skipped"
                vals_list.append(vals)
        executions = log.create(vals_list)
        executions.filtered(lambda execution: execution.state == "scheduled")._enqueue()
        executions.filtered(
            lambda execution: execution.state in ("skipped", "waiting_date")
        )._log()

    @api.model
    def _values_for(self, order, rule, visit):
        """What every execution of ``rule`` on ``order`` starts with."""
        return {
            "order_id": order.id,
            "company_id": order.company_id.id,
            "rule_id": rule.id,
            "stage_id": rule.stage_id.id,
            "visit": visit,
            "channel": rule.channel,
            "sequence": rule.sequence,
        }

    def _ran_before(self, orders, rules):
        if not rules:
            return set()
        groups = self._read_group(
            [
                ("order_id", "in", orders.ids),
                ("rule_id", "in", rules.ids),
                ("state", "in", RAN),
                ("is_test", "=", False),
            ],
            ["order_id", "rule_id"],
        )
        return {(order.id, rule.id) for order, rule in groups}
