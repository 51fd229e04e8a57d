"""The hash chain of the audit trail: computing a row's hash and verifying the whole chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa

from dclic.audit.models import GENESIS_HASH, AuditChain, AuditEvent
from dclic.core.db import db

HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_name",
    "actor_kind",
    "action",
    "object_type",
    "object_id",
    "changes",
    "ip",
    "user_agent",
    "request_id",
)


def row_hash(values: dict, prev_hash: str) -> str:
    """SHA-256 of a row's content (canonical JSON) followed by the previous row's hash."""
    content = {name: values.get(name) for name in HASHED_FIELDS}
    occurred = content["occurred_at"]
    content["occurred_at"] = occurred.isoformat() if hasattr(occurred, "isoformat") else occurred
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((canonical + prev_hash).encode("utf-8")).hexdigest()


def lock_head(connection) -> tuple[str, int | None]:
    """Lock the chain's head row until the transaction ends; return its hash and last id.

    Writers of audit rows take turns here, so the chain never forks.
    """
    table = AuditChain.__table__
    row = connection.execute(
        sa.select(table.c.last_hash, table.c.last_event_id).where(table.c.id == 1).with_for_update()
    ).first()
    if row is None:
        connection.execute(sa.insert(table).values(id=1, last_hash=GENESIS_HASH))
        return GENESIS_HASH, None
    return row.last_hash, row.last_event_id


def move_head(connection, last_hash: str, last_event_id: int) -> None:
    table = AuditChain.__table__
    connection.execute(
        sa.update(table)
        .where(table.c.id == 1)
        .values(last_hash=last_hash, last_event_id=last_event_id)
    )


@dataclass
class Verdict:
    """The result of :func:`verify`: ``broken_at`` is the first bad row's id, if any."""

    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(batch: int = 1000) -> Verdict:
    """Walk the chain in id order, in constant memory, and report the first broken link."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.id > last_id)
            .order_by(AuditEvent.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        for event in rows:
            if event.prev_hash != expected_prev:
                return Verdict(checked, event.id, "a row before it was removed or changed")
            values = {name: getattr(event, name) for name in HASHED_FIELDS}
            if row_hash(values, event.prev_hash) != event.hash:
                return Verdict(checked, event.id, "its content was changed")
            expected_prev = event.hash
            checked += 1
            last_id = event.id
        db.session.expire_all()
    head = db.session.get(AuditChain, 1)
    if head is not None and checked and head.last_hash != expected_prev:
        return Verdict(checked, head.last_event_id, "the newest rows were removed")
    return Verdict(checked)
