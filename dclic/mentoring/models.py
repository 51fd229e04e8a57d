"""Mentors' availability, appointments, reminders sent and calendar feeds.

Every time is a UTC ``UTCDateTime``, except the weekly windows, which are wall-clock times in
the mentor's zone (named on the window) and expanded with zoneinfo (see ``slots.py``).

No double booking is enforced by the database, not only by the services:

* on both databases, a partial unique index ``uq_appointments_mentor_start``: one active
  appointment per mentor and start time (the common race: two learners, one slot);
* on PostgreSQL, the migration adds exclusion constraints (``btree_gist``) that refuse any
  *overlap* of a mentor's active appointments (``ex_appointments_mentor_time``), of a
  learner's (``ex_appointments_learner_time``), and of a mentor's one-off or weekly windows
  (``ex_availability_windows_once``, ``ex_availability_windows_weekly``). SQLAlchemy's models
  do not declare them (Alembic cannot compare them): the migration is their only source, see
  docs/architecture.md, *Mentoring and appointments*.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.accounts.models import User
from dclic.core.db import UTCDateTime, db, utcnow

WINDOW_KINDS = ("weekly", "once")
STATUSES = ("requested", "proposed", "confirmed", "declined", "cancelled", "done")
# Appointments in these states hold their time: nobody else may book it.
ACTIVE_STATUSES = ("requested", "proposed", "confirmed")
ACTIVE_SQL = "status IN ('requested', 'proposed', 'confirmed')"
RATINGS = (1, 2, 3, 4, 5)


def _one_of(column: str, codes) -> sa.CheckConstraint:
    listed = ", ".join(f"'{code}'" for code in codes)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=column)


class MentorSettings(db.Model):
    """How a mentor's availability is cut into slots, and where they usually meet."""

    __tablename__ = "mentor_settings"
    __table_args__ = (
        sa.CheckConstraint("slot_minutes BETWEEN 10 AND 240", name="slot_minutes"),
        sa.CheckConstraint("buffer_minutes BETWEEN 0 AND 240", name="buffer_minutes"),
        sa.CheckConstraint("max_per_day BETWEEN 1 AND 24", name="max_per_day"),
        sa.CheckConstraint("capacity IS NULL OR capacity BETWEEN 1 AND 500", name="capacity"),
    )

    mentor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slot_minutes: Mapped[int] = mapped_column(
        default=30, server_default="30", comment="Length of one appointment"
    )
    buffer_minutes: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="Free time kept between two appointments"
    )
    max_per_day: Mapped[int] = mapped_column(
        default=4, server_default="4", comment="Appointments at most per day (mentor's day)"
    )
    meeting_url: Mapped[str | None] = mapped_column(
        sa.String(500), comment="The mentor's own video room, used when they give no other"
    )
    place: Mapped[str | None] = mapped_column(
        sa.String(200), comment="Where the mentor meets in person, when they do"
    )
    capacity: Mapped[int | None] = mapped_column(
        comment="Learners at most taken from the queue (None: no limit)"
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # meeting_url is left out: whoever has the link enters the room.
    __audited__ = (
        "mentor_id", "slot_minutes", "buffer_minutes", "max_per_day", "place", "capacity",
    )  # fmt: skip

    def __repr__(self) -> str:
        return f"<MentorSettings mentor={self.mentor_id} {self.slot_minutes}+{self.buffer_minutes}>"


class AvailabilityWindow(db.Model):
    """A time a mentor is available: every week (local wall-clock times) or once (UTC)."""

    __tablename__ = "availability_windows"
    __table_args__ = (
        _one_of("kind", WINDOW_KINDS),
        sa.CheckConstraint(
            "(kind = 'weekly' AND weekday BETWEEN 0 AND 6 AND start_minute >= 0"
            " AND end_minute <= 1440 AND start_minute < end_minute AND time_zone IS NOT NULL"
            " AND starts_at IS NULL AND ends_at IS NULL)"
            " OR (kind = 'once' AND starts_at IS NOT NULL AND ends_at IS NOT NULL"
            " AND starts_at < ends_at AND weekday IS NULL AND start_minute IS NULL"
            " AND end_minute IS NULL)",
            name="shape",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(6), comment="weekly or once")
    weekday: Mapped[int | None] = mapped_column(sa.SmallInteger, comment="Weekly: 0 = Monday")
    start_minute: Mapped[int | None] = mapped_column(
        comment="Weekly: local start, minutes after midnight"
    )
    end_minute: Mapped[int | None] = mapped_column(
        comment="Weekly: local end, minutes after midnight (1440 = midnight after)"
    )
    time_zone: Mapped[str | None] = mapped_column(
        sa.String(64), comment="Weekly: the IANA zone its times are in (the mentor's)"
    )
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="Once: start")
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="Once: end")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __audited__ = (
        "mentor_id", "kind", "weekday", "start_minute", "end_minute", "time_zone", "starts_at",
        "ends_at",
    )  # fmt: skip

    def __repr__(self) -> str:
        if self.kind == "weekly":
            return f"<AvailabilityWindow {self.id} weekly {self.weekday} {self.start_minute}-{self.end_minute}>"
        return f"<AvailabilityWindow {self.id} once {self.starts_at}-{self.ends_at}>"


class Absence(db.Model):
    """A period a mentor is away: no slot is offered during it."""

    __tablename__ = "mentor_absences"
    __table_args__ = (sa.CheckConstraint("starts_at < ends_at", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(
        sa.String(200), default="", server_default="", comment="For the mentor only"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __audited__ = ("mentor_id", "starts_at", "ends_at")

    def __repr__(self) -> str:
        return f"<Absence {self.id} mentor={self.mentor_id} {self.starts_at}-{self.ends_at}>"


class Appointment(db.Model):
    """A meeting between a mentor and one of their learners, from request to report.

    States: ``requested`` (the learner asked, the mentor answers) → ``confirmed`` |
    ``declined`` | ``proposed`` (the mentor offered another time, the learner answers) → …;
    ``cancelled``; ``done`` (the mentor wrote the report). See services.py.
    """

    __tablename__ = "appointments"
    __table_args__ = (
        _one_of("status", STATUSES),
        sa.CheckConstraint("(starts_at IS NULL) = (ends_at IS NULL)", name="time_pair"),
        sa.CheckConstraint("starts_at IS NULL OR starts_at < ends_at", name="time_order"),
        sa.CheckConstraint(
            "starts_at IS NOT NULL OR status IN ('requested', 'declined', 'cancelled')",
            name="time_needed",
        ),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        sa.CheckConstraint("mentor_id <> learner_id", name="two_people"),
        sa.Index("ix_appointments_mentor_id_starts_at", "mentor_id", "starts_at"),
        sa.Index("ix_appointments_learner_id_starts_at", "learner_id", "starts_at"),
        # One active appointment per mentor and start time, on every database.
        sa.Index(
            "uq_appointments_mentor_start",
            "mentor_id",
            "starts_at",
            unique=True,
            sqlite_where=sa.text(ACTIVE_SQL),
            postgresql_where=sa.text(ACTIVE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(
        sa.String(10), default="requested", server_default="requested", comment="See STATUSES"
    )
    starts_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="None only for a free request not yet given a time"
    )
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    topic: Mapped[str] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="", comment="The learner's optional message"
    )
    is_free_request: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), comment="Asked outside the published slots"
    )
    meeting_url: Mapped[str | None] = mapped_column(
        sa.String(500), comment="Video room link (an unguessable room, or the mentor's)"
    )
    place: Mapped[str | None] = mapped_column(sa.String(200), comment="Or a place to meet")
    reason: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="",
        comment="Reason given with the last decline, proposal, cancellation or change",
    )  # fmt: skip
    last_actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="Who made the last change"
    )
    sequence: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="iCalendar SEQUENCE: grows with every change"
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report: Mapped[str | None] = mapped_column(sa.Text, comment="The mentor's short report")
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger, comment="The learner's 1 to 5")
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])

    # Not the message, report nor meeting link (contents and a secret): who did what, when.
    __audited__ = (
        "mentor_id", "learner_id", "status", "starts_at", "ends_at", "topic", "is_free_request",
        "place", "reason", "confirmed_at", "reported_at", "rating",
    )  # fmt: skip

    def __repr__(self) -> str:
        return f"<Appointment {self.id} {self.status} mentor={self.mentor_id} {self.starts_at}>"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def other_party_id(self, user_id: int) -> int:
        return self.learner_id if user_id == self.mentor_id else self.mentor_id


class AppointmentReminder(db.Model):
    """A reminder sent: at most one per appointment, delay before it, and start time."""

    __tablename__ = "appointment_reminders"
    __table_args__ = (
        sa.UniqueConstraint(
            "appointment_id", "offset_minutes", "starts_at", name="uq_appointment_reminders_once"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("appointments.id", ondelete="CASCADE")
    )
    offset_minutes: Mapped[int] = mapped_column(comment="Sent this long before the start")
    starts_at: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="The start it reminded of (a new time gets new reminders)"
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __audited__ = ("appointment_id", "offset_minutes", "starts_at")

    def __repr__(self) -> str:
        return f"<AppointmentReminder {self.appointment_id} -{self.offset_minutes}min>"


class CalendarFeed(db.Model):
    """A user's iCalendar subscription: a secret address, revocable.

    The secret is derived from ``nonce`` and the app's ``SECRET_KEY`` (so the agenda page can
    show it again); only its SHA-256 is looked up, and a copy of the database alone opens
    no feed.
    """

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    nonce: Mapped[str] = mapped_column(sa.String(64), comment="With SECRET_KEY, gives the secret")
    token_hash: Mapped[str] = mapped_column(
        sa.String(64), unique=True, comment="SHA-256 of the secret in the feed's address"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __audited__ = ("user_id",)

    def __repr__(self) -> str:
        return f"<CalendarFeed user={self.user_id}>"


class MentorNote(db.Model):
    """A mentor's note on a learner, read by the learner's other mentors and the pedagogical
    team, never by the learner (see ``notes.py``)."""

    __tablename__ = "mentor_notes"
    __table_args__ = (
        sa.Index("ix_mentor_notes_learner_id_created_at", "learner_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="None once the author is deleted"
    )
    body: Mapped[str] = mapped_column(sa.Text, comment="Plain text, 2000 characters at most")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    # Who wrote about whom, when; not the text (the learner's personal data stays here).
    __audited__ = ("learner_id", "author_id")

    def __repr__(self) -> str:
        return f"<MentorNote {self.id} learner={self.learner_id} author={self.author_id}>"


class ClassSession(db.Model):
    """A virtual class: a group's members are invited to a video room at a time."""

    __tablename__ = "class_sessions"
    __table_args__ = (
        sa.CheckConstraint("starts_at < ends_at", name="period"),
        sa.Index("ix_class_sessions_group_id_starts_at", "group_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    organizer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True,
        comment="The mentor or trainer who scheduled it",
    )  # fmt: skip
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    meeting_url: Mapped[str] = mapped_column(sa.String(500), comment="The video room")
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

    organizer: Mapped[User | None] = relationship(foreign_keys=[organizer_id])

    # Not the room link: whoever has it enters the room.
    __audited__ = (
        "group_id", "organizer_id", "title", "starts_at", "ends_at", "cancelled_at",
        "cancel_reason",
    )  # fmt: skip

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def __repr__(self) -> str:
        return f"<ClassSession {self.id} group={self.group_id} {self.starts_at}>"


class ClassSessionAttendance(db.Model):
    """Whether one member of the group attended a class session (recorded by the organizer)."""

    __tablename__ = "class_session_attendance"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("class_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    is_present: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="Who recorded it last"
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __audited__ = ("session_id", "user_id", "is_present", "recorded_by_id")

    def __repr__(self) -> str:
        return f"<ClassSessionAttendance session={self.session_id} user={self.user_id} {self.is_present}>"
