# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import json
import logging
from contextlib import nullcontext
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from ..tools.sending import SendResult
from .fake_twilio import FakeTwilioCase

SEEDED_STATUSES = [
    ("stage_new", "New"),
    ("stage_sent", "Quotation sent"),
    ("stage_confirmed", "Confirmed"),
    ("stage_paid", "Paid"),
    ("stage_shipped", "Shipped"),
    ("stage_delivered", "Delivered"),
    ("stage_cancelled", "Cancelled"),
]

# The customer's mobile and the company's Twilio sender of TwilioOrderCase.
CUSTOMER_MOBILE = "+32470123456"
TWILIO_SENDER = "+15005550006"
TWILIO_INBOUND = "/sale_status_automation/twilio/sms"

# Where ScriptedProvider logs each call it gets.
PROVIDER_LOGGER = f"{__name__}.provider"


class WorkerDied(BaseException):
    """The worker process vanished (killed, out of memory...)."""


class StatusPipelineCase(TransactionCase):
    """Two companies, a customer, a salesperson and a sales manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Shop"})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Ada Customer",
                "email": "ada@example.com",
                "phone": "+32 470 12 34 56",
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            "ssa_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            "ssa_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        for xmlid, _name in SEEDED_STATUSES:
            setattr(cls, xmlid, cls.env.ref(f"sale_status_automation.{xmlid}"))

    @classmethod
    def create_order(cls, env=None, **values):
        env = env or cls.env
        return env["sale.order"].create({"partner_id": cls.customer.id, **values})

    def flush_tracking(self):
        """Let mail tracking post its messages, as it does at commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()


class AutomationCase(StatusPipelineCase):
    """The pipeline with automation rules, run by queue_job's own runner code.

    The rules installed as demo data are archived so that each test sees only
    its own rules; the company works in sandbox mode unless a test says not.
    """

    SANDBOX_LOGGER = "odoo.addons.sale_status_automation.channels.channel"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sale.status.rule"].search([]).active = False
        cls.company.sale_status_sandbox = True
        cls.customer.tz = "Europe/Brussels"

    @classmethod
    def make_rule(cls, stage, name, **values):
        return cls.env["sale.status.rule"].create(
            {"stage_id": stage.id, "name": name, "channel": "sms", **values}
        )

    @classmethod
    def voice(cls, name, language):
        """Twilio's voice ``name`` speaking ``language`` (fr-FR)."""
        return cls.env["sale.status.voice"].search(
            [("name", "=", name), ("language", "=", language)]
        )

    def executions(self, order, **domain):
        return self.env["sale.status.execution"].search(
            [("order_id", "=", order.id)]
            + [(field, "=", value) for field, value in domain.items()],
            order="visit, sequence, rule_id",
        )

    def jobs(self, executions):
        return self.env["queue.job"].search(
            [("uuid", "in", executions.mapped("job_uuid"))]
        )

    def act_on(self, executions, action, user):
        """What ``user`` clicking Send again (retry), Cancel or Mark as sent
        on ``executions`` in the log, then confirming, does."""
        wizard = (
            self.env["sale.status.execution.action"]
            .with_user(user)
            .with_context(
                active_model="sale.status.execution", active_ids=executions.ids
            )
            .create({"action": action})
        )
        return wizard.action_apply()

    def run_job(self, execution):
        return self.run_job_uuid(execution.job_uuid)

    def ship_and_run_on_delivery_day(self, rule, **values):
        """An order to deliver on Thursday 5 March 2026 at 14:00 UTC, shipped
        on the Monday before; ``rule``'s execution run at its moment.
        Return the order and the execution."""
        order = self.create_order(commitment_date=datetime(2026, 3, 5, 14, 0), **values)
        with freeze_time(datetime(2026, 3, 2, 10, 0)):
            order.stage_id = self.stage_shipped
        execution = self.executions(order, rule_id=rule.id)
        with freeze_time(execution.scheduled_at):
            self.run_job(execution)
        return order, execution

    def run_job_in_a_dying_worker(self, execution):
        """Run the job of ``execution``; the worker dies in it (something
        in the job raises ``WorkerDied``)."""
        # Not assertRaises: Odoo's rolls back what the block committed.
        try:
            self.run_job(execution)
        except WorkerDied:
            return
        self.fail("The worker did not die.")

    def run_job_uuid(self, job_uuid):
        """Run a queue job as queue_job's runner does; return its record
        afterwards.

        The job runs in a cursor of its own and performs as queue_job's
        ``Job`` does (its function commits in a cursor of its own too). The
        runner's savepoint around the job is left out: in a test every cursor
        shares one transaction, and rolling it back would also undo what the
        job committed, which a real rollback never does.
        """
        self.env.flush_all()  # what the test wrote is committed for the job
        # An HttpCase keeps the registry in test mode for the whole class.
        test_mode = (
            nullcontext()
            if type(self)._registry_patched
            else self.enter_registry_test_mode()
        )
        with test_mode, self.registry.cursor() as cr:
            job = Job.load(self.env(cr=cr), job_uuid)
            job.set_enqueued()
            job.set_started()
            job.store()
            # The runner commits "started" before performing (a test cursor
            # only releases a savepoint).
            cr.commit()  # pylint: disable=invalid-commit
            try:
                job.perform()
            except RetryableJobError as error:
                job.postpone(result=str(error), seconds=error.seconds)
                job.set_pending(reset_retry=False)
                job.store()
            except Exception as error:  # noqa: BLE001 (what the runner does)
                failure = {
                    "exc_info": "",
                    "exc_name": type(error).__name__,
                    "exc_message": str(error),
                }
                job.set_failed(**failure)
                job.store()
                job.on_fail(failure)
            else:
                job.set_done()
                job.store()
        self.env.invalidate_all()
        return self.env["queue.job"].search([("uuid", "=", job_uuid)])

    def sandbox_sends(self, logs):
        return [line for line in logs.output if "Sandbox" in line]


class LogCase(AutomationCase):
    """Executions as the log holds them, made without running their jobs."""

    def log(self, rule, state, order=None, **values):
        """An execution of ``rule`` that ended just now in ``state``, on a
        new order unless told, for the order's visit."""
        executions = self.env["sale.status.execution"]
        order = order or self.create_order()
        return executions.create(
            {
                **executions._values_for(order, rule, order.stage_visit or 1),
                "state": state,
                "finished_at": fields.Datetime.now(),
                **values,
            }
        )


class LiveChatCase(AutomationCase):
    """An operator, a portal customer and an anonymous guest, each in a live
    chat conversation with the operator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env,
            "ssa_operator",
            name="Olivia Operator",
            password="ssa_operator_pw",
            groups="base.group_user,im_livechat.im_livechat_group_user",
        )
        cls.portal = new_test_user(
            cls.env, "ssa_portal", password="ssa_portal_pw", groups="base.group_portal"
        )
        cls.portal.partner_id = cls.customer
        cls.guest = cls.env["mail.guest"].create({"name": "Visitor 42"})
        cls.livechat = cls.env["im_livechat.channel"].create(
            {"name": "Shop chat", "user_ids": [Command.link(cls.operator.id)]}
        )

    @classmethod
    def conversation(cls, visitor=None, last_activity=None, guest=None):
        visitor_member = {"guest_id": guest.id} if guest else {"partner_id": visitor.id}
        return cls.env["discuss.channel"].create(
            {
                "name": "Visitor",
                "channel_type": "livechat",
                "livechat_channel_id": cls.livechat.id,
                "livechat_operator_id": cls.operator.partner_id.id,
                "last_interest_dt": last_activity,
                "channel_member_ids": [
                    Command.create(
                        {
                            "partner_id": cls.operator.partner_id.id,
                            "livechat_member_type": "agent",
                        }
                    ),
                    Command.create(
                        {**visitor_member, "livechat_member_type": "visitor"}
                    ),
                ],
            }
        )


class ApiCallsMixin:
    """For an HttpCase: calls as the web client of the authenticated user
    sends them, and as an API client with the user's API key (JSON-2)."""

    def call_kw(self, model, method, args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def json2(self, user, model, method, **params):
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(
                scope="rpc",
                name="test",
                expiration_date=datetime.now() + timedelta(days=1),
            )
        )
        return self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
            },
        )


class TwilioOrderCase(FakeTwilioCase, AutomationCase, HttpCase):
    """The company on the fake Twilio, texting by Twilio, with a WhatsApp
    sender; an order of the salesperson (notified in Odoo's inbox, with a
    mobile phone), followed by the manager (notified by email)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = cls.connect_company_to_the_fake(
            TWILIO_SENDER, sms_provider="twilio"
        )
        cls.sender.sale_status_whatsapp = True
        cls.salesman.write({"notification_type": "inbox", "phone": "+32 470 99 88 77"})
        cls.manager.write({"notification_type": "email", "phone": "+32 470 11 22 33"})
        cls.order = cls.create_order(user_id=cls.salesman.id)
        cls.order.message_subscribe(cls.manager.partner_id.ids)
        cls.rule = cls.make_rule(
            cls.stage_paid, "Paid", sms_body="{{ object.name }} is paid."
        )

    def text_the_customer(self):
        self.order.stage_id = self.stage_paid
        execution = self.executions(self.order, rule_id=self.rule.id)
        self.run_job(execution)
        self.assertEqual(execution.state, "sent", execution.reason)

    def receive(self, body, whatsapp=False):
        prefix = "whatsapp:" if whatsapp else ""
        self.env.flush_all()
        with self.allow_requests(all_requests=True):
            response, _sid = self.fake_twilio.post_inbound_sms(
                self.base_url() + TWILIO_INBOUND,
                prefix + CUSTOMER_MOBILE,
                prefix + TWILIO_SENDER,
                body,
            )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return self.env["sale.status.reply"].search([], limit=1)

    def messages_to_twilio(self):
        """What reached Twilio's Messages API, once the SMS queue ran too."""
        self.env["sms.sms"].sudo()._process_queue()
        return [
            request
            for request in self.fake_twilio.api_requests("Messages")
            if request.method == "POST"
        ]


class ScriptedProvider:
    """A provider for the SMS channel whose answers a test writes in
    advance; it logs each call (on PROVIDER_LOGGER). ``use_provider`` makes
    it the channel's ``_send``."""

    def __init__(self, *answers):
        self.answers = list(answers)

    def send(self, execution, delivery):
        logging.getLogger(PROVIDER_LOGGER).info(
            "Provider called for execution %s", execution.id
        )
        answer = self.answers.pop(0) if self.answers else "ok"
        if isinstance(answer, BaseException):
            raise answer
        return SendResult(provider_ref=f"SM{execution.id}")


def use_provider(case, provider):
    """Leave the sandbox and send the SMS rules of ``case`` through
    ``provider`` instead of Odoo's SMS stack."""
    case.company.sale_status_sandbox = False
    patcher = patch.object(
        case.registry["sale.status.channel.sms"], "_send", provider.send
    )
    patcher.start()
    case.addCleanup(patcher.stop)
