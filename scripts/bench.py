"""The benchmark of ``make bench``: every figure is measured in this one run.

1. Status change cost: N orders moved into a status with three rules (email,
   SMS, call), into a status without rules, and into a status where Odoo's own
   base_automation sends an SMS ("Stage is set to"); seconds and SQL queries
   per order, and the ratios. Then the same number of orders imported with
   Odoo's import (``load``) and a status column: what the rules add to it.
2. Cancellation cost: the same orders moved out with all their executions
   pending.
3. Dispatch throughput, at the same concurrency on both sides: due SMS and
   call executions run by queue_job's runner in a live prefork Odoo (as many
   workers as the channel's capacity, 4 by default) through the real
   adapters, against the fake Twilio server, versus the bare twilio SDK
   making the same requests from as many threads. Both sides' CPU is
   measured over the dispatch: all the Odoo server's processes (and, apart,
   the PostgreSQL backends serving them) against the SDK's threads.
4. Latency: a status change over Odoo 19's JSON API (/json/2) until the fake
   Twilio server receives the SMS of an immediate rule, on the live server.
5. Peak memory.
6. SMS at the company's rate: the dispatch's orders moved at once into a
   status with an immediate SMS rule, the company sending 10 SMS per second
   from its number; meanwhile orders moved one by one over the JSON API,
   each timed until Twilio gets its SMS. How long the bulk takes, the most
   SMS Twilio receives from the number within one second, and the moves'
   p95.

Twilio is the fake server of the tests, answering after a fixed latency, as a
provider on the network does; nothing leaves the machine.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import live_odoo
import psutil
import requests

# A move of 200 orders lasts about a second, so one busy moment of the
# machine can skew a single measurement: the median of this many is kept.
STATUS_CHANGE_ROUNDS = 5

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "time_vs_base_automation": 0.5,
    "queries_per_order": 4,
    # what three rules add, per order, to an import that sets the status
    "import_queries_added_per_order": 1,
    # addon's time over the bare SDK's, both sending 4 at a time
    "dispatch_vs_sdk_same_concurrency": 3.0,
    "latency_p95_s": 2.0,
    # 6: the company's SMS per second; the bulk at that rate lasts at least
    # its size over the rate; an order moved meanwhile gets its SMS at once
    "pace_sms_per_second": 10,
    "pace_hand_move_p95_s": 2.0,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--dispatch", type=int, default=1000)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument(
        "--hand-moves",
        type=int,
        default=20,
        help="orders moved one by one while the paced bulk is sent (6)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=4,
        help="Odoo workers and queue_job channel capacity; the SDK's threads",
    )
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--port", type=int, default=8169)
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    fake = live_odoo.start_fake_twilio(latency=args.latency)
    registry = odoo.modules.registry.Registry(args.database)
    bench = Bench(registry, fake, args)
    orders_needed = max(max(sizes), args.dispatch + args.hand_moves, args.moves)
    bench.setup(orders_needed)

    results = {"sizes": {}, "settings": vars(args)}
    for size in sizes:
        results["sizes"][size] = bench.status_change(size)
    results["import"] = bench.import_orders(max(sizes))
    server = bench.start_server()
    try:  # the server is stopped whatever happens
        results["dispatch"] = bench.dispatch(server)
        results["latency"] = bench.latency()
        results["pace"] = bench.pace()
    finally:
        results["server_peak_rss_mb"] = peak_rss_mb(server.pid)
        live_odoo.stop_node(server)
        fake.stop()
    results["bench_peak_rss_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    verdicts = report(results)
    Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    print(f"\nFigures written to {args.json}")
    return 0 if all(verdicts) else 1


class Bench:
    def __init__(self, registry, fake, args):
        self.registry = registry
        self.fake = fake
        self.args = args
        self.url = f"http://127.0.0.1:{args.port}"

    # ------------------------------------------------------------ set up
    def setup(self, count):
        from odoo.fields import Command

        with self.registry.cursor() as cr:
            env = live_odoo.superuser_env(cr)
            ref = env.ref
            live_odoo.use_fake_twilio(env, self.fake, self.url)
            stages = env["sale.order.stage"]
            self.stage = {
                "new": ref("sale_status_automation.stage_new").id,
                "rules": ref("sale_status_automation.stage_paid").id,
                "none": ref("sale_status_automation.stage_shipped").id,
                "base_automation": ref("sale_status_automation.stage_delivered").id,
                "sms": stages.create({"name": "Bench SMS", "sequence": 100}).id,
                "call": stages.create({"name": "Bench call", "sequence": 101}).id,
                "pace": stages.create({"name": "Bench pace", "sequence": 102}).id,
            }
            rules = env["sale.status.rule"]
            for channel in ("email", "sms", "call"):
                rules.create(
                    {
                        "name": f"Bench {channel}",
                        "stage_id": self.stage["rules"],
                        "channel": channel,
                    }
                )
            rules.create(
                {
                    "name": "Dispatch SMS",
                    "stage_id": self.stage["sms"],
                    "channel": "sms",
                }
            )
            rules.create(
                {
                    "name": "Dispatch call",
                    "stage_id": self.stage["call"],
                    "channel": "call",
                }
            )
            rules.create(
                {"name": "Paced SMS", "stage_id": self.stage["pace"], "channel": "sms"}
            )
            template = env["sms.template"].create(
                {
                    "name": "Bench SMS",
                    "model_id": env["ir.model"]._get_id("sale.order"),
                    "body": "{{ object.partner_id.name }}, your order "
                    "{{ object.name }} is now {{ object.stage_id.name }}.",
                }
            )
            env["base.automation"].create(
                {
                    "name": "Bench: status set to Delivered, send an SMS",
                    "model_id": env["ir.model"]._get_id("sale.order"),
                    "trigger": "on_stage_set",
                    "trg_field_ref": self.stage["base_automation"],
                    "action_server_ids": [
                        Command.create(
                            {
                                "name": "Send SMS",
                                "model_id": env["ir.model"]._get_id("sale.order"),
                                "state": "sms",
                                "sms_template_id": template.id,
                                "sms_method": "sms",
                            }
                        )
                    ],
                }
            )
            orders = live_odoo.create_customer_orders(env, count)
            self.order_ids = orders.ids
            self.numbers = dict(
                zip(orders.ids, orders.partner_id.mapped("phone"), strict=True)
            )
        print(f"Set up {count} orders.", flush=True)

    # ------------------------------------------------------------ 1, 2
    def status_change(self, size, rounds=STATUS_CHANGE_ROUNDS):
        """Each move measured ``rounds`` times, in turns, rolled back after
        each: the median is kept, so that one slow moment does not decide."""
        samples = {}
        order_ids = self.order_ids[:size]
        for _round in range(rounds):
            for scenario in ("none", "rules", "base_automation"):
                with self.registry.cursor() as cr:
                    env = live_odoo.superuser_env(cr)
                    orders = env["sale.order"].browse(order_ids)
                    orders.mapped("stage_id")
                    measured = {scenario: measure(env, orders, self.stage[scenario])}
                    if scenario == "rules":
                        measured["leave_with_pending"] = measure(
                            env, orders, self.stage["none"]
                        )
                    cr.rollback()
                for name, figure in measured.items():
                    samples.setdefault(name, []).append(figure)
        print(f"Measured status changes of {size} orders.", flush=True)
        return {
            name: sorted(figures, key=lambda figure: figure["seconds"])[
                len(figures) // 2
            ]
            for name, figures in samples.items()
        }

    def import_orders(self, count):
        """``count`` orders imported as Odoo's import does (``load``), with a
        status column: into the status with three rules, and into one
        without; rolled back after each."""
        customer_id = self.order_ids[0]
        figures = {}
        for scenario, xmlid in (
            ("none", "sale_status_automation.stage_shipped"),
            ("rules", "sale_status_automation.stage_paid"),
        ):
            with self.registry.cursor() as cr:
                env = live_odoo.superuser_env(cr)
                customer = env["sale.order"].browse(customer_id).partner_id
                rows = [[str(customer.id), xmlid] for _ in range(count)]
                env.flush_all()
                queries = cr.sql_log_count
                start = time.perf_counter()
                result = env["sale.order"].load(["partner_id/.id", "stage_id/id"], rows)
                env.flush_all()
                cr.precommit.run()
                seconds = time.perf_counter() - start
                queries = cr.sql_log_count - queries
                assert not result["messages"], result["messages"][:3]
                executions = env["sale.status.execution"].search_count(
                    [("order_id", "in", result["ids"])]
                )
                cr.rollback()
            figures[scenario] = {
                "orders": count,
                "executions": executions,
                "seconds_per_order": seconds / count,
                "queries_per_order": queries / count,
            }
        print(f"Measured imports of {count} orders.", flush=True)
        return figures

    # ------------------------------------------------------------ live server
    def start_server(self):
        args = self.args
        server = live_odoo.start_node(
            args.config,
            args.database,
            args.port,
            workers=args.workers,
            channels=f"root:{args.workers},root.sale_status_automation:{args.workers}",
        )
        print("Live server up.", flush=True)
        return server

    # ------------------------------------------------------------ 3
    def dispatch(self, server):
        """Each channel's executions sent by the addon, then the same
        requests by the bare SDK, as many at a time on both sides."""
        count = self.args.dispatch
        workers = self.args.workers
        order_ids = self.order_ids[:count]
        in_flight = InFlight(self.fake)
        figures = {}
        for channel in ("sms", "call"):
            resource_name = {"sms": "Messages", "call": "Calls"}[channel]
            self.fake.reset()
            jobs = RunningJobs()
            with self.registry.cursor() as cr:
                backends = PostgresBackends(cr, server.pid)
            in_flight.reset()
            window = CpuWindow(server.pid)
            # The status change, committed, stores the jobs: the dispatch
            # starts there (what the change itself costs is measured in 1;
            # it runs in this process, not in the Odoo server).
            start = time.perf_counter()
            with self.registry.cursor() as cr:
                env = live_odoo.superuser_env(cr)
                env["sale.order"].browse(order_ids).write(
                    {"stage_id": self.stage[channel]}
                )
            status_change = time.perf_counter() - start
            start = time.perf_counter()
            states = live_odoo.wait_finished(
                self.registry,
                order_ids,
                self.stage[channel],
                len(order_ids),
                on_poll=jobs.sample,
            )
            seconds = time.perf_counter() - start
            cpu = window.stop()
            with self.registry.cursor() as cr:
                postgres_cpu = backends.cpu_seconds(cr)
            accepted = [
                request
                for request in self.fake.api_requests(resource_name)
                if request.status == 201
            ]
            sent = len(accepted)
            addon = {
                "executions": count,
                "states": states,
                "sent": sent,
                "status_change_seconds": status_change,
                "seconds": seconds,
                "jobs_at_a_time": jobs.figures(),
                "twilio_in_flight": in_flight.figures(seconds),
                "odoo_cpu_seconds": cpu["tree"],
                "odoo_cpu_ms_per_sent": cpu["tree"] * 1000 / max(sent, 1),
                "postgres_cpu_seconds": postgres_cpu,
                "postgres_cpu_ms_per_sent": postgres_cpu * 1000 / max(sent, 1),
                "bench_process_cpu_seconds": cpu["bench_process"],
                "machine_busy_cores": cpu["machine_busy_cores"],
                # what the machine did besides this benchmark's processes
                # (other users; PostgreSQL's short-lived connections)
                # the shortest the dispatch could last with every core its
                # own, at this CPU per message (PostgreSQL's included)
                "cpu_floor_seconds": (cpu["tree"] + postgres_cpu) / os.cpu_count(),
                "machine_other_cores": cpu["machine_busy_cores"]
                - (cpu["tree"] + postgres_cpu + cpu["bench_process"]) / cpu["seconds"],
            }
            self.fake.reset()
            in_flight.reset()
            sdk = bare_sdk(self.fake, accepted, workers)
            sdk["sent"] = sum(
                request.status == 201
                for request in self.fake.api_requests(resource_name)
            )
            sdk["twilio_in_flight"] = in_flight.figures(sdk["seconds"])
            sdk["cpu_ms_per_sent"] = sdk["cpu_seconds"] * 1000 / max(sdk["sent"], 1)
            figures[channel] = {
                "addon": addon,
                "bare_sdk": sdk,
                "ratio": seconds / sdk["seconds"],
                "cpu_ratio": addon["odoo_cpu_ms_per_sent"] / sdk["cpu_ms_per_sent"],
            }
            print(
                f"Dispatched {count} {channel} executions: {seconds:.1f} s,"
                f" bare SDK {sdk['seconds']:.1f} s.",
                flush=True,
            )
        return figures

    # ------------------------------------------------------------ 4
    def api_key(self):
        with self.registry.cursor() as cr:
            admin = live_odoo.superuser_env(cr).ref("base.user_admin")
            keys = admin.env["res.users.apikeys"].with_user(admin).sudo()
            return keys._generate(None, "benchmark", None)

    def latency(self):
        moves = self.args.moves
        session = requests.Session()
        session.headers["Authorization"] = f"bearer {self.api_key()}"
        delays = []
        for order_id in self.order_ids[-moves:]:
            self.fake.reset()
            delays.append(self.move_until_sms(session, order_id, self.stage["sms"]))
        delays.sort()
        return {
            "moves": moves,
            "p50_s": statistics.median(delays),
            "p95_s": delays[max(0, round(0.95 * len(delays)) - 1)],
            "max_s": delays[-1],
        }

    def move_until_sms(self, session, order_id, stage_id, timeout=120):
        """Move one order over the JSON API, as a user's browser does; return
        the seconds until Twilio got its customer's SMS."""
        number = self.numbers[order_id]
        start = time.perf_counter()
        json2(
            session,
            f"{self.url}/json/2/sale.order/write",
            {"ids": [order_id], "vals": {"stage_id": stage_id}},
        )
        while not any(
            r.form.get("To") == number for r in self.fake.api_requests("Messages")
        ):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"no SMS for order {order_id}")
            time.sleep(0.005)
        return time.perf_counter() - start

    # ------------------------------------------------------------ 6
    def pace(self):
        """The dispatch's orders moved at once at 10 SMS per second; orders
        moved one by one meanwhile, spread over the bulk's expected time."""
        rate = TARGETS["pace_sms_per_second"]
        bulk_ids = self.order_ids[: self.args.dispatch]
        hand_ids = self.order_ids[
            self.args.dispatch : self.args.dispatch + self.args.hand_moves
        ]
        with self.registry.cursor() as cr:
            live_odoo.superuser_env(cr).company.sale_status_sms_per_second = rate
        session = requests.Session()
        session.headers["Authorization"] = f"bearer {self.api_key()}"
        self.fake.reset()
        start = time.perf_counter()
        live_odoo.move_orders(self.registry, bulk_ids, self.stage["pace"])
        moved = time.perf_counter()
        gap = len(bulk_ids) / rate / (len(hand_ids) + 1)
        delays = []
        for index, order_id in enumerate(hand_ids, 1):
            time.sleep(max(0.0, moved + index * gap - time.perf_counter()))
            delays.append(self.move_until_sms(session, order_id, self.stage["pace"]))
        states = live_odoo.wait_finished(
            self.registry, bulk_ids, self.stage["pace"], len(bulk_ids)
        )
        bulk_numbers = {self.numbers[order_id] for order_id in bulk_ids}
        bulk_arrivals = [
            request.received_at
            for request in self.fake.api_requests("Messages")
            if request.accepted and request.form.get("To") in bulk_numbers
        ]
        with self.registry.cursor() as cr:
            live_odoo.superuser_env(cr).company.sale_status_sms_per_second = 0
        delays.sort()
        print(f"Sent {len(bulk_ids)} SMS at {rate} per second.", flush=True)
        return {
            "sms_per_second": rate,
            "bulk": len(bulk_ids),
            "states": states,
            "bulk_sent": len(bulk_arrivals),
            # from the committed status change to Twilio's last SMS
            "bulk_seconds": max(bulk_arrivals, default=start) - start,
            "most_in_one_second": max(
                self.fake.most_messages_in_one_second().values(), default=0
            ),
            "hand_moves": len(delays),
            "hand_p50_s": statistics.median(delays),
            "hand_p95_s": delays[max(0, round(0.95 * len(delays)) - 1)],
            "hand_max_s": delays[-1],
        }


def measure(env, orders, stage_id):
    cr = env.cr
    env.flush_all()
    queries = cr.sql_log_count
    start = time.perf_counter()
    orders.write({"stage_id": stage_id})
    env.flush_all()
    cr.precommit.run()  # mail tracking, bus: part of every save
    seconds = time.perf_counter() - start
    queries = cr.sql_log_count - queries
    return {
        "orders": len(orders),
        "seconds": seconds,
        "seconds_per_order": seconds / len(orders),
        "queries": queries,
        "queries_per_order": queries / len(orders),
    }


def bare_sdk(fake, requests_made, workers):
    """The requests the addon made, again, with the twilio SDK alone from
    ``workers`` threads, a client per message as the addon does for calls;
    the CPU of those threads."""
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    from odoo.addons.sale_status_automation.tools.twilio import HTTP_LOGGER

    cpu = []  # list.append is atomic

    def send(request):
        form = request.form
        started = time.thread_time()
        client = Client(
            fake.account_sid,
            fake.auth_token,
            http_client=TwilioHttpClient(timeout=10, logger=HTTP_LOGGER),
        )
        common = {
            "to": form["To"],
            "from_": form["From"],
            "status_callback": form.get("StatusCallback"),
        }
        if request.resource == "Messages":
            client.messages.create(body=form["Body"], **common)
        else:
            client.calls.create(
                twiml=form["Twiml"],
                status_callback_event=request.form_lists.get("StatusCallbackEvent"),
                status_callback_method=form.get("StatusCallbackMethod"),
                timeout=form.get("Timeout"),
                machine_detection=form.get("MachineDetection"),
                **common,
            )
        cpu.append(time.thread_time() - started)

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(send, requests_made))
    return {
        "threads": workers,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": sum(cpu),
    }


class InFlight:
    """Counts the API requests the fake Twilio server is answering at once
    (it runs in this process): the concurrency Twilio sees."""

    def __init__(self, fake):
        self._lock = threading.Lock()
        self.reset()
        handle = fake.handle

        def counted(*args):
            with self._lock:
                self._now += 1
                self._peak = max(self._peak, self._now)
            start = time.perf_counter()
            try:
                return handle(*args)
            finally:
                with self._lock:
                    self._now -= 1
                    self._busy += time.perf_counter() - start

        fake.handle = counted

    def reset(self):
        with self._lock:
            self._now = self._peak = 0
            self._busy = 0.0

    def figures(self, seconds):
        return {"max": self._peak, "mean": self._busy / seconds}


class RunningJobs:
    """How many of the addon's jobs run at once, read in queue_job's table
    each time the benchmark polls for the executions' end."""

    def __init__(self):
        self.samples = []

    def sample(self, cr):
        cr.execute(
            "SELECT count(*) FROM queue_job WHERE state = 'started'"
            " AND channel = 'root.sale_status_automation'"
        )
        self.samples.append(cr.fetchone()[0])

    def figures(self):
        samples = self.samples or [0]
        return {"max": max(samples), "mean": statistics.mean(samples)}


def tree_cpu_seconds(pid):
    """CPU seconds used so far by a process and all its descendants, those
    that ended included (the kernel adds them to their parent's)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user
        total += times.children_system
    return total


def machine_busy_seconds():
    """CPU seconds all the machine's cores spent busy so far, and its uptime
    in CPU seconds (every process, other users' too)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
    idle = fields[3] + fields[4]  # idle, iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / ticks


class CpuWindow:
    """The CPU the Odoo server (master, workers, gevent), this process (the
    fake Twilio, the polls) and the whole machine use from now until
    ``stop``."""

    def __init__(self, pid):
        self.pid = pid
        self.start = time.perf_counter()
        self.tree = tree_cpu_seconds(pid)
        self.own = own_cpu_seconds()
        self.machine = machine_busy_seconds()

    def stop(self):
        seconds = time.perf_counter() - self.start
        return {
            "seconds": seconds,
            "tree": tree_cpu_seconds(self.pid) - self.tree,
            "bench_process": own_cpu_seconds() - self.own,
            "machine_busy_cores": (machine_busy_seconds() - self.machine) / seconds,
        }


def own_cpu_seconds():
    times = psutil.Process().cpu_times()
    return times.user + times.system


class PostgresBackends:
    """The CPU of the PostgreSQL backends serving the Odoo server's processes
    (Odoo names its connections odoo-<pid>), from now until ``cpu_seconds``;
    a backend that closes meanwhile is not counted."""

    def __init__(self, cr, pid):
        self.pid = pid
        self.start = self._cpu(cr)

    def _cpu(self, cr):
        try:
            root = psutil.Process(self.pid)
            pids = [root.pid] + [child.pid for child in root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return {}
        cr.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name = ANY(%s)",
            ([f"odoo-{pid}" for pid in pids],),
        )
        cpu = {}
        for (backend,) in cr.fetchall():
            try:
                times = psutil.Process(backend).cpu_times()
            except psutil.Error:
                continue
            cpu[backend] = times.user + times.system
        return cpu

    def cpu_seconds(self, cr):
        return sum(
            seconds - self.start.get(backend, 0.0)
            for backend, seconds in self._cpu(cr).items()
        )


def _at_a_time(figures):
    return f"{figures['max']}/{figures['mean']:.1f}"


def json2(session, url, payload):
    """Odoo 19's JSON API; /jsonrpc is deprecated and logs a warning per call."""
    answer = session.post(url, json=payload, timeout=60)
    if not answer.ok:
        raise RuntimeError(f"{url}: {answer.status_code} {answer.text[:500]}")
    return answer.json()


def peak_rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def report(results):
    verdicts = []

    def check(label, value, target, lower_is_better=True):
        ok = value <= target if lower_is_better else value >= target
        verdicts.append(ok)
        sign = "<=" if lower_is_better else ">="
        return (
            f"{'PASS' if ok else 'FAIL'} ({label} {value:.2f}, target {sign} {target})"
        )

    print(
        "\n1-2. Status change, per order (one transaction, tracking included;"
        f" median of {STATUS_CHANGE_ROUNDS})"
    )
    print(f"{'orders':>7} {'scenario':<28} {'ms/order':>9} {'queries/order':>14}")
    for size, figures in results["sizes"].items():
        for scenario, label in (
            ("none", "no rules"),
            ("rules", "3 rules (email, SMS, call)"),
            ("base_automation", "base_automation SMS rule"),
            ("leave_with_pending", "leaving, 3 pending each"),
        ):
            figure = figures[scenario]
            print(
                f"{size:>7} {label:<28} {figure['seconds_per_order'] * 1000:>9.2f}"
                f" {figure['queries_per_order']:>14.2f}"
            )
        ratio = figures["rules"]["seconds"] / figures["base_automation"]["seconds"]
        figures["ratio_vs_base_automation"] = ratio
        figures["ratio_vs_no_rules"] = (
            figures["rules"]["seconds"] / figures["none"]["seconds"]
        )
        print(
            f"{'':>7} 3 rules / base_automation: {ratio:.2f}  "
            + check("time ratio", ratio, TARGETS["time_vs_base_automation"])
        )
        print(f"{'':>7} 3 rules / no rules: {figures['ratio_vs_no_rules']:.2f}")
        print(
            f"{'':>7} "
            + check(
                "queries/order",
                figures["rules"]["queries_per_order"],
                TARGETS["queries_per_order"],
            )
        )
    sizes = sorted(results["sizes"])
    if len(sizes) > 1:
        small, large = (results["sizes"][size] for size in (sizes[0], sizes[-1]))
        for scenario in ("rules", "leave_with_pending"):
            growth = (
                large[scenario]["seconds_per_order"]
                / small[scenario]["seconds_per_order"]
            )
            queries = (
                large[scenario]["queries_per_order"]
                - small[scenario]["queries_per_order"]
            )
            results.setdefault("growth", {})[scenario] = {
                "time_per_order": growth,
                "queries_per_order_delta": queries,
            }
            print(
                f"        {scenario}: time/order x{growth:.2f} from {sizes[0]} to "
                f"{sizes[-1]} orders, queries/order {queries:+.2f}"
            )
    imported = results["import"]
    none, rules = imported["none"], imported["rules"]
    added = rules["queries_per_order"] - none["queries_per_order"]
    imported["queries_added_per_order"] = added
    print(
        f"\n   Import of {rules['orders']} orders with a status column (Odoo's"
        " import, one transaction)"
    )
    for label, figure in (("no rules", none), ("3 rules (email, SMS, call)", rules)):
        print(
            f"{'':>7} {label:<28} {figure['seconds_per_order'] * 1000:>9.2f}"
            f" {figure['queries_per_order']:>14.2f}  executions:"
            f" {figure['executions']}"
        )
    print(
        f"{'':>7} "
        + check(
            "queries the rules add per order",
            added,
            TARGETS["import_queries_added_per_order"],
        )
    )
    expected = 3 * rules["orders"]
    verdicts.append(rules["executions"] == expected)
    print(
        f"{'':>7} {'PASS' if verdicts[-1] else 'FAIL'} (executions"
        f" {rules['executions']}, one per rule and order: {expected})"
    )
    workers = results["settings"]["workers"]
    print(
        f"\n3. Dispatch, {workers} at a time on both sides: queue_job runs the"
        f" executions through the real adapters ({workers} Odoo workers, channel"
        f" capacity {workers}), the bare twilio SDK sends the same requests from"
        f" {workers} threads; Twilio answers in"
        f" {results['settings']['latency'] * 1000:.0f} ms. From the committed"
        " status change to the last execution finished; CPU of all the Odoo"
        " server's processes against the SDK's threads, per message sent."
    )
    print(
        f"   {'':<11} {'sent':>5} {'seconds':>8} {'per s':>6} {'at a time':>10}"
        f" {'at Twilio':>10} {'CPU ms/msg':>11} {'PG CPU ms/msg':>14}"
    )
    for channel, figure in results["dispatch"].items():
        addon, sdk = figure["addon"], figure["bare_sdk"]
        print(
            f"   {channel + ' addon':<11} {addon['sent']:>5} {addon['seconds']:>8.1f}"
            f" {addon['sent'] / addon['seconds']:>6.1f}"
            f" {_at_a_time(addon['jobs_at_a_time']):>10}"
            f" {_at_a_time(addon['twilio_in_flight']):>10}"
            f" {addon['odoo_cpu_ms_per_sent']:>11.1f}"
            f" {addon['postgres_cpu_ms_per_sent']:>14.1f}"
        )
        print(
            f"   {channel + ' SDK':<11} {sdk['sent']:>5} {sdk['seconds']:>8.1f}"
            f" {sdk['sent'] / sdk['seconds']:>6.1f} {sdk['threads']:>10}"
            f" {_at_a_time(sdk['twilio_in_flight']):>10}"
            f" {sdk['cpu_ms_per_sent']:>11.1f} {'-':>14}"
        )
        print(
            f"   {'':<11} addon / SDK: time {figure['ratio']:.2f},"
            f" CPU {figure['cpu_ratio']:.1f}; "
            + check(
                "time ratio",
                figure["ratio"],
                TARGETS["dispatch_vs_sdk_same_concurrency"],
            )
        )
        print(
            f"   {'':<11} ({addon['states']}; the status change that stored the jobs:"
            f" {addon['status_change_seconds']:.1f} s, not counted)"
        )
        print(
            f"   {'':<11} while the addon sent, the machine's {os.cpu_count()} cores"
            f" were busy {addon['machine_busy_cores']:.2f}, of which"
            f" {addon['machine_other_cores']:.2f} for others than this benchmark"
        )
        print(
            f"   {'':<11} with all {os.cpu_count()} cores for it, the addon's CPU"
            f" alone (Odoo and PostgreSQL) would last {addon['cpu_floor_seconds']:.1f}"
            f" s: time ratio >= {addon['cpu_floor_seconds'] / sdk['seconds']:.2f}"
        )
        if addon["machine_other_cores"] > 0.25 * os.cpu_count():
            print(
                f"   {'':<11} NOTE: other work took CPU from the addon's jobs, which"
                " need it (the SDK's threads mostly wait): its time is longer"
                " than on an idle machine"
            )
    print(
        "   at a time: jobs running (max/mean of the polls), or threads; at"
        " Twilio: requests in flight (max/mean over the run); PostgreSQL: its"
        " backends serving Odoo (short-lived connections not counted)"
    )
    latency = results["latency"]
    print(
        "\n4. Latency, a status change over the JSON API (/json/2)"
        " until Twilio gets the SMS"
        f" ({latency['moves']} moves)"
    )
    print(
        f"   p50 {latency['p50_s']:.3f} s, p95 {latency['p95_s']:.3f} s, max "
        f"{latency['max_s']:.3f} s; "
        + check("p95", latency["p95_s"], TARGETS["latency_p95_s"])
    )
    print(
        f"\n5. Peak memory: benchmark process {results['bench_peak_rss_mb']:.0f} MB, "
        f"Odoo server {results['server_peak_rss_mb'] or 0:.0f} MB"
    )
    pace = results["pace"]
    rate, bulk = pace["sms_per_second"], pace["bulk"]
    print(
        f"\n6. SMS at {rate} per second per number: {bulk} orders moved at once,"
        f" {pace['hand_moves']} moved one by one meanwhile ({workers} workers)"
    )
    verdicts.append(pace["bulk_sent"] == bulk)
    print(
        f"   {'PASS' if verdicts[-1] else 'FAIL'} ({pace['bulk_sent']} of the"
        f" bulk's {bulk} SMS reached Twilio; {pace['states']})"
    )
    print(
        f"   bulk sent in {pace['bulk_seconds']:.1f} s; "
        + check("seconds", pace["bulk_seconds"], bulk / rate, lower_is_better=False)
    )
    print(
        "   most SMS Twilio received from the number in one second: "
        + check("most", pace["most_in_one_second"], rate)
    )
    print(
        f"   orders moved by hand, until Twilio gets their SMS: p50"
        f" {pace['hand_p50_s']:.3f} s, p95 {pace['hand_p95_s']:.3f} s, max"
        f" {pace['hand_max_s']:.3f} s; "
        + check("p95", pace["hand_p95_s"], TARGETS["pace_hand_move_p95_s"])
    )
    return verdicts


if __name__ == "__main__":
    sys.exit(main())
