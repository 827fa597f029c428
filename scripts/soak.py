"""Soak check: two Odoo nodes work through thousands of executions while
Twilio misbehaves and a worker dies, and every customer is still reached at
most once.

As in the multi-node check, two prefork Odoo nodes with their queue_job
runners sit behind a load balancer and send through the fake Twilio of the
tests. Orders enter a status with three immediate rules (a call, an SMS,
then a call after the SMS). The fake answers a share of the requests with a
transient Twilio error (503 or 429: the job retries), accepts a share and
never answers them (the client times out: the message left, the outcome is
unknown), and one worker process of the first node is killed (SIGKILL) while
its request is at Twilio. Then:

* every execution ends in a final state (sent, delivered, failed, skipped,
  cancelled or unknown);
* no execution reaches Twilio twice (its request accepted more than once);
* unknown outcomes are no more than the requests in flight in the killed
  worker plus the requests that timed out;
* an execution answered with a transient error was retried and sent (or
  failed after its last retry, or unknown when a later attempt was lost).

Retries wait a second here instead of minutes (the soak database's job
function only). Prints the figures; exits non-zero, saying why, when a check
fails.
"""

import os
import resource
import signal
import sys
import time
from collections import Counter, defaultdict
from contextlib import suppress

import live_odoo
import psutil

FINAL = ("sent", "delivered", "failed", "skipped", "cancelled", "unknown")
# Calls cost Odoo less than SMS (no message of their own in the chatter):
# two of them per order reach 2,000 executions sooner.
RULES = (
    # (channel, name, run mode)
    ("call", "Soak call", "parallel"),
    ("sms", "Soak SMS", "parallel"),
    ("call", "Soak follow-up call", "after_previous"),
)


def main():
    parser = live_odoo.arguments(__doc__, orders=667, port=8869)
    parser.add_argument("--workers", type=int, default=2, help="per node")
    parser.add_argument("--transient", type=float, default=0.10, help="share")
    parser.add_argument("--timeouts", type=float, default=0.02, help="share")
    # each timeout holds a worker for the client's whole wait
    parser.add_argument("--max-timeouts", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    # the share of the executions ended when a worker is killed
    parser.add_argument("--kill-after", type=float, default=0.3)
    # seconds without an execution ending before giving up
    parser.add_argument("--stall", type=float, default=120)
    args = parser.parse_args()
    set_up = time.perf_counter()
    registry = live_odoo.open_registry(args)
    from odoo.addons.sale_status_automation.tests.fake_twilio import Faults
    from odoo.addons.sale_status_automation.tools.twilio import REQUEST_TIMEOUT

    faults = Faults(
        transient=args.transient,
        timeout=args.timeouts,
        max_timeouts=args.max_timeouts,
        # longer than any client waits: Twilio calls wait REQUEST_TIMEOUT,
        # sms_twilio's SMS requests less
        hang=REQUEST_TIMEOUT + 3,
        seed=args.seed,
    )
    fake = live_odoo.start_fake_twilio(faults=faults)
    balancer = live_odoo.Balancer((args.port, args.port + 10)).start()
    with registry.cursor() as cr:
        env = live_odoo.superuser_env(cr)
        live_odoo.use_fake_twilio(env, fake, f"http://127.0.0.1:{balancer.port}")
        stage, attempts = prepare(env)
        orders = live_odoo.create_customer_orders(env, args.orders)
        order_ids, stage_id = orders.ids, stage.id
    expected = len(RULES) * len(order_ids)
    try:
        with live_odoo.balanced_nodes(args, balancer, args.workers) as nodes:
            start = time.perf_counter()
            live_odoo.move_orders(registry, order_ids, stage_id)
            moved = time.perf_counter()
            wait_final(
                registry, order_ids, stage_id, args.kill_after * expected, args.stall
            )
            killed = kill_worker_in_flight(fake, nodes[0])
            wait_final(registry, order_ids, stage_id, expected, args.stall)
            seconds = time.perf_counter() - start
            live_odoo.wait_jobs_finished(registry, order_ids, stage_id, 60)
            with registry.cursor() as cr:
                executions = read_executions(cr, order_ids, stage_id)
            odoo_cpu = cpu_seconds(nodes)
    finally:
        balancer.stop()
        fake.stop()
    figures, problems = check(executions, expected, fake, killed, attempts)
    figures["wall time (s)"] = round(seconds, 1)
    figures["status change (s)"] = round(moved - start, 1)
    figures["set-up (s)"] = round(start - set_up, 1)
    own = resource.getrusage(resource.RUSAGE_SELF)
    figures["CPU (s): Odoo nodes, this script"] = (
        f"{odoo_cpu:.0f}, {own.ru_utime + own.ru_stime:.0f}"
    )
    for name, value in figures.items():
        print(f"{name}: {value}")
    for problem in problems:
        print(f"FAIL: {problem}")
    if not problems:
        print("Every execution ended; no customer was reached twice.")
    return 1 if problems else 0


def prepare(env):
    """The status of the soak with its rules, and retries a second apart.
    Returns the status and how many attempts the retry pattern allows."""
    stage = env["sale.order.stage"].create({"name": "Soak", "sequence": 98})
    for sequence, (channel, name, run_mode) in enumerate(RULES):
        env["sale.status.rule"].create(
            {
                "name": name,
                "stage_id": stage.id,
                "sequence": sequence,
                "channel": channel,
                "run_mode": run_mode,
                "sms_body": f"{name} for {{{{ object.name }}}}",
                "call_text": f"{name} for {{{{ object.name }}}}",
            }
        )
    functions = env["queue.job.function"].search(
        [("model_id.model", "=", "sale.status.execution")]
    )
    attempts = 1
    for function in functions:
        pattern = function.retry_pattern or {1: 1}
        attempts = max(attempts, *(int(retry) + 1 for retry in pattern))
        function.retry_pattern = dict.fromkeys(pattern, 1)
    return stage, attempts


def wait_final(registry, order_ids, stage_id, count, stall):
    """Wait until ``count`` executions of these orders in this status are
    final, or until none ended for ``stall`` seconds."""
    last_final, last_change = -1, time.time()
    while True:
        with registry.cursor() as cr:
            states = live_odoo.execution_states(cr, order_ids, stage_id)
        final = sum(n for state, n in states.items() if state in FINAL)
        if final >= count:
            return
        if final != last_final:
            last_final, last_change = final, time.time()
        elif time.time() - last_change > stall:
            return
        time.sleep(0.2)


def kill_worker_in_flight(fake, node, attempts=20):
    """SIGKILL the worker process of ``node`` whose request is at Twilio.

    The fake holds the requests that arrive until one comes from a process
    of the node (by its socket): that worker is running a job and its
    request is in flight. It is killed, then the fake answers: the message
    left, and the worker never learns it. Returns the pid and the requests
    in flight in it, or None when no request of the node came.
    """
    for _attempt in range(attempts):
        fake.hold()
        try:
            found = held_request_of(fake, node, seconds=2)
            if found:
                process, in_flight = found
                os.kill(process.pid, signal.SIGKILL)
                try:
                    process.wait(10)
                except psutil.TimeoutExpired:
                    pass  # its node has yet to reap it: dead all the same
                return process.pid, in_flight
        finally:
            fake.release()
        time.sleep(0.5)  # let requests held from other nodes end
    return None


def held_request_of(fake, node, seconds):
    """(process, requests) of the first process of ``node`` found with
    requests held by the fake, within ``seconds``."""
    fake_port = int(fake.url.rsplit(":", 1)[1])
    deadline = time.time() + seconds
    while time.time() < deadline:
        held = {request.client[1]: request for request in fake.held_requests()}
        for process in psutil.Process(node.pid).children(recursive=True):
            # net_connections since psutil 6
            connections = getattr(process, "net_connections", process.connections)
            try:
                connections = connections("tcp")
            except psutil.NoSuchProcess:
                continue
            ports = {
                conn.laddr.port
                for conn in connections
                if conn.raddr and conn.raddr.port == fake_port
            }
            if ports & held.keys():
                return process, [held[port] for port in ports & held.keys()]
        time.sleep(0.01)
    return None


def cpu_seconds(nodes):
    """CPU time the nodes' processes used (PostgreSQL's not included)."""
    total = 0.0
    for node in nodes:
        server = psutil.Process(node.pid)
        for process in [server, *server.children(recursive=True)]:
            with suppress(psutil.NoSuchProcess):
                times = process.cpu_times()
                total += sum(times[:4])  # user, system and their waited children
    return total


def read_executions(cr, order_ids, stage_id):
    cr.execute(
        "SELECT id, channel, state, recipient, content, attempts, reason"
        " FROM sale_status_execution WHERE order_id = ANY(%s) AND stage_id = %s",
        (order_ids, stage_id),
    )
    return cr.dictfetchall()


def request_key(request):
    """What ties a request to Twilio to its execution: a call's status
    callback names the execution; an SMS is its number and text (each rule's
    text names the order, and each order has a customer of its own)."""
    if request.resource == "Calls":
        return ("call", request.form.get("StatusCallback", "").rsplit("/", 1)[-1])
    return ("sms", request.form.get("To"), request.form.get("Body"))


def execution_key(execution):
    if execution["channel"] == "call":
        return ("call", str(execution["id"]))
    return ("sms", execution["recipient"], execution["content"])


def check(executions, expected, fake, killed, attempts):
    """The figures of the run, and what went wrong."""
    problems = []
    requests = fake.api_requests()
    per_key = defaultdict(list)
    for request in requests:
        per_key[request_key(request)].append(request)
    states = Counter(execution["state"] for execution in executions)
    pid, in_flight = killed or (None, [])
    lost = {request_key(request) for request in in_flight} | {
        request_key(request) for request in requests if request.fault == "timeout"
    }
    duplicates = [key for key, sent in per_key.items() if accepted(sent) > 1]
    state_of = {execution_key(e): e["state"] for e in executions}
    known = state_of.keys()
    figures = {
        "executions": len(executions),
        "requests received": len(requests),
        "transient faults injected": count_faults(requests, "transient"),
        "executions that met them": sum(
            bool(count_faults(sent, "transient")) for sent in per_key.values()
        ),
        "timeouts injected": fake.timeouts_injected,
        "worker killed": pid or "none",
        "in flight at kill": len(in_flight),
        "in flight at kill, answered then ended": ", ".join(
            f"{request.status} {request.fault or ''}".strip()
            + f" -> {state_of.get(request_key(request))}"
            for request in in_flight
        ),
        "unknown": states["unknown"],
        "failed": states["failed"],
        "sent/delivered": states["sent"] + states["delivered"],
        "other final": sum(states[state] for state in ("skipped", "cancelled")),
        "not final": sum(n for state, n in states.items() if state not in FINAL),
        "duplicates": len(duplicates),
    }
    if len(executions) != expected:
        problems.append(f"{len(executions)} executions instead of {expected}")
    if not killed:
        problems.append("no worker of the first node could be killed mid-request")
    if figures["not final"]:
        problems.append(f"executions not final: {dict(states)}")
    if duplicates:
        problems.append(f"{len(duplicates)} executions reached Twilio twice or more")
    if states["unknown"] > len(in_flight) + fake.timeouts_injected:
        problems.append(
            f"{states['unknown']} unknown outcomes, more than the "
            f"{len(in_flight)} requests in flight at the kill and the "
            f"{fake.timeouts_injected} that timed out"
        )
    strays = [key for key, sent in per_key.items() if key not in known]
    if strays:
        problems.append(f"{len(strays)} requests match no execution: {strays[:3]}")
    for execution in executions:
        sent = per_key[execution_key(execution)]
        problem = execution_problem(execution, sent, lost, attempts)
        if problem:
            problems.append(f"execution {execution['id']}: {problem}")
    if len(problems) > 20:
        problems[20:] = [f"and {len(problems) - 20} more problems"]
    return figures, problems


def execution_problem(execution, sent, lost, attempts):
    """What is wrong with how this execution ended, given its requests and
    the attempts the retry pattern allows (None when nothing is)."""
    state, reason = execution["state"], execution["reason"]
    transient = count_faults(sent, "transient")
    if state in ("sent", "delivered"):
        # its transient errors, if any, were retried: the last one went
        if accepted(sent) != 1:
            return f"{state}, but Twilio accepted {accepted(sent)} of its requests"
    elif state == "unknown":
        if execution_key(execution) not in lost:
            return f"unknown, though none of its requests was lost: {reason}"
    elif state == "failed":
        gave_up = transient == len(sent) >= attempts  # every attempt transient
        if not gave_up:
            return (
                f"failed after {len(sent)} requests, {transient} of them answered "
                f"with a transient error ({attempts} attempts allowed): {reason}"
            )
    elif state in FINAL:
        return f"{state}: {reason}"
    return None


def accepted(requests):
    return sum(request.accepted for request in requests)


def count_faults(requests, fault):
    return sum(request.fault == fault for request in requests)


if __name__ == "__main__":
    sys.exit(main())
