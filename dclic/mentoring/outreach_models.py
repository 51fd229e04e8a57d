"""Mentors' announcements and the history of who mentored whom.

``announcements``: a mentor writes to all their learners (``group_id`` NULL) or to the members
of a group they follow. ``mentor_assignments``: each period a mentor followed a learner's
enrolment (``until_at`` NULL while it lasts); a reassignment closes one row and opens another,
so the history is kept whatever happens to ``Enrolment.mentor_id``.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.accounts.models import User
from dclic.core.db import UTCDateTime, db, utcnow


class Announcement(db.Model):
    """A mentor's message to their learners or to a group, shown on the home page and mailed."""

    __tablename__ = "announcements"
    __table_args__ = (sa.Index("ix_announcements_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True,
        comment="The mentor; None once deleted",
    )  # fmt: skip
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True,
        comment="The group addressed; None: all the author's learners",
    )  # fmt: skip
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, comment="Plain text, 3000 characters at most")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    # Who wrote to whom, when; not the body.
    __audited__ = ("author_id", "group_id", "title")

    def __repr__(self) -> str:
        return f"<Announcement {self.id} author={self.author_id} group={self.group_id}>"


class MentorAssignment(db.Model):
    """A period during which ``mentor`` followed ``learner``'s (path) enrolment."""

    __tablename__ = "mentor_assignments"
    __table_args__ = (
        sa.CheckConstraint("until_at IS NULL OR from_at <= until_at", name="period"),
        sa.Index("ix_mentor_assignments_enrolment_id_from_at", "enrolment_id", "from_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    enrolment_id: Mapped[int] = mapped_column(sa.ForeignKey("enrolments.id", ondelete="CASCADE"))
    mentor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    assigned_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"),
        comment="Who assigned (the mentor who took the learner from the queue, or an admin)",
    )
    from_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    until_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="None while the mentor still follows the enrolment"
    )
    reason: Mapped[str] = mapped_column(
        sa.String(500), default="", server_default="", comment="Why this mentor was named"
    )

    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])

    __audited__ = (
        "learner_id", "enrolment_id", "mentor_id", "assigned_by_id", "until_at", "reason",
    )  # fmt: skip

    def __repr__(self) -> str:
        return f"<MentorAssignment enrolment={self.enrolment_id} mentor={self.mentor_id}>"


AGENDA_CONTEXTS = ("course", "path", "group")


class AgendaEvent(db.Model):
    """An event on the shared agenda of a course, a path or a group: shown in the agendas (and
    calendar feeds) of the people enrolled in it or members of it."""

    __tablename__ = "agenda_events"
    __table_args__ = (
        sa.CheckConstraint("context_type IN ('course', 'path', 'group')", name="context_type"),
        sa.CheckConstraint("starts_at < ends_at", name="period"),
        sa.Index("ix_agenda_events_context", "context_type", "context_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    context_type: Mapped[str] = mapped_column(sa.String(10), comment="course, path or group")
    context_id: Mapped[int] = mapped_column(
        comment="The course, path or group (no foreign key: it depends on context_type)"
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(
        sa.String(500), default="", server_default="", comment="A place or a link, optional"
    )
    sequence: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="iCalendar SEQUENCE: grows with every change"
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="None while it takes place"
    )
    cancel_reason: Mapped[str] = mapped_column(
        sa.String(500), default="", server_default="", comment="Given when cancelling"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    __audited__ = (
        "context_type", "context_id", "author_id", "title", "starts_at", "ends_at", "place",
        "cancelled_at", "cancel_reason",
    )  # fmt: skip

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def __repr__(self) -> str:
        return f"<AgendaEvent {self.id} {self.context_type}={self.context_id} {self.starts_at}>"
