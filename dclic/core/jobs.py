"""Background jobs: inline in the embedded set-up, RQ on Redis in production.

:func:`enqueue` never runs a job inside the caller's transaction: the job is handed over
after commit (see :mod:`dclic.core.uow`). Jobs are named ``"module.path:function"`` so the
queue holds plain data, and each runs in an application context with its own transaction.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from contextvars import ContextVar

from flask import Flask, current_app

from dclic.core.uow import after_commit

log = logging.getLogger("dclic.jobs")


def resolve(name: str):
    """The function behind a ``"module.path:function"`` job name."""
    module, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module), attribute)


# The job running now, so the audit trail can name it as the author of its writes.
current_job: ContextVar[str | None] = ContextVar("dclic_current_job", default=None)


def run_job(name: str, *args, **kwargs):
    """Run one job in the current app context and commit its work (what the worker calls)."""
    from dclic.core.db import db

    token = current_job.set(name)
    try:
        result = resolve(name)(*args, **kwargs)
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        log.exception("job failed", extra={"job": name})
        raise
    finally:
        current_job.reset(token)


def _rq_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    queue = app.extensions.get("dclic_rq_queue")
    if queue is None:
        queue = Queue(
            app.config["DCLIC_JOBS_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"])
        )
        app.extensions["dclic_rq_queue"] = queue
    return queue


def enqueue(name: str, *args, **kwargs) -> None:
    """Schedule job ``name`` with ``args`` once the current transaction commits."""
    resolve(name)  # fail now, in the caller, on a misspelt job
    app = current_app._get_current_object()

    def hand_over():
        if app.config["DCLIC_JOBS"] == "rq":
            # enqueue_call keeps the job's own keyword arguments apart from RQ's options.
            _rq_queue(app).enqueue_call(func=run_in_app, args=(name, *args), kwargs=kwargs)
        else:
            _run_inline(app, name, args, kwargs)

    after_commit(hand_over)


def _run_inline(app: Flask, name: str, args, kwargs) -> None:
    # A failing inline job is logged (in run_job), never raised into the request that
    # already committed.
    with app.app_context(), contextlib.suppress(Exception):
        run_job(name, *args, **kwargs)


_worker_app: Flask | None = None


def set_worker_app(app: Flask) -> None:
    """Make ``app`` the one the jobs of this worker process run in."""
    global _worker_app
    _worker_app = app


def run_in_app(name: str, *args, **kwargs):
    """RQ entry point: run the job inside the worker's dclic app context."""
    global _worker_app
    if _worker_app is None:
        from dclic import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        return run_job(name, *args, **kwargs)
