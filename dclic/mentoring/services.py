"""Writes of the mentoring module: appointments (the state machine) and calendar feeds.
A mentor's availability is written by :mod:`dclic.mentoring.availability`.

One function per use case, taking the actor; they flush, never commit. The edge commits, and
only then do the mails and socket messages leave (:mod:`dclic.mentoring.notifications`).
The state machine itself (who may do what, when) is :mod:`dclic.mentoring.states`.

**No double booking.** A booking first locks the mentor's settings row (``SELECT … FOR
UPDATE``: bookings with one mentor take turns on PostgreSQL; SQLite's single writer does the
same), then checks the slot is still free (windows, absences, buffer, maximum per day) and
inserts inside a savepoint. The database has the last word: a unique index (one active
appointment per mentor and start) everywhere, exclusion constraints against any overlap on
PostgreSQL; their refusal becomes the same :class:`Conflict` as the check's.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.mentoring import feeds, notifications, permissions, queries, states
from dclic.mentoring.models import (
    Appointment,
    CalendarFeed,
    MentorSettings,
)
from dclic.mentoring.validation import clean_text, clean_url, invalid

LONGEST_APPOINTMENT = timedelta(hours=4)


def notice_period() -> timedelta:
    """How long before its start a confirmed appointment may still be changed or cancelled."""
    return timedelta(hours=current_app.config["DCLIC_APPOINTMENT_NOTICE_HOURS"])


def earliest_booking() -> datetime:
    """Learners book (or move to) slots from the notice period on: the mentor has time to
    answer, and a confirmed appointment can still be changed."""
    return utcnow() + notice_period()


# --- requests ----------------------------------------------------------------------------------


def _require_booking(actor, mentor) -> None:
    if not permissions.can_book_with(actor, mentor):
        raise NotAllowed(_("You can ask for an appointment only with your own mentor."))


def _lock_mentor(mentor) -> MentorSettings | None:
    """The mentor's settings, locked until the transaction ends: bookings take turns."""
    return db.session.scalar(
        sa.select(MentorSettings)
        .where(MentorSettings.mentor_id == mentor.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _taken() -> Conflict:
    return Conflict(
        _("This time is no longer free: someone has just taken it. Choose another one."),
        {"slot": [_("This time is no longer free.")]},
    )


def _save_time(appointment: Appointment) -> None:
    """Flush inside a savepoint; the database's refusal of an overlap is a Conflict."""
    try:
        with db.session.begin_nested():
            db.session.add(appointment)
    except IntegrityError as exc:
        raise _taken() from exc


def _check_learner_free(appointment: Appointment, start: datetime, end: datetime) -> None:
    other = queries.overlapping(
        Appointment.learner_id, appointment.learner_id, start, end, appointment.id
    )
    if other is not None:
        raise Conflict(
            _("The learner already has an appointment at that time."),
            {"slot": [_("The learner already has an appointment at that time.")]},
        )


def book(actor, mentor, starts_at: datetime, topic: str, message: str = "") -> Appointment:
    """``actor`` (a learner) asks their ``mentor`` for the free slot starting at ``starts_at``."""
    _require_booking(actor, mentor)
    topic = clean_text(topic, "topic", 200, required=True)
    message = clean_text(message, "message", 2000)
    if _lock_mentor(mentor) is None:
        raise Conflict(_("This mentor offers no time yet."), {"slot": [_("No time is offered.")]})
    slot = queries.find_free_slot(mentor, starts_at, earliest_booking())
    if slot is None:
        raise _taken()
    appointment = Appointment(
        mentor_id=mentor.id,
        learner_id=actor.id,
        status="requested",
        starts_at=slot.start,
        ends_at=slot.end,
        topic=topic,
        message=message,
        last_actor_id=actor.id,
    )
    _check_learner_free(appointment, slot.start, slot.end)
    _save_time(appointment)
    notifications.notify(appointment, "requested", actor)
    return appointment


def request_free(actor, mentor, topic: str, message: str = "") -> Appointment:
    """``actor`` asks their ``mentor`` for an appointment outside the offered slots."""
    _require_booking(actor, mentor)
    appointment = Appointment(
        mentor_id=mentor.id,
        learner_id=actor.id,
        status="requested",
        topic=clean_text(topic, "topic", 200, required=True),
        message=clean_text(message, "message", 2000),
        is_free_request=True,
        last_actor_id=actor.id,
    )
    db.session.add(appointment)
    db.session.flush()
    notifications.notify(appointment, "free_requested", actor)
    return appointment


# --- answers and changes -----------------------------------------------------------------------


def _lock(appointment: Appointment) -> Appointment:
    """Reload ``appointment`` locked until the transaction ends (two answers take turns)."""
    return db.session.scalar(
        sa.select(Appointment)
        .where(Appointment.id == appointment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _changed(appointment: Appointment, actor, event: str) -> Appointment:
    appointment.last_actor_id = actor.id
    appointment.sequence += 1
    db.session.flush()
    notifications.notify(appointment, event, actor)
    return appointment


def _reason(appointment, action: str, reason) -> str:
    return clean_text(reason, "reason", 500, required=states.needs_reason(appointment, action))


def _meeting_room() -> str | None:
    base = current_app.config.get("DCLIC_MEETING_BASE_URL")
    return f"{base}/dclic-{secrets.token_urlsafe(18)}" if base else None


def _set_place(appointment: Appointment, meeting_url=None, place=None) -> None:
    """The link or place given, else the mentor's usual ones, else a new video room."""
    meeting_url, place = clean_url(meeting_url), clean_text(place, "place", 200) or None
    if meeting_url or place:
        appointment.meeting_url, appointment.place = meeting_url, place
        return
    if appointment.meeting_url or appointment.place:
        return
    settings = db.session.get(MentorSettings, appointment.mentor_id)
    appointment.place = settings.place if settings else None
    appointment.meeting_url = (settings.meeting_url if settings else None) or (
        None if appointment.place else _meeting_room()
    )


def accept(actor, appointment: Appointment, *, meeting_url=None, place=None) -> Appointment:
    """The mentor accepts a request, or the learner a proposed time: ``confirmed``.

    The mentor may give the video link or the place; otherwise their usual ones, else a new
    video room on ``DCLIC_MEETING_BASE_URL``.
    """
    appointment = _lock(appointment)
    role = states.check(actor, appointment, "accept", utcnow(), notice_period())
    _check_learner_free(appointment, appointment.starts_at, appointment.ends_at)
    if role == states.MENTOR:
        _set_place(appointment, meeting_url, place)
    else:
        _set_place(appointment)
    appointment.status = "confirmed"
    appointment.confirmed_at = utcnow()
    appointment.reason = ""
    return _changed(appointment, actor, "confirmed")


def decline(actor, appointment: Appointment, reason: str) -> Appointment:
    """The mentor declines a request, or the learner a proposed time, saying why."""
    appointment = _lock(appointment)
    states.check(actor, appointment, "decline", utcnow(), notice_period())
    appointment.reason = _reason(appointment, "decline", reason)
    appointment.status = "declined"
    return _changed(appointment, actor, "declined")


def cancel(actor, appointment: Appointment, reason: str) -> Appointment:
    """Either person cancels, saying why (a confirmed one up to the notice period)."""
    appointment = _lock(appointment)
    states.check(actor, appointment, "cancel", utcnow(), notice_period())
    appointment.reason = _reason(appointment, "cancel", reason)
    appointment.status = "cancelled"
    return _changed(appointment, actor, "cancelled")


def _move(appointment: Appointment, start: datetime, end: datetime) -> None:
    """Give ``appointment`` a new time, if neither person has another one then."""
    clash = queries.overlapping(
        Appointment.mentor_id, appointment.mentor_id, start, end, appointment.id
    )
    if clash is not None:
        raise _taken()
    _check_learner_free(appointment, start, end)
    appointment.starts_at, appointment.ends_at = start, end
    _save_time(appointment)


def propose(
    actor, appointment: Appointment, starts_at: datetime, ends_at: datetime, reason: str = ""
) -> Appointment:
    """The mentor proposes a time (for a request, again, or to move a confirmed appointment,
    then with a reason): ``proposed``, waiting for the learner. Any free time of the mentor,
    inside the offered windows or not."""
    mentor = appointment.mentor
    _lock_mentor(mentor)
    appointment = _lock(appointment)
    states.check(actor, appointment, "propose", utcnow(), notice_period())
    reason = _reason(appointment, "propose", reason)
    if starts_at <= utcnow():
        raise invalid("date", _("Choose a time to come."))
    if not timedelta(minutes=10) <= ends_at - starts_at <= LONGEST_APPOINTMENT:
        raise invalid("duration", _("An appointment lasts from 10 minutes to 4 hours."))
    _move(appointment, starts_at, ends_at)
    appointment.reason = reason
    appointment.status = "proposed"
    return _changed(appointment, actor, "proposed")


def reschedule(
    actor, appointment: Appointment, starts_at: datetime, reason: str = "", ends_at=None
) -> Appointment:
    """Ask for another time. The learner picks another free slot (``requested`` again, for
    the mentor to accept); the mentor proposes any time (see :func:`propose`). Moving a
    confirmed appointment needs a reason and is allowed up to the notice period."""
    if actor is not None and actor.id == appointment.mentor_id:
        length = (
            appointment.ends_at - appointment.starts_at
            if appointment.starts_at
            else timedelta(minutes=30)
        )
        return propose(actor, appointment, starts_at, ends_at or starts_at + length, reason)
    mentor = appointment.mentor
    _lock_mentor(mentor)
    appointment = _lock(appointment)
    states.check(actor, appointment, "reschedule", utcnow(), notice_period())
    reason = _reason(appointment, "reschedule", reason)
    slot = queries.find_free_slot(mentor, starts_at, earliest_booking(), exclude_id=appointment.id)
    if slot is None:
        raise _taken()
    _move(appointment, slot.start, slot.end)
    appointment.reason = reason
    appointment.status = "requested"
    return _changed(appointment, actor, "rescheduled")


def write_report(actor, appointment: Appointment, report: str) -> Appointment:
    """The mentor writes (or corrects) the short report once the appointment has begun:
    ``done``."""
    appointment = _lock(appointment)
    states.check(actor, appointment, "report", utcnow(), notice_period())
    first = appointment.status == "confirmed"
    appointment.report = clean_text(report, "report", 4000, required=True)
    appointment.reported_at = utcnow()
    appointment.status = "done"
    if first:
        return _changed(appointment, actor, "reported")
    db.session.flush()
    return appointment


def rate(actor, appointment: Appointment, rating) -> Appointment:
    """The learner rates a done appointment from 1 to 5 (and may change their mind)."""
    appointment = _lock(appointment)
    states.check(actor, appointment, "rate", utcnow(), notice_period())
    if rating not in (1, 2, 3, 4, 5):
        raise invalid("rating", _("Choose a rating from 1 to 5."))
    appointment.rating = rating
    appointment.rated_at = utcnow()
    db.session.flush()
    return appointment


# --- calendar feeds ----------------------------------------------------------------------------


def open_feed(actor) -> CalendarFeed:
    """Give ``actor`` a secret calendar address, replacing (revoking) any earlier one."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed()
    feed = queries.get_feed(actor)
    if feed is None:
        feed = CalendarFeed(user_id=actor.id)
        db.session.add(feed)
    feed.nonce = secrets.token_urlsafe(32)
    feed.token_hash = feeds.secret_hash(feeds.secret_of(feed))
    feed.created_at = utcnow()
    feed.last_used_at = None
    db.session.flush()
    return feed


def revoke_feed(actor) -> None:
    """Close ``actor``'s calendar address: calendars subscribed to it stop updating."""
    feed = queries.get_feed(actor)
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()


def note_feed_read(feed: CalendarFeed) -> None:
    """Bookkeeping: when a calendar last fetched the feed (at most every 10 minutes)."""
    now = utcnow()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(minutes=10):
        feed.last_used_at = now
        db.session.flush()
