"""Unit of work: side effects that wait for the transaction to commit.

Services flush and never commit; the edge (request, socket event, job, CLI command) commits
once. Mail, socket messages and jobs registered with :func:`after_commit` run only after that
commit succeeds, and are dropped on rollback, so a failed request sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "dclic_after_commit"


def after_commit(callback: Callable[[], object]) -> None:
    """Run ``callback`` once the current database transaction commits."""
    from dclic.core.db import db

    session = db.session()
    if not session.in_transaction():
        # Begin (lazily, no connection yet) so that a rollback ends it and drops the callback.
        session.begin()
    session.info.setdefault(_KEY, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_callbacks(session: Session) -> None:
    callbacks = session.info.pop(_KEY, [])
    for callback in callbacks:
        callback()


@event.listens_for(Session, "after_soft_rollback")
def _drop_callbacks(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
