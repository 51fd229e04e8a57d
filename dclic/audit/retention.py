"""Retention of the audit trail: purging old rows while the chain stays verifiable.

A purge deletes every row that occurred before a moment, then leaves an
:class:`~dclic.audit.models.AuditCheckpoint` holding the hash of the last row it deleted:
:func:`dclic.audit.chain.verify` starts from it instead of the genesis hash. The purge is
itself an audit row carrying the same values, so the checkpoint is vouched for by the chain.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from dclic.audit.chain import PURGE_ACTION, checkpoint_details, lock_head
from dclic.audit.models import AuditCheckpoint, AuditEvent
from dclic.audit.recorder import record
from dclic.core.db import db, utcnow


def cutoff(days: int, now: datetime | None = None) -> datetime:
    """The moment ``days`` days before ``now``: rows older than it may be purged."""
    return (now or utcnow()) - timedelta(days=days)


def latest_checkpoint() -> AuditCheckpoint | None:
    """The checkpoint of the newest purge, if any."""
    return db.session.scalar(
        sa.select(AuditCheckpoint).order_by(AuditCheckpoint.purged_through_id.desc()).limit(1)
    )


def purge(older_than: datetime) -> AuditCheckpoint | None:
    """Delete the rows that occurred before ``older_than``; None when there were none.

    Runs under the chain's lock, so no writer slips a row in between; the caller commits.
    """
    connection = db.session.connection()
    lock_head(connection)
    last = db.session.execute(
        sa.select(AuditEvent.id, AuditEvent.hash)
        .where(AuditEvent.occurred_at < older_than)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return None
    deleted = db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id <= last.id))
    checkpoint = AuditCheckpoint(
        created_at=utcnow(),
        older_than=older_than,
        purged_through_id=last.id,
        purged_count=deleted.rowcount or 0,
        last_hash=last.hash,
    )
    db.session.add(checkpoint)
    db.session.flush()
    record(PURGE_ACTION, object_type="audit_checkpoints", object_id=checkpoint.id,
           details=checkpoint_details(checkpoint))  # fmt: skip
    return checkpoint
