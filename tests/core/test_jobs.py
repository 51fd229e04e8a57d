"""Background jobs: after commit only; inline when embedded, on RQ with the real Redis."""

from pathlib import Path

import pytest

from dclic.core import jobs
from dclic.core.db import db
from tests.conftest import make_app

CALLS: list[tuple] = []


def record(*args, **kwargs):
    """A job that records its arguments."""
    CALLS.append((args, kwargs))


def write_marker(path):
    """A job with a visible effect from another process."""
    Path(path).write_text("done")


@pytest.fixture(autouse=True)
def clear_calls():
    CALLS.clear()


def test_an_inline_job_runs_after_the_commit(app, session):
    jobs.enqueue("tests.core.test_jobs:record", 1, level="A")
    assert CALLS == []
    session.commit()
    assert CALLS == [((1,), {"level": "A"})]


def test_an_inline_job_of_a_rolled_back_transaction_never_runs(app, session):
    jobs.enqueue("tests.core.test_jobs:record", 2)
    session.rollback()
    session.commit()
    assert CALLS == []


def test_a_misspelt_job_fails_in_the_caller_at_once(app, session):
    with pytest.raises(AttributeError):
        jobs.enqueue("tests.core.test_jobs:no_such_job")


def test_with_redis_jobs_go_to_rq_and_a_worker_runs_them(tmp_path, redis_url, redis_prefix):
    from redis import Redis
    from rq import Queue, SimpleWorker

    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        REDIS_URL=redis_url,
        DCLIC_JOBS_QUEUE=redis_prefix,  # this test's own queue: other runs cannot fill it
    )
    marker = tmp_path / "marker.txt"
    with app.app_context():
        jobs.enqueue("tests.core.test_jobs:write_marker", str(marker))
        connection = Redis.from_url(redis_url)
        assert Queue(redis_prefix, connection=connection).count == 0
        db.session.commit()
        queue = Queue(redis_prefix, connection=connection)
        assert queue.count == 1
        jobs.set_worker_app(app)
        SimpleWorker([queue], connection=connection).work(burst=True)
    assert marker.read_text() == "done"
