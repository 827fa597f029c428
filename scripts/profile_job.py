"""Where one execution job's time goes, for SMS and for calls.

Due executions are run one after the other in this process through
queue_job's own controller steps (acquire the job, run it, mark it done:
what a worker does for /queue_job/runjob, without the HTTP request),
against the fake Twilio server answering at once. For each channel it
prints the time and CPU per job, the SQL queries per job by the function
of the addon (or of queue_job) that made them, and the functions taking the
most time (cProfile, which slows everything down about twice: compare the
shares, not the milliseconds, with the benchmark's figures). The queries and
the Python function calls per job hardly depend on how busy the machine is:
two versions of the addon compare on them on a shared machine.
"""

import argparse
import collections
import cProfile
import pstats
import sys
import time
from pathlib import Path

import live_odoo
from bench import Bench

# The folders of the code whose queries are counted by function: set in main
OWNERS = {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--warm-up", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--stats", help="folder to keep the cProfile stats in")
    parser.add_argument(
        "--show-sql", action="store_true", help="print the queries of the last job"
    )
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    fake = live_odoo.start_fake_twilio()
    registry = odoo.modules.registry.Registry(args.database)
    for name in ("sale_status_automation", "queue_job"):
        folder = sys.modules[f"odoo.addons.{name}"].__path__[0]
        OWNERS[str(Path(folder).resolve()) + "/"] = name
        OWNERS[folder.rstrip("/") + "/"] = name
    settings = argparse.Namespace(port=8069)  # only for web.base.url
    bench = Bench(registry, fake, settings)
    count = args.jobs + args.warm_up
    bench.setup(count)
    try:
        for channel in ("sms", "call"):
            profile_channel(bench, channel, count, args)
    finally:
        fake.stop()


def profile_channel(bench, channel, count, args):
    registry, fake = bench.registry, bench.fake
    order_ids = bench.order_ids[:count]
    with registry.cursor() as cr:
        live_odoo.superuser_env(cr)["sale.order"].browse(order_ids).write(
            {"stage_id": bench.stage[channel]}
        )
    with registry.cursor() as cr:
        # what the job runner does before it calls a worker
        cr.execute(
            "UPDATE queue_job SET state = 'enqueued' WHERE state = 'pending'"
            " AND channel = 'root.sale_status_automation' RETURNING uuid"
        )
        uuids = sorted(uuid for (uuid,) in cr.fetchall())
    for uuid in uuids[: args.warm_up]:
        run_job(registry, uuid)
    measured = uuids[args.warm_up :]
    fake.reset()

    queries = QueryCounter()
    with queries:
        for uuid in measured:
            queries.last_job = []
            run_job(registry, uuid)
    sent = sum(request.status == 201 for request in fake.api_requests())
    profiler = cProfile.Profile()
    # the same number of jobs again, in the next visit, under cProfile
    with registry.cursor() as cr:
        orders = live_odoo.superuser_env(cr)["sale.order"].browse(order_ids)
        orders.write({"stage_id": bench.stage["none"]})
        orders.write({"stage_id": bench.stage[channel]})
    with registry.cursor() as cr:
        cr.execute(
            "UPDATE queue_job SET state = 'enqueued' WHERE state = 'pending'"
            " AND channel = 'root.sale_status_automation' RETURNING uuid"
        )
        again = sorted(uuid for (uuid,) in cr.fetchall())[: len(measured)]
    profiler.enable()
    for uuid in again:
        run_job(registry, uuid)
    profiler.disable()

    jobs = len(measured)
    print(
        f"\n== {channel}: {jobs} jobs, {sent} accepted by Twilio;"
        f" {queries.seconds * 1000 / jobs:.1f} ms and"
        f" {queries.cpu * 1000 / jobs:.1f} ms of this process's CPU per job"
        f" (the fake Twilio's included), {queries.total / jobs:.1f} queries per job"
    )
    print("   queries per job, by the addon's (or queue_job's) innermost function:")
    for owner, number in queries.by_owner.most_common():
        print(f"   {number / jobs:6.1f}  {owner}")
    if args.show_sql:
        print("   the queries of the last job:")
        for who, query in queries.last_job:
            print(f"     {who:<50.50} {' '.join(query.split())[:160]}")
    stats = pstats.Stats(profiler)
    if args.stats:
        Path(args.stats).mkdir(parents=True, exist_ok=True)
        stats.dump_stats(Path(args.stats) / f"job-{channel}.prof")
    print_functions(stats, len(again), args.top)


def run_job(registry, uuid):
    """What queue_job's /queue_job/runjob does for one job."""
    from odoo.addons.queue_job.controllers.main import RunJobController

    with registry.cursor() as cr:
        env = live_odoo.superuser_env(cr)
        job = RunJobController._acquire_job(env, uuid)
        RunJobController._runjob(env, job)


class QueryCounter:
    """Counts the SQL queries made meanwhile, by their owner (see OWNERS)."""

    def __enter__(self):
        from odoo import sql_db

        self.by_owner = collections.Counter()
        self.total = 0
        self.last_job = []
        self._cursor_class = sql_db.Cursor
        self._execute = execute = sql_db.Cursor.execute
        counter = self

        def counted(cursor, query, params=None, log_exceptions=True):
            counter.total += 1
            who = owner(sys._getframe(1))
            counter.by_owner[who] += 1
            counter.last_job.append((who, str(query)))
            return execute(cursor, query, params, log_exceptions)

        sql_db.Cursor.execute = counted
        self._start = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc_info):
        self.seconds = time.perf_counter() - self._start[0]
        self.cpu = time.process_time() - self._start[1]
        self._cursor_class.execute = self._execute


def owner(frame):
    """The innermost function of the addon or queue_job on the stack."""
    while frame:
        code = frame.f_code
        name = owner_of(code.co_filename)
        if name:
            return f"{code.co_qualname} ({name})"
        frame = frame.f_back
    return "Odoo"


def owner_of(filename):
    for folder, name in OWNERS.items():
        if filename.startswith(folder):
            return name
    return None


def print_functions(stats, jobs, top):
    total = max(entry[3] for entry in stats.stats.values())
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        where = "/".join(Path(filename).parts[-2:])
        rows.append((cumulative, own, calls, f"{name} ({where}:{line})", filename))
    # Unlike the milliseconds, the calls do not depend on how busy the
    # machine is: two versions compare on them even on a shared machine.
    print(
        f"   under cProfile, per job: the addon's and queue_job's functions,"
        f" by time spent in them and below ({total * 1000 / jobs:.1f} ms and"
        f" {stats.total_calls / jobs:,.0f} Python function calls a job)"
    )
    print(f"   {'ms':>7} {'share':>6} {'calls':>6}")
    ours = [row for row in rows if owner_of(row[4])]
    for cumulative, _, calls, label, _ in sorted(ours, reverse=True)[:top]:
        print(
            f"   {cumulative * 1000 / jobs:7.2f} {cumulative / total:6.1%}"
            f" {calls / jobs:6.1f}  {label}"
        )
    print(f"   the {top // 2} functions taking the most time of their own, per job")
    for _, own, calls, label, _ in sorted(rows, key=lambda row: -row[1])[: top // 2]:
        print(
            f"   {own * 1000 / jobs:7.2f} {own / total:6.1%}"
            f" {calls / jobs:6.1f}  {label}"
        )


if __name__ == "__main__":
    sys.exit(main())
