"""What the benchmark, the multi-node check and the soak check share: the
fake Twilio server in this process, the company's Twilio account on it, and
live Odoo servers (with queue_job's runner) whose Twilio requests go to it
too, alone or as nodes behind a load balancer."""

import argparse
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import requests

SCRIPTS = Path(__file__).resolve().parent
CALLER_NUMBER = "+15005550006"
FINISHED = ("sent", "delivered", "failed", "skipped", "unknown", "cancelled")


def arguments(description, orders, port):
    """The options of a check on live nodes: Odoo's configuration file, the
    database, how many orders, the first node's port."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--orders", type=int, default=orders)
    parser.add_argument("--port", type=int, default=port)
    return parser


def open_registry(args):
    """Odoo configured from the options, and the registry of their database."""
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    return odoo.modules.registry.Registry(args.database)


def start_fake_twilio(latency=0.0, faults=None):
    """The fake Twilio server, with this process's requests routed to it."""
    from odoo.addons.sale_status_automation.tests.fake_twilio import FakeTwilio

    fake = FakeTwilio(latency=latency, faults=faults).start()
    os.environ["SSA_FAKE_TWILIO_URL"] = fake.url
    sys.path.insert(0, str(SCRIPTS))
    from odoo_fake_twilio import route_twilio_to_fake

    route_twilio_to_fake()
    return fake


def superuser_env(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, {})


def use_fake_twilio(env, fake, base_url, sms_per_second=0):
    """The company sends for real, on a Twilio account of the fake server,
    ``sms_per_second`` from its number (0: no limit)."""
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
            "sale_status_sms_per_second": sms_per_second,
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
    config,
    database,
    port,
    *,
    workers=0,
    runner_port=None,
    channels="root:4",
    wait=True,
):
    """A live Odoo on ``port`` serving ``database`` only, with queue_job's
    runner sending its jobs to ``runner_port`` (its own port by default).
    Returns the process once the server answers (with ``wait``), or at once
    (then call ``wait_started``)."""
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
    if wait:
        wait_started(server, port)
    return server


def wait_started(server, port):
    """Wait until the Odoo ``server`` answers on ``port`` and its job runner
    had time to connect; stop it and raise if it does not start."""
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
    if server.poll() is not None:  # what answered was another server
        raise RuntimeError(f"the Odoo server on port {port} stopped (port taken?)")


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


def wait_jobs_finished(registry, order_ids, stage_id, timeout):
    """Wait until the queue jobs of these orders' executions in this status
    are done, failed or cancelled (at most ``timeout`` seconds).

    An execution is committed as sent before its job is marked done (so a
    crash after Twilio accepted cannot send twice): let the last jobs finish
    before counting them and stopping the nodes."""
    deadline = time.time() + timeout
    while True:
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM queue_job j JOIN sale_status_execution e"
                " ON e.job_uuid = j.uuid"
                " WHERE e.order_id = ANY(%s) AND e.stage_id = %s"
                " AND j.state NOT IN ('done', 'failed', 'cancelled')",
                (order_ids, stage_id),
            )
            (running,) = cr.fetchone()
        if not running or time.time() > deadline:
            return
        time.sleep(0.05)


def move_orders(registry, order_ids, stage_id):
    """Move the orders into the status, in one transaction, as a user would."""
    with registry.cursor() as cr:
        superuser_env(cr)["sale.order"].browse(order_ids).stage_id = stage_id


@contextmanager
def balanced_nodes(args, balancer, workers=2):
    """Live Odoo nodes on the ports behind ``balancer``, on the database of
    ``args``, with ``workers`` workers each, as on a multi-node deployment:
    their job runners send the jobs to the balancer, as many at a time as
    the nodes have workers. Started side by side, stopped on exit."""
    capacity = workers * len(balancer.ports)
    nodes = []
    try:
        for port in balancer.ports:
            nodes.append(
                start_node(
                    args.config,
                    args.database,
                    port,
                    workers=workers,
                    runner_port=balancer.port,
                    channels=f"root:{capacity},root.sale_status_automation:{capacity}",
                    wait=False,
                )
            )
        for node, port in zip(nodes, balancer.ports, strict=True):
            wait_started(node, port)
        yield nodes
    finally:
        for node in nodes:
            stop_node(node)


class Balancer:
    """A TCP load balancer on 127.0.0.1: each connection goes to the next
    node in turn, or to the other one when a node refuses it."""

    def __init__(self, ports):
        self.ports = ports
        self.turns = itertools.cycle(range(len(ports)))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]

    def start(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # stopped
            threading.Thread(target=self._forward, args=(client,), daemon=True).start()

    def _forward(self, client):
        first = next(self.turns)
        for turn in range(len(self.ports)):
            port = self.ports[(first + turn) % len(self.ports)]
            try:
                upstream = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                continue
        else:
            client.close()
            return
        threading.Thread(target=_pump, args=(upstream, client), daemon=True).start()
        _pump(client, upstream)


def _pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        source.close()
