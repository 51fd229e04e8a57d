"""What the provider exposes (records and their sets, tombstones included) and what the
harvester pulls in (sources, runs, and the link from a remote record to its course)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.core.db import UTCDateTime, db, utcnow
from dclic.courses.models import one_of

RECORD_KINDS = ("course", "path")
METADATA_PREFIXES = ("lom", "oai_dc")
SCHEDULES = ("manual", "daily", "weekly")
RUN_STATUSES = ("running", "succeeded", "failed")


def course_identifier(code: str) -> str:
    """The local part of a course's OAI identifier (after ``oai:<repository id>:``): its code."""
    return code


def path_identifier(code: str) -> str:
    """The local part of a path's OAI identifier: ``path:<code>`` (no course code has a colon)."""
    return f"path:{code}"


class OaiRecord(db.Model):
    """One item ever exposed at ``/oai``: a published course or path, or its tombstone.

    Rows are written by the flush listener of :mod:`dclic.oai.tracker` only, and never
    deleted (``deletedRecord`` is ``persistent``).
    """

    __tablename__ = "oai_records"
    __table_args__ = (
        one_of("kind", RECORD_KINDS),
        sa.UniqueConstraint("kind", "object_id", name="uq_oai_records_kind_object_id"),
        # Keyset pagination of the list verbs (see dclic.oai.repository).
        sa.Index("ix_oai_records_datestamp_local_identifier", "datestamp", "local_identifier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    local_identifier: Mapped[str] = mapped_column(
        sa.String(60),
        unique=True,
        comment="After oai:<repository id>: — the course code, or path:<code> for a path",
    )
    kind: Mapped[str] = mapped_column(sa.String(10), comment="course or path")
    object_id: Mapped[int] = mapped_column(
        comment="courses.id or learning_paths.id; no foreign key: the tombstone outlives the row"
    )
    datestamp: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="Last change of the record's metadata, sets or deletion"
    )
    is_deleted: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), comment="No longer published (or deleted)"
    )

    sets: Mapped[list[OaiRecordSet]] = relationship(
        cascade="all, delete-orphan", order_by="OaiRecordSet.spec"
    )

    def __repr__(self) -> str:
        deleted = " deleted" if self.is_deleted else ""
        return f"<OaiRecord {self.local_identifier} {self.datestamp:%Y-%m-%dT%H:%M:%S}{deleted}>"


class OaiRecordSet(db.Model):
    """A set an exposed record belongs to (``domain:web``, ``path:DCLIC-PATH-WEB``)."""

    __tablename__ = "oai_record_sets"

    record_id: Mapped[int] = mapped_column(
        sa.ForeignKey("oai_records.id", ondelete="CASCADE"), primary_key=True
    )
    spec: Mapped[str] = mapped_column(sa.String(60), primary_key=True, index=True)

    def __repr__(self) -> str:
        return f"<OaiRecordSet {self.record_id} {self.spec}>"


class HarvestSource(db.Model):
    """A remote OAI-PMH repository whose courses join the catalogue."""

    __tablename__ = "harvest_sources"
    __table_args__ = (
        one_of("metadata_prefix", METADATA_PREFIXES),
        one_of("schedule", SCHEDULES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(
        sa.String(100), unique=True, comment="Provider name shown in the catalogue"
    )
    base_url: Mapped[str] = mapped_column(sa.String(500), comment="The repository's base URL")
    metadata_prefix: Mapped[str] = mapped_column(sa.String(10), comment="lom or oai_dc")
    set_spec: Mapped[str | None] = mapped_column(
        sa.String(200), comment="Harvest only this set (and its subsets)"
    )
    schedule: Mapped[str] = mapped_column(
        sa.String(10), default="manual", server_default="manual", comment="manual, daily, weekly"
    )
    harvested_until: Mapped[datetime | None] = mapped_column(
        UTCDateTime,
        comment="responseDate of the last successful harvest: the next one asks from there",
    )
    next_number: Mapped[int] = mapped_column(
        default=1, server_default="1", comment="n of the next course code EXT-<id>-<n>"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __audited__ = ("name", "base_url", "metadata_prefix", "set_spec", "schedule")

    def __repr__(self) -> str:
        return f"<HarvestSource {self.id} {self.name!r}>"


class HarvestRun(db.Model):
    """One harvest of a source: when, what it asked, how it ended and what it changed."""

    __tablename__ = "harvest_runs"
    __table_args__ = (
        one_of("status", RUN_STATUSES),
        sa.Index("ix_harvest_runs_source_id_started_at", "source_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("harvest_sources.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(sa.String(10), comment="running, succeeded or failed")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int | None] = mapped_column(comment="Wall time of the whole run")
    harvested_from: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="The from argument sent; null: everything"
    )
    response_date: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="responseDate of the repository's first answer"
    )
    new_count: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_count: Mapped[int] = mapped_column(default=0, server_default="0")
    deleted_count: Mapped[int] = mapped_column(default=0, server_default="0")
    skipped_count: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="Unchanged, unreadable, or deletions of unknowns"
    )
    error_count: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="Records that could not become a course"
    )
    requests: Mapped[int] = mapped_column(default=0, server_default="0", comment="HTTP requests")
    message: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="", comment="Why it failed, or notes"
    )

    source: Mapped[HarvestSource] = relationship()

    # The counters change on every page: only the outcome is worth an audit row.
    __audited__ = ("source_id", "status")

    def __repr__(self) -> str:
        return f"<HarvestRun {self.id} source={self.source_id} {self.status}>"

    @property
    def is_running(self) -> bool:
        return self.status == "running"


class HarvestedRecord(db.Model):
    """A remote record and the course it became (``EXT-<source>-<n>``)."""

    __tablename__ = "harvested_records"
    __table_args__ = (
        sa.UniqueConstraint(
            "source_id", "oai_identifier", name="uq_harvested_records_source_id_oai_identifier"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("harvest_sources.id", ondelete="CASCADE"))
    oai_identifier: Mapped[str] = mapped_column(sa.String(500), comment="The remote identifier")
    course_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="SET NULL"), index=True
    )
    datestamp: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="The remote datestamp last applied"
    )
    is_deleted: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), comment="Deleted at the source"
    )

    __audited__ = ("source_id", "oai_identifier", "course_id", "is_deleted")

    def __repr__(self) -> str:
        return f"<HarvestedRecord {self.source_id} {self.oai_identifier!r} → {self.course_id}>"
