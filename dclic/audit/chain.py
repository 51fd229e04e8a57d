"""The hash chain of the audit trail: computing a row's hash and verifying the whole chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa

from dclic.audit.models import GENESIS_HASH, AuditChain, AuditCheckpoint, AuditEvent
from dclic.core.db import db

PURGE_ACTION = "audit.purge"
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


# What a broken link means, by code (pages translate them; the CLI prints these).
REASONS = {
    "changed": "its content was changed",
    "gap": "a row before it was removed or changed",
    "tail": "the newest rows were removed",
    "checkpoint": "a purge checkpoint is not in the trail",
}


@dataclass
class Verdict:
    """The result of :func:`verify`: ``broken_at`` is the first bad row's id, if any."""

    checked: int
    broken_at: int | None = None
    code: str = ""  # a key of REASONS

    @property
    def reason(self) -> str:
        return REASONS.get(self.code, "")

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def checkpoint_details(checkpoint: AuditCheckpoint) -> dict:
    """What a purge's own audit row says about its checkpoint (and verify compares)."""
    return {
        "older_than": checkpoint.older_than.isoformat(),
        "purged_through_id": checkpoint.purged_through_id,
        "purged_count": checkpoint.purged_count,
        "last_hash": checkpoint.last_hash,
    }


def _start() -> tuple[str, int, AuditCheckpoint | None]:
    """Where the walk begins: the genesis, or the newest purge's checkpoint."""
    checkpoint = db.session.scalar(
        sa.select(AuditCheckpoint).order_by(AuditCheckpoint.purged_through_id.desc()).limit(1)
    )
    if checkpoint is None:
        return GENESIS_HASH, 0, None
    return checkpoint.last_hash, checkpoint.purged_through_id, checkpoint


def _check_row(event: AuditEvent, expected_prev: str) -> str | None:
    if event.prev_hash != expected_prev:
        return "gap"
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    if row_hash(values, event.prev_hash) != event.hash:
        return "changed"
    return None


def verify(batch: int = 1000) -> Verdict:
    """Walk the chain in id order, in constant memory, and report the first broken link.

    The head is read first and the walk stops at it, so rows written meanwhile by other
    requests are left for the next run instead of being mistaken for damage. After a purge,
    the walk starts at the newest checkpoint, which the purge's own row must vouch for.
    """
    head = db.session.execute(sa.select(AuditChain.last_hash, AuditChain.last_event_id)).first()
    expected_prev, last_id, checkpoint = _start()
    vouched = checkpoint is None
    checked = 0
    end = head.last_event_id if head is not None and head.last_event_id is not None else 0
    while last_id < end:
        rows = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.id > last_id, AuditEvent.id <= end)
            .order_by(AuditEvent.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        for event in rows:
            reason = _check_row(event, expected_prev)
            if reason:
                return Verdict(checked, event.id, reason)
            if not vouched and event.action == PURGE_ACTION:
                vouched = event.changes == checkpoint_details(checkpoint)
            expected_prev, last_id = event.hash, event.id
            checked += 1
        db.session.expire_all()
    if head is not None and head.last_hash != expected_prev:
        return Verdict(checked, head.last_event_id, "tail")
    if not vouched:
        return Verdict(checked, checkpoint.purged_through_id, "checkpoint")
    return Verdict(checked)
