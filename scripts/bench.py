"""The benchmark of ``make bench``: every figure is measured in this one run.

1. Status change cost: N orders moved into a status with three rules (email,
   SMS, call), into a status without rules, and into a status where Odoo's own
   base_automation sends an SMS ("Stage is set to"); seconds and SQL queries
   per order, and the ratios.
2. Cancellation cost: the same orders moved out with all their executions
   pending.
3. Dispatch throughput: due SMS and call executions run by queue_job's runner
   in a live prefork Odoo through the real adapters, against the fake Twilio
   server, versus the bare twilio SDK making the same requests one after the
   other (and, for comparison only, with as many threads as Odoo workers).
4. Latency: a status change over Odoo 19's JSON API (/json/2) until the fake
   Twilio server receives the SMS of an immediate rule, on the live server.
5. Peak memory.

Twilio is the fake server of the tests, answering after a fixed latency, as a
provider on the network does; nothing leaves the machine.
"""

import argparse
import json
import resource
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import live_odoo
import requests

# A move of 200 orders lasts about a second, so one busy moment of the
# machine can skew a single measurement: the median of this many is kept.
STATUS_CHANGE_ROUNDS = 5

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "time_vs_base_automation": 0.5,
    "queries_per_order": 4,
    "dispatch_vs_bare_sdk": 1.5,
    "latency_p95_s": 2.0,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--dispatch", type=int, default=1000)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
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
    orders_needed = max(max(sizes), args.dispatch, args.moves)
    bench.setup(orders_needed)

    results = {"sizes": {}, "settings": vars(args)}
    for size in sizes:
        results["sizes"][size] = bench.status_change(size)
    server = bench.start_server()
    try:  # the server is stopped whatever happens
        results["dispatch"] = bench.dispatch()
        results["latency"] = bench.latency()
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
    def dispatch(self):
        count = self.args.dispatch
        order_ids = self.order_ids[:count]
        figures = {}
        for channel in ("sms", "call"):
            resource_name = {"sms": "Messages", "call": "Calls"}[channel]
            self.fake.reset()
            start = time.perf_counter()
            with self.registry.cursor() as cr:
                env = live_odoo.superuser_env(cr)
                env["sale.order"].browse(order_ids).write(
                    {"stage_id": self.stage[channel]}
                )
            states = live_odoo.wait_finished(
                self.registry, order_ids, self.stage[channel], len(order_ids)
            )
            ours = time.perf_counter() - start
            sent = len(self.fake.api_requests(resource_name))
            numbers = [self.numbers[i] for i in order_ids]
            self.fake.reset()
            bare = bare_sdk(self.fake, channel, numbers, 1)
            self.fake.reset()
            bare_parallel = bare_sdk(self.fake, channel, numbers, self.args.workers)
            figures[channel] = {
                "executions": count,
                "states": states,
                "requests": sent,
                "seconds": ours,
                "bare_sdk_seconds": bare,
                "bare_sdk_parallel_seconds": bare_parallel,
                "ratio": ours / bare,
                "ratio_vs_parallel": ours / bare_parallel,
            }
            print(f"Dispatched {count} {channel} executions.", flush=True)
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
            number = self.numbers[order_id]
            self.fake.reset()
            start = time.perf_counter()
            json2(
                session,
                f"{self.url}/json/2/sale.order/write",
                {"ids": [order_id], "vals": {"stage_id": self.stage["sms"]}},
            )
            while not any(
                r.form.get("To") == number for r in self.fake.api_requests("Messages")
            ):
                if time.perf_counter() - start > 60:
                    raise TimeoutError(f"no SMS for order {order_id}")
                time.sleep(0.005)
            delays.append(time.perf_counter() - start)
        delays.sort()
        return {
            "moves": moves,
            "p50_s": statistics.median(delays),
            "p95_s": delays[max(0, round(0.95 * len(delays)) - 1)],
            "max_s": delays[-1],
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


def bare_sdk(fake, channel, numbers, workers):
    """The same requests with the twilio SDK alone, as many at a time."""
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    from odoo.addons.sale_status_automation.channels.twilio import HTTP_LOGGER

    def send(number):
        client = Client(
            fake.account_sid,
            fake.auth_token,
            http_client=TwilioHttpClient(timeout=10, logger=HTTP_LOGGER),
        )
        if channel == "sms":
            client.messages.create(
                to=number, from_=live_odoo.CALLER_NUMBER, body="Your order shipped."
            )
        else:
            client.calls.create(
                to=number,
                from_=live_odoo.CALLER_NUMBER,
                twiml="<Response><Say>Your order shipped.</Say></Response>",
            )

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(send, numbers))
    return time.perf_counter() - start


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
        return f"{'PASS' if ok else 'FAIL'} ({label} {value:.2f}, target <= {target})"

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
    workers = results["settings"]["workers"]
    print(
        "\n3. Dispatch: queue_job runs the executions through the real adapters"
        f" ({workers} Odoo workers, channel capacity {workers}); the bare twilio SDK"
        " makes the same requests one after the other (and, for comparison,"
        f" {workers} at a time); Twilio answers in"
        f" {results['settings']['latency'] * 1000:.0f} ms"
    )
    for channel, figure in results["dispatch"].items():
        print(
            f"   {channel:<5} {figure['executions']} executions in"
            f" {figure['seconds']:.1f} s ({figure['requests']} requests,"
            f" {figure['states']}); bare SDK {figure['bare_sdk_seconds']:.1f} s, "
            + check("ratio", figure["ratio"], TARGETS["dispatch_vs_bare_sdk"])
        )
        print(
            f"   {'':<5} bare SDK {workers} at a time:"
            f" {figure['bare_sdk_parallel_seconds']:.1f} s"
            f" (ratio {figure['ratio_vs_parallel']:.2f})"
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
    return verdicts


if __name__ == "__main__":
    sys.exit(main())
