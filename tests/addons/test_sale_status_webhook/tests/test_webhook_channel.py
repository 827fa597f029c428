# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A channel added by another addon, as the README's "Adding a channel" says,
run through the engine: found through the registry, planned, sent once,
retried, cancelled, addressed to whom its Send To names."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.exceptions import ValidationError

from odoo.addons.sale_status_automation.tests.common import AutomationCase


class WebhookReceiver(ThreadingHTTPServer):
    """An HTTP endpoint on 127.0.0.1 answering with the statuses a test
    sets, and keeping the JSON it received."""

    def __init__(self):
        self.received = []
        self.statuses = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):
                length = int(handler.headers["Content-Length"])
                self.received.append(json.loads(handler.rfile.read(length)))
                status = self.statuses.pop(0) if self.statuses else 200
                handler.send_response(status)
                handler.send_header("X-Request-Id", f"req-{len(self.received)}")
                handler.end_headers()

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class TestChannelExtension(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receiver = WebhookReceiver()
        thread = threading.Thread(target=cls.receiver.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.receiver.server_close)
        cls.addClassCleanup(cls.receiver.shutdown)
        cls.company.sale_status_sandbox = False
        cls.order = cls.create_order()

    def setUp(self):
        super().setUp()
        self.receiver.received.clear()
        self.receiver.statuses.clear()

    def webhook_rule(self, stage, **values):
        return self.make_rule(
            stage, "Tell the warehouse", channel="webhook",
            webhook_url=self.receiver.url, **values,
        )  # fmt: skip

    def test_the_channel_is_found_through_the_registry(self):
        rule = self.webhook_rule(self.stage_paid)
        self.assertEqual(rule._channel()._name, "sale.status.channel.webhook")
        self.assertEqual(
            rule.summary, "Webhook to the shop's systems, immediately on entering"
        )
        with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
            rule.webhook_text = "{{ object.no_such_field }}"
        rule.invalidate_recordset()
        with self.assertRaisesRegex(ValidationError, "needs an http"):
            rule.webhook_url = "ftp://example.com"

    def test_planned_sent_once_and_retried_on_a_transient_error(self):
        self.webhook_rule(self.stage_paid)
        self.order.stage_id = self.stage_paid
        (execution,) = self.executions(self.order)
        self.assertEqual(execution.state, "scheduled")
        self.receiver.statuses.append(503)
        job = self.run_job(execution)
        self.assertEqual(
            (execution.state, execution.reason),
            ("scheduled", "503 Service Unavailable"),
        )
        self.assertEqual((job.state, job.retry), ("pending", 1))
        job = self.run_job(execution)
        self.assertEqual((execution.state, job.state), ("sent", "done"))
        self.assertEqual(execution.provider_ref, "req-2")
        self.assertEqual(
            execution.content, f"{self.order.name} is now {self.stage_paid.name}"
        )
        # The job run again (a requeue) posts nothing more.
        self.run_job(execution)
        self.assertEqual(len(self.receiver.received), 2)
        self.assertEqual(
            {request["execution"] for request in self.receiver.received},
            {execution.id},
        )

    def test_posts_whom_send_to_names(self):
        accounting = self.env["res.partner"].create(
            {"name": "Ada's Accounting", "email": "books@example.com"}
        )
        order = self.create_order(partner_invoice_id=accounting.id)
        self.webhook_rule(self.stage_paid, recipient="invoice")
        self.webhook_rule(self.stage_paid, recipient="contact")
        order.stage_id = self.stage_paid
        for execution in self.executions(order):
            self.run_job(execution)
            self.assertEqual(execution.state, "sent", execution.reason)
        self.assertEqual(
            [request["customer"] for request in self.receiver.received],
            ["books@example.com", "ada@example.com"],
        )

    def test_cancelled_when_the_order_leaves(self):
        self.webhook_rule(self.stage_paid, timing="delay", delay=2, delay_unit="hours")
        self.order.stage_id = self.stage_paid
        (execution,) = self.executions(self.order)
        job = self.jobs(execution)
        self.assertEqual(job.state, "pending")
        self.order.stage_id = self.stage_shipped
        self.assertEqual(execution.state, "cancelled")
        self.assertEqual(job.state, "cancelled")
        self.run_job(execution)
        self.assertFalse(self.receiver.received)
