"""Recording: one flush listener for every model write, :func:`record` for accesses.

``before_flush`` notes what is about to change (an update's old values are only known then);
``after_flush`` knows the new rows' ids and writes the audit rows with plain inserts on the
same connection, in the same transaction: a rolled-back change leaves no audit row, and a
committed one always has its row.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from dclic.audit.chain import lock_head, move_head, row_hash
from dclic.audit.context import current_actor
from dclic.audit.models import AuditChain, AuditCheckpoint, AuditEvent
from dclic.core.db import db, utcnow

_PENDING = "dclic_audit_pending"
SECRET = "(secret)"  # noqa: S105 - the placeholder written instead of a secret
ERASED = "(erased)"
# The purge records its checkpoint itself, with the values verify compares.
_NOT_AUDITED = (AuditEvent, AuditChain, AuditCheckpoint)


def json_value(value):
    """``value`` as JSON can hold it: dates in ISO 8601, decimals and the rest as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)


def _fields(obj) -> Iterable[str]:
    return getattr(type(obj), "__audited__", ())


def _object_type(obj) -> str:
    return type(obj).__tablename__


def _object_id(obj) -> str | None:
    # Read the primary key from the row itself: right after an insert, the identity map does
    # not know the new object yet.
    state = sa.inspect(obj)
    key = state.mapper.primary_key_from_instance(obj)
    return None if any(part is None for part in key) else "/".join(str(part) for part in key)


def _update_changes(obj) -> dict | None:
    """``{field: [before, after]}`` of the audited fields that really changed.

    Secret fields (``__audited_secrets__``) are recorded as changed, never with their values.
    When the change erases an account (``deleted_at`` set), the personal fields
    (``__personal__``) are recorded as erased, without the values they had.
    """
    state = sa.inspect(obj)
    changes = {}
    for name in _fields(obj):
        history = state.attrs[name].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before != after:
            changes[name] = [json_value(before), json_value(after)]
    for name in getattr(type(obj), "__audited_secrets__", ()):
        if state.attrs[name].history.has_changes():
            changes[name] = [SECRET, SECRET]
    if changes.get("deleted_at", [None, None])[1] is not None:
        for name in getattr(type(obj), "__personal__", ()):
            if name in changes:
                changes[name] = [ERASED, changes[name][1]]
    return changes


def _snapshot(obj, before: bool) -> dict:
    values = {name: json_value(getattr(obj, name)) for name in _fields(obj)}
    return {name: ([value, None] if before else [None, value]) for name, value in values.items()}


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context, instances) -> None:
    pending = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        if not isinstance(obj, _NOT_AUDITED):
            pending.append(("create", obj, None))
    for obj in session.dirty:
        if isinstance(obj, _NOT_AUDITED) or not session.is_modified(obj):
            continue
        changes = _update_changes(obj)
        if changes or not _fields(obj):
            pending.append(("update", obj, changes or None))
    for obj in session.deleted:
        if not isinstance(obj, _NOT_AUDITED):
            pending.append(("delete", obj, _snapshot(obj, before=True) or None))


@event.listens_for(Session, "after_flush")
def _write_rows(session: Session, flush_context) -> None:
    pending = session.info.pop(_PENDING, [])
    if not pending:
        return
    rows = []
    for action, obj, changes in pending:
        if action == "create":
            changes = _snapshot(obj, before=False) or None
        rows.append(
            {"action": action, "object_type": _object_type(obj), "object_id": _object_id(obj),
             "changes": changes}
        )  # fmt: skip
    _insert(session.connection(), rows)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)


def _insert(connection, rows: list[dict]) -> None:
    actor = current_actor()
    prev_hash, _last = lock_head(connection)
    table = AuditEvent.__table__
    now = utcnow()
    last_id = None
    for row in rows:
        values = {
            "occurred_at": now,
            "actor_id": actor.id,
            "actor_name": actor.name,
            "actor_kind": actor.kind,
            "ip": actor.ip,
            "user_agent": actor.user_agent,
            "request_id": actor.request_id,
            **row,
        }
        values["hash"] = row_hash(values, prev_hash)
        values["prev_hash"] = prev_hash
        last_id = connection.execute(sa.insert(table).values(**values)).inserted_primary_key[0]
        prev_hash = values["hash"]
    move_head(connection, prev_hash, last_id)


def record(action: str, *, object_type: str | None = None, object_id=None, details=None) -> None:
    """Record an access that changes no model (sign-in, refusal, export…) in this transaction.

    The row is written now, on the current transaction's connection: it lasts if the edge
    commits. ``details`` (JSON-friendly) goes to the row's ``changes``.
    """
    _insert(
        db.session.connection(),
        [
            {
                "action": action,
                "object_type": object_type,
                "object_id": None if object_id is None else str(object_id),
                "changes": json_value(details) if details is not None else None,
            }
        ],
    )
