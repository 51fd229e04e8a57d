"""Audit rows and the head of their hash chain."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from dclic.core.db import UTCDateTime, db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    """One recorded action. Never updated nor deleted by the application."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        index=True, comment="users.id of the actor (no foreign key: rows outlive everything)"
    )
    actor_name: Mapped[str] = mapped_column(sa.String(200), comment="The actor's name then")
    actor_kind: Mapped[str] = mapped_column(
        sa.String(10), comment="user, anonymous, cli, job or system"
    )
    action: Mapped[str] = mapped_column(
        sa.String(40), index=True, comment="create, update, delete, login, login_failed…"
    )
    object_type: Mapped[str | None] = mapped_column(sa.String(60))
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    changes: Mapped[dict | None] = mapped_column(
        sa.JSON, comment="{field: [before, after]} for audited fields; details for accesses"
    )
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    user_agent: Mapped[str | None] = mapped_column(sa.String(300))
    request_id: Mapped[str | None] = mapped_column(sa.String(64))
    prev_hash: Mapped[str] = mapped_column(sa.String(64), comment="hash of the row before")
    hash: Mapped[str] = mapped_column(sa.String(64), comment="SHA-256 of this row and prev_hash")

    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.object_type}:{self.object_id}>"


class AuditChain(db.Model):
    """The single row holding the newest hash; locking it orders concurrent writers."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS_HASH)
    last_event_id: Mapped[int | None] = mapped_column(sa.BigInteger)

    def __repr__(self) -> str:
        return f"<AuditChain {self.last_event_id} {self.last_hash[:8]}>"


class AuditCheckpoint(db.Model):
    """Where the chain resumes after a purge: the hash of the last row that was deleted.

    The purge also records itself as an audit row holding the same values, so a forged
    checkpoint is caught by the chain it would have to agree with.
    """

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    older_than: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="Rows that occurred before this moment were purged"
    )
    purged_through_id: Mapped[int] = mapped_column(
        sa.BigInteger, comment="Id of the last purged row: every row up to it is gone"
    )
    purged_count: Mapped[int] = mapped_column(comment="Rows deleted by this purge")
    last_hash: Mapped[str] = mapped_column(
        sa.String(64), comment="Hash of the last purged row: the next row's prev_hash"
    )

    def __repr__(self) -> str:
        return f"<AuditCheckpoint through {self.purged_through_id}>"
