"""What the benchmark and the multi-node check share: the fake Twilio server
in this process, the company's Twilio account on it, and live Odoo servers
(with queue_job's runner) whose Twilio requests go to it too."""

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

SCRIPTS = Path(__file__).resolve().parent
CALLER_NUMBER = "+15005550006"
FINISHED = ("sent", "delivered", "failed", "skipped", "unknown", "cancelled")


def start_fake_twilio(latency=0.0):
    """The fake Twilio server, with this process's requests routed to it."""
    from odoo.addons.sale_status_automation.tests.fake_twilio import FakeTwilio

    fake = FakeTwilio(latency=latency).start()
    os.environ["SSA_FAKE_TWILIO_URL"] = fake.url
    sys.path.insert(0, str(SCRIPTS))
    from odoo_fake_twilio import route_twilio_to_fake

    route_twilio_to_fake()
    return fake


def superuser_env(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, {})


def use_fake_twilio(env, fake, base_url):
    """The company sends for real, on a Twilio account of the fake server."""
    company = env.company
    env["ir.config_parameter"].set_param("web.base.url", base_url)
    company.write(
        {
            "sale_status_sandbox": False,
            "sms_provider": "twilio",
            "sms_twilio_account_sid": fake.account_sid,
            "sms_twilio_auth_token": fake.auth_token,
            "email": "shop@example.com",
            "country_id": env.ref("base.be").id,
        }
    )
    env["sms.twilio.number"].create(
        {
            "company_id": company.id,
            "number": CALLER_NUMBER,
            "country_id": env.ref("base.us").id,
        }
    )
    env["sale.status.rule"].search([]).active = False
    env["sale.status.trigger"].search([]).active = False


def create_customer_orders(env, count):
    """``count`` orders, each of its own customer with a phone of its own."""
    partners = env["res.partner"].create(
        [
            {
                "name": f"Customer {i}",
                "phone": f"+32470{i:06d}",
                "email": f"customer{i}@example.com",
                "country_id": env.ref("base.be").id,
            }
            for i in range(count)
        ]
    )
    return env["sale.order"].create(
        [{"partner_id": partner.id} for partner in partners]
    )


def start_node(
    config, database, port, *, workers=0, runner_port=None, channels="root:4"
):
    """A live Odoo on ``port`` serving ``database`` only, with queue_job's
    runner sending its jobs to ``runner_port`` (its own port by default).
    Returns the process once the server answers."""
    env = dict(
        os.environ,
        ODOO_QUEUE_JOB_CHANNELS=channels,
        ODOO_QUEUE_JOB_HOST="127.0.0.1",
        ODOO_QUEUE_JOB_PORT=str(runner_port or port),
    )
    command = [
        sys.executable,
        str(SCRIPTS / "odoo_fake_twilio.py"),
        "-c",
        config,
        "-d",
        database,
        f"--db-filter=^{database}$",
        f"--http-port={port}",
        f"--gevent-port={port + 1}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--log-level=warn",
    ]
    server = subprocess.Popen(command, env=env)
    deadline = time.time() + 180
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=10).ok:
                break
        except requests.RequestException:
            pass
        if time.time() > deadline or server.poll() is not None:
            stop_node(server)
            raise RuntimeError(f"the Odoo server on port {port} did not start")
        time.sleep(1)
    time.sleep(3)  # let the job runner connect
    return server


def stop_node(server):
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def execution_states(cr, order_ids, stage_id):
    cr.execute(
        "SELECT state, count(*) FROM sale_status_execution"
        " WHERE order_id = ANY(%s) AND stage_id = %s GROUP BY state",
        (order_ids, stage_id),
    )
    return dict(cr.fetchall())


def wait_finished(registry, order_ids, stage_id, expected, timeout=1800, on_poll=None):
    """Wait until ``expected`` executions of these orders in this status are
    finished; return their count by state. ``on_poll(cr)`` is called at each
    look."""
    deadline = time.time() + timeout
    while True:
        with registry.cursor() as cr:
            states = execution_states(cr, order_ids, stage_id)
            if on_poll:
                on_poll(cr)
        if sum(states.get(state, 0) for state in FINISHED) >= expected:
            return states
        if time.time() > deadline:
            raise TimeoutError(f"executions still unfinished: {states}")
        time.sleep(0.05)
