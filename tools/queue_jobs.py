# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one place that writes queue_job's rows without its ``Job`` API.

A status change plans the executions of many orders at once: going through
``with_delay`` costs 3 queries a job, and queue_job's Cancel button one
state change a job. These functions write, in one query, the values those
write; tests/test_queue_jobs.py compares them, so that a queue_job upgrade
that changes them fails the suite.
"""

from odoo import fields
from odoo.fields import Domain

from odoo.addons.queue_job.job import (
    CANCELLED,
    ENQUEUED,
    PENDING,
    WAIT_DEPENDENCIES,
    Job,
)

NOT_STARTED = (WAIT_DEPENDENCIES, PENDING, ENQUEUED)


class NewJob(Job):
    """A job stored new, with no dependency either way (with_delay's without
    ``on_done``): ``Job._store_values`` reads its dependencies through these
    two properties, whose queue_job versions search queue.job for them, twice
    a job and with no uuid to find, about 4% of a status change."""

    @property
    def depends_on(self):
        return set()

    @property
    def reverse_depends_on(self):
        return set()


def store_jobs(env, delayed_calls):
    """Store one job per ``(method, options)``: what ``with_delay(**options)``
    followed by the call of ``method`` stores."""
    jobs = [NewJob(method, **options) for method, options in delayed_calls]
    # sudo: queue.job is writable by queue_job managers only; each job keeps
    # the environment of its method's records, as with_delay's do.
    job_model = env["queue.job"].sudo()
    job_model.with_context(_job_edit_sentinel=job_model.EDIT_SENTINEL).create(
        [job._store_values(create=True) for job in jobs]
    )


def cancel_jobs(env, domain, reason):
    """Cancel the queue jobs matching ``domain`` that did not start.

    One job is cancelled as queue_job's Cancel button does; many at once get
    the values that cancelling writes (our jobs have no dependents).
    """
    # sudo: queue.job is queue_job managers' only.
    jobs = (
        env["queue.job"]
        .sudo()
        .search(Domain(domain) & Domain("state", "in", NOT_STARTED))
    )
    if len(jobs) == 1:
        jobs._change_job_state(CANCELLED, result=reason)
        return
    jobs.with_context(_job_edit_sentinel=jobs.EDIT_SENTINEL).write(
        {
            "state": CANCELLED,
            "date_cancelled": fields.Datetime.now(),
            "result": reason,
        }
    )


def move_jobs(env, eta_by_uuid):
    """Give the queue jobs of ``eta_by_uuid`` that wait for their time their
    new eta (None: at once), in one write per eta.

    ``eta`` is a field queue_job lets anyone with access write (it is not
    one of its protected fields); its trigger tells the runner of the
    change. A job already handed to a worker keeps its time.
    """
    # sudo: queue.job is queue_job managers' only.
    jobs = (
        env["queue.job"]
        .sudo()
        .search(
            [
                ("uuid", "in", list(eta_by_uuid)),
                ("state", "in", (WAIT_DEPENDENCIES, PENDING)),
            ]
        )
    )
    for eta, moving in jobs.grouped(lambda job: eta_by_uuid[job.uuid]).items():
        moving.write({"eta": eta or False})
