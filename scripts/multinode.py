"""Two Odoo nodes on one database work through the same due executions: each
customer gets exactly one SMS and one call.

As on a real multi-node deployment, each node is a prefork Odoo with its own
queue_job runner, and a load balancer sits in front of both: the runners
send their jobs to the balancer, which hands each connection to the next
node. The two runners elect one master through PostgreSQL (the other stands
by to take over), so jobs are dispatched once; the nodes run them in
parallel, and the check is that nothing is sent twice or lost, and that the
four workers together keep to the company's SMS per second: Twilio never
receives more in one second from the company's number. Twilio is the fake
server of the tests. Exits non-zero, saying why, when a check fails.
"""

import sys
import time
from collections import Counter

import live_odoo
import psutil

# The company's SMS per second per number, below what the two nodes send
# unlimited: 250 SMS take at least 25 s.
SMS_PER_SECOND = 10


def main():
    args = live_odoo.arguments(__doc__, orders=250, port=8269).parse_args()
    registry = live_odoo.open_registry(args)
    fake = live_odoo.start_fake_twilio()
    balancer = live_odoo.Balancer((args.port, args.port + 10)).start()
    with registry.cursor() as cr:
        env = live_odoo.superuser_env(cr)
        live_odoo.use_fake_twilio(
            env, fake, f"http://127.0.0.1:{balancer.port}", SMS_PER_SECOND
        )
        stage = env["sale.order.stage"].create({"name": "Multi-node", "sequence": 99})
        for channel in ("sms", "call"):
            env["sale.status.rule"].create(
                {
                    "name": f"Multi-node {channel}",
                    "stage_id": stage.id,
                    "channel": channel,
                }
            )
        orders = live_odoo.create_customer_orders(env, args.orders)
        order_ids, stage_id = orders.ids, stage.id
    try:
        with live_odoo.balanced_nodes(args, balancer, workers=2) as nodes:
            start = time.perf_counter()
            live_odoo.move_orders(registry, order_ids, stage_id)
            expected = 2 * len(order_ids)
            states = live_odoo.wait_finished(
                registry, order_ids, stage_id, expected, 900
            )
            seconds = time.perf_counter() - start
            live_odoo.wait_jobs_finished(registry, order_ids, stage_id, 60)
            node_pids = [
                {node.pid}
                | {child.pid for child in psutil.Process(node.pid).children(True)}
                for node in nodes
            ]
            with registry.cursor() as cr:
                jobs_per_node = ran_per_node(cr, order_ids, stage_id, node_pids)
                problems = check(cr, fake, order_ids, stage_id, states, jobs_per_node)
    finally:
        balancer.stop()
        fake.stop()
    most, span = pace(fake)
    if most > SMS_PER_SECOND:
        problems.append(
            f"Twilio received {most} SMS in one second, more than {SMS_PER_SECOND}"
        )
    if span < (len(order_ids) - 1) / SMS_PER_SECOND:
        problems.append(f"{len(order_ids)} SMS left in {span:.1f} s: too fast")
    print(
        f"{expected} executions on 2 nodes in {seconds:.1f} s; jobs run per node:"
        f" {jobs_per_node}; states: {states}; SMS at {SMS_PER_SECOND}/s: at most"
        f" {most} in one second, all in {span:.1f} s"
    )
    for problem in problems:
        print(f"FAIL: {problem}")
    if not problems:
        print(
            "Every customer got exactly one SMS and one call; the SMS kept to"
            " the company's rate."
        )
    return 1 if problems else 0


def check(cr, fake, order_ids, stage_id, states, per_node):
    problems = []
    expected = 2 * len(order_ids)
    if states != {"sent": expected}:
        problems.append(f"expected {expected} sent executions, got {states}")
    cr.execute(
        "SELECT p.phone FROM sale_order o JOIN res_partner p ON p.id = o.partner_id"
        " WHERE o.id = ANY(%s)",
        (order_ids,),
    )
    phones = {phone for (phone,) in cr.fetchall()}
    for resource in ("Messages", "Calls"):
        requests = fake.api_requests(resource)
        per_number = Counter(request.form.get("To") for request in requests)
        twice = [number for number, count in per_number.items() if count > 1]
        if twice:
            problems.append(f"{resource}: {len(twice)} numbers reached more than once")
        if set(per_number) != phones:
            missing = len(phones - set(per_number))
            problems.append(f"{resource}: {missing} customers never reached")
    sids = {request.sid for request in fake.api_requests()}
    cr.execute(
        "SELECT provider_ref FROM sale_status_execution"
        " WHERE order_id = ANY(%s) AND stage_id = %s",
        (order_ids, stage_id),
    )
    refs = [ref for (ref,) in cr.fetchall()]
    if len(set(refs)) != len(refs) or not set(refs) <= sids:
        problems.append("executions do not each match one request to Twilio")
    if sum(per_node) != expected:
        problems.append(f"{expected - sum(per_node)} jobs were not run by a node")
    if not all(per_node):
        problems.append(f"a node ran no job ({per_node}): the work was not shared")
    return problems


def pace(fake):
    """The most SMS Twilio received in one second from one number, and the
    seconds from the first SMS to the last."""
    arrivals = sorted(
        request.received_at
        for request in fake.api_requests("Messages")
        if request.accepted
    )
    most = max(fake.most_messages_in_one_second().values(), default=0)
    return most, (arrivals[-1] - arrivals[0]) if arrivals else 0.0


def ran_per_node(cr, order_ids, stage_id, node_pids):
    """How many of the executions' jobs each node's processes ran."""
    cr.execute(
        "SELECT j.worker_pid FROM queue_job j JOIN sale_status_execution e"
        " ON e.job_uuid = j.uuid"
        " WHERE e.order_id = ANY(%s) AND e.stage_id = %s AND j.state = 'done'",
        (order_ids, stage_id),
    )
    pids = Counter(pid for (pid,) in cr.fetchall())
    return [sum(pids[pid] for pid in pids if pid in node) for node in node_pids]


if __name__ == "__main__":
    sys.exit(main())
