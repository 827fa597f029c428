# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from contextlib import contextmanager
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL

from .common import AutomationCase

# A query that reads or writes a table of the addon.
ADDON_TABLE = re.compile(
    r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"?(sale_order_stage|sale_status_[a-z_]+)\b',
    re.IGNORECASE,
)


class TestQueryCount(AutomationCase):
    """What the pipeline adds to the creation of an order.

    Odoo's creation of an order cannot be measured without the addon in the
    same database, so the queries are counted as Odoo's own query-count tests
    do (once warm: Odoo's caches, ormcaches included, filled by a first
    creation) and told apart by the tables they touch: the addon's, and
    those of Odoo that every creation touches anyway.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.env["sale.order.stage"].create(
            {"name": "Inbox", "sequence": -1, "company_id": cls.company.id}
        )

    @contextmanager
    def queries(self):
        """The queries of the block, once Odoo's caches are cleared as
        between two requests (its ormcaches stay, as in a worker)."""
        made = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=True):
            made.append(query.code if isinstance(query, SQL) else query)
            return execute(cursor, query, params, log_exceptions)

        self.env.flush_all()
        self.env.invalidate_all()
        with patch.object(Cursor, "execute", logged):
            yield made
            self.env.flush_all()

    def create_warm(self):
        """An order created once Odoo's caches are warm (by a first one,
        created as the second is); the queries of the second."""
        self.env.invalidate_all()
        self.create_order()
        with self.queries() as made:
            order = self.create_order()
        self.assertEqual(order.stage_id, self.first)
        return order, made

    def on_addon_tables(self, queries):
        return [query for query in queries if ADDON_TABLE.search(query)]

    def test_order_in_a_status_without_rules_costs_one_query(self):
        order, made = self.create_warm()
        # The status's row, which Odoo's company check of the order reads:
        # no lookup of the first status, no search of the rules.
        [read] = self.on_addon_tables(made)
        self.assertRegex(read, r'^SELECT .* FROM "sale_order_stage"')
        self.assertFalse(self.executions(order))
        self.assertEqual(order.stage_visit, 1)

    def test_paused_and_archived_rules_cost_nothing(self):
        _order, without_rules = self.create_warm()
        self.make_rule(self.first, "Paused", paused=True)
        self.make_rule(self.first, "Archived", active=False)
        order, with_rules = self.create_warm()
        self.assertEqual(len(with_rules), len(without_rules))
        self.assertEqual(len(self.on_addon_tables(with_rules)), 1)
        self.assertFalse(self.executions(order))

    def test_a_live_rule_is_searched_and_planned(self):
        _order, without_rules = self.create_warm()
        rule = self.make_rule(self.first, "Thanks")
        order, with_rule = self.create_warm()
        searched = [
            query
            for query in self.on_addon_tables(with_rule)
            if re.search(r'FROM "sale_status_rule"', query)
        ]
        self.assertTrue(searched)
        self.assertGreater(len(with_rule), len(without_rules))
        self.assertEqual(self.executions(order).rule_id, rule)

    def test_planning_follows_the_rules_changes(self):
        # Which statuses have rules is kept between requests (every status
        # change asks): a rule created, resumed, restored or moved counts at
        # once.
        def planned(stage):
            order = self.create_order()
            order.stage_id = stage
            return self.executions(order, stage_id=stage.id).rule_id

        self.assertFalse(planned(self.stage_paid))
        rule = self.make_rule(self.stage_paid, "Thanks")
        self.assertEqual(planned(self.stage_paid), rule)
        rule.paused = True
        self.assertFalse(planned(self.stage_paid))
        rule.paused = False
        rule.active = False
        self.assertFalse(planned(self.stage_paid))
        rule.active = True
        rule.stage_id = self.stage_shipped
        self.assertFalse(planned(self.stage_paid))
        self.assertEqual(planned(self.stage_shipped), rule)

    def test_a_job_looks_for_no_next_rule_when_none_waits(self):
        alone = self.make_rule(self.stage_paid, "Alone")
        order = self.create_order()
        order.stage_id = self.stage_paid
        execution = self.executions(order, rule_id=alone.id)
        with self.queries() as made:
            self.run_job(execution)
        self.assertEqual(execution.state, "sent")
        # the search of the execution after it in the order's visit
        looked_up = [
            query
            for query in made
            if re.search(
                r'WHERE .*"sale_status_execution"\."visit" (=|IN) ', query, re.DOTALL
            )
        ]
        self.assertFalse(looked_up)

        # A rule waiting for it is started, as ever.
        self.make_rule(self.stage_paid, "Next", sequence=99, run_mode="after_previous")
        order = self.create_order()
        order.stage_id = self.stage_paid
        first, following = self.executions(order)
        self.assertEqual(following.state, "waiting")
        self.run_job(first)
        self.assertEqual(following.state, "scheduled")
