"""Reads of the mentoring module: settings, windows, free slots, appointments, agendas, feeds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dclic.accounts.models import User
from dclic.core.db import db, get_by_id
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.learning.models import Enrolment
from dclic.mentoring import feeds, permissions, slots
from dclic.mentoring.models import (
    ACTIVE_STATUSES,
    Absence,
    Appointment,
    AvailabilityWindow,
    CalendarFeed,
    MentorSettings,
)
from dclic.mentoring.times import zone_of

# How far ahead learners see (and may book) free slots.
BOOKING_HORIZON = timedelta(weeks=8)


def get_settings(mentor) -> MentorSettings | None:
    return db.session.get(MentorSettings, mentor.id)


def list_windows(mentor) -> list[AvailabilityWindow]:
    """Weekly windows by day and hour, then one-off windows by start."""
    rows = list(
        db.session.scalars(
            sa.select(AvailabilityWindow).where(AvailabilityWindow.mentor_id == mentor.id)
        )
    )
    weekly = sorted(
        (w for w in rows if w.kind == "weekly"), key=lambda w: (w.weekday, w.start_minute)
    )
    once = sorted((w for w in rows if w.kind == "once"), key=lambda w: w.starts_at)
    return weekly + once


def list_absences(mentor, since: datetime) -> list[Absence]:
    """Absences not over at ``since``, by start."""
    return list(
        db.session.scalars(
            sa.select(Absence)
            .where(Absence.mentor_id == mentor.id, Absence.ends_at > since)
            .order_by(Absence.starts_at)
        )
    )


def get_window(mentor, window_id) -> AvailabilityWindow:
    window = get_by_id(AvailabilityWindow, window_id)
    if window is None or window.mentor_id != mentor.id:
        raise NotFound(_("This availability does not exist."))
    return window


def get_absence(mentor, absence_id) -> Absence:
    absence = get_by_id(Absence, absence_id)
    if absence is None or absence.mentor_id != mentor.id:
        raise NotFound(_("This absence does not exist."))
    return absence


# --- who mentors whom --------------------------------------------------------------------------


def list_mentors_of(learner) -> list[User]:
    """The people named mentor on ``learner``'s active enrolments who offer appointments."""
    mentors = db.session.scalars(
        sa.select(User)
        .join(Enrolment, Enrolment.mentor_id == User.id)
        .where(
            Enrolment.user_id == learner.id,
            Enrolment.status == "active",
            User.is_active.is_(True),
            User.deleted_at.is_(None),
            User.id != learner.id,
        )
        .distinct()
        .order_by(User.display_name)
    )
    return [mentor for mentor in mentors if permissions.can_offer_appointments(mentor)]


def get_mentor_for(learner, learner_code: str) -> User:
    """One of ``learner``'s mentors, by their learner code; 404 for anyone else."""
    for mentor in list_mentors_of(learner):
        if mentor.learner_code == learner_code:
            return mentor
    raise NotFound(_("This person is not one of your mentors."))


# --- free slots --------------------------------------------------------------------------------


def rules_of(mentor, settings: MentorSettings) -> slots.Rules:
    return slots.Rules(
        settings.slot_minutes, settings.buffer_minutes, settings.max_per_day, zone_of(mentor).key
    )


def busy_spans(mentor, start: datetime, end: datetime, exclude_id=None) -> list[slots.Span]:
    """The times ``mentor``'s active appointments hold between ``start`` and ``end``."""
    statement = sa.select(Appointment.starts_at, Appointment.ends_at).where(
        Appointment.mentor_id == mentor.id,
        Appointment.status.in_(ACTIVE_STATUSES),
        Appointment.starts_at.is_not(None),
        Appointment.starts_at < end,
        Appointment.ends_at > start,
    )
    if exclude_id is not None:
        statement = statement.where(Appointment.id != exclude_id)
    return [slots.Span(s, e) for s, e in db.session.execute(statement)]


def free_slots(
    mentor, start: datetime, end: datetime, not_before: datetime, *, exclude_id=None
) -> list[slots.Span]:
    """``mentor``'s free slots starting between ``start`` and ``end``, none before
    ``not_before`` (services.earliest_booking(): now and the notice period)."""
    settings = get_settings(mentor)
    if settings is None:
        return []
    # A day's appointments count for max_per_day, and the buffer reaches past the range.
    margin = timedelta(days=1, minutes=settings.buffer_minutes)
    windows = list_windows(mentor)
    return slots.free_slots(
        rules_of(mentor, settings),
        weekly=[
            slots.Weekly(w.weekday, w.start_minute, w.end_minute, w.time_zone)
            for w in windows
            if w.kind == "weekly"
        ],
        once=[slots.Span(w.starts_at, w.ends_at) for w in windows if w.kind == "once"],
        absences=[slots.Span(a.starts_at, a.ends_at) for a in list_absences(mentor, start)],
        busy=busy_spans(mentor, start - margin, end + margin, exclude_id),
        start=start,
        end=end,
        not_before=not_before,
    )


def find_free_slot(mentor, starts_at: datetime, not_before: datetime, *, exclude_id=None):
    """The free slot of ``mentor`` starting exactly at ``starts_at``, or None."""
    for slot in free_slots(
        mentor, starts_at, starts_at + timedelta(seconds=1), not_before, exclude_id=exclude_id
    ):
        if slot.start == starts_at:
            return slot
    return None


def overlapping(
    user_column, user_id: int, start: datetime, end: datetime, exclude_id=None
) -> Appointment | None:
    """An active appointment of that person (as mentor or learner) overlapping the span."""
    statement = sa.select(Appointment).where(
        user_column == user_id,
        Appointment.status.in_(ACTIVE_STATUSES),
        Appointment.starts_at < end,
        Appointment.ends_at > start,
    )
    if exclude_id is not None:
        statement = statement.where(Appointment.id != exclude_id)
    return db.session.scalar(statement.limit(1))


# --- appointments ------------------------------------------------------------------------------


def get_appointment(viewer, appointment_id) -> Appointment:
    """The appointment, for one of its two people or the pedagogical team."""
    appointment = get_by_id(Appointment, appointment_id)
    if appointment is None:
        raise NotFound(_("This appointment does not exist."))
    if not permissions.can_view_appointment(viewer, appointment):
        raise NotAllowed(_("This appointment is not yours."))
    return appointment


def _of(user):
    return sa.or_(Appointment.mentor_id == user.id, Appointment.learner_id == user.id)


def with_people(statement):
    """``statement`` loading both people of each appointment (two queries in all)."""
    return statement.options(selectinload(Appointment.mentor), selectinload(Appointment.learner))


_with_people = with_people


def list_between(user, start: datetime, end: datetime | None) -> list[Appointment]:
    """``user``'s appointments with a time starting in ``[start, end)`` (``None``: no end),
    by start."""
    statement = sa.select(Appointment).where(_of(user), Appointment.starts_at >= start)
    if end is not None:
        statement = statement.where(Appointment.starts_at < end)
    return list(
        db.session.scalars(_with_people(statement.order_by(Appointment.starts_at, Appointment.id)))
    )


def list_awaiting(user) -> list[Appointment]:
    """What waits for ``user``'s answer: requests to them as mentor, proposals to them as learner."""
    return list(
        db.session.scalars(
            _with_people(
                sa.select(Appointment)
                .where(
                    sa.or_(
                        sa.and_(
                            Appointment.mentor_id == user.id, Appointment.status == "requested"
                        ),
                        sa.and_(
                            Appointment.learner_id == user.id, Appointment.status == "proposed"
                        ),
                    )
                )
                .order_by(Appointment.starts_at.is_(None), Appointment.starts_at, Appointment.id)
            )
        )
    )


@dataclass
class AgendaList:
    """The list view: what is coming (and free requests not yet given a time), and the past."""

    upcoming: list[Appointment]
    past: list[Appointment]


def list_agenda(user, now: datetime, past_limit: int = 20) -> AgendaList:
    upcoming = db.session.scalars(
        _with_people(
            sa.select(Appointment)
            .where(
                _of(user),
                sa.or_(
                    Appointment.ends_at > now,
                    sa.and_(
                        Appointment.starts_at.is_(None), Appointment.status.in_(ACTIVE_STATUSES)
                    ),
                ),
            )
            .order_by(Appointment.starts_at.is_(None), Appointment.starts_at, Appointment.id)
        )
    )
    past = db.session.scalars(
        _with_people(
            sa.select(Appointment)
            .where(_of(user), Appointment.ends_at <= now)
            .order_by(Appointment.starts_at.desc(), Appointment.id.desc())
            .limit(past_limit)
        )
    )
    return AgendaList(list(upcoming), list(past))


def list_for_feed(user, since: datetime) -> list[Appointment]:
    """The appointments of ``user``'s calendar feed: every one with a time ending after
    ``since``, cancelled and declined ones included (so calendars remove them)."""
    return list(
        db.session.scalars(
            _with_people(
                sa.select(Appointment)
                .where(_of(user), Appointment.starts_at.is_not(None), Appointment.ends_at > since)
                .order_by(Appointment.starts_at, Appointment.id)
            )
        )
    )


def list_to_remind(now: datetime, longest: timedelta) -> list[Appointment]:
    """Confirmed appointments starting after ``now`` and within ``longest``."""
    return list(
        db.session.scalars(
            _with_people(
                sa.select(Appointment)
                .where(
                    Appointment.status == "confirmed",
                    Appointment.starts_at > now,
                    Appointment.starts_at <= now + longest,
                )
                .order_by(Appointment.starts_at, Appointment.id)
            )
        )
    )


# --- calendar feeds ----------------------------------------------------------------------------


def get_feed(user) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def get_feed_owner(secret: str) -> tuple[CalendarFeed, User]:
    """The feed whose secret is ``secret``, and its owner; 404 for a wrong or revoked one."""
    digest = feeds.secret_hash(secret)
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token_hash == digest))
    owner = db.session.get(User, feed.user_id) if feed is not None else None
    if owner is None or not owner.is_active or owner.deleted_at is not None:
        raise NotFound(_("This calendar address is not valid (any more)."))
    return feed, owner


def list_with(mentor, learner, now: datetime, limit: int = 10) -> list[Appointment]:
    """The active appointments of ``mentor`` with ``learner`` not over yet, by start."""
    return list(
        db.session.scalars(
            _with_people(
                sa.select(Appointment)
                .where(
                    Appointment.mentor_id == mentor.id,
                    Appointment.learner_id == learner.id,
                    Appointment.status.in_(ACTIVE_STATUSES),
                    sa.or_(Appointment.ends_at.is_(None), Appointment.ends_at > now),
                )
                .order_by(Appointment.starts_at.is_(None), Appointment.starts_at, Appointment.id)
                .limit(limit)
            )
        )
    )
