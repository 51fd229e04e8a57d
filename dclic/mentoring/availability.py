"""Writes of a mentor's availability: settings, weekly and one-off windows, absences.

They take the actor (who must hold ``appointment.offer`` and may touch only their own
availability), flush and never commit. A mentor's windows never overlap: checked here, and on
PostgreSQL by exclusion constraints whose refusal becomes the same :class:`Conflict`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.mentoring import permissions, queries
from dclic.mentoring.models import Absence, AvailabilityWindow, MentorSettings
from dclic.mentoring.times import zone_of
from dclic.mentoring.validation import clean_text, clean_url, invalid

SETTING_BOUNDS = {"slot_minutes": (10, 240), "buffer_minutes": (0, 240), "max_per_day": (1, 24)}
LONGEST_ONE_OFF_WINDOW = timedelta(hours=24)


def _require_offer(actor) -> None:
    if not permissions.can_offer_appointments(actor):
        raise NotAllowed(_("Only mentors publish their availability."))


def save_settings(
    actor,
    *,
    slot_minutes,
    buffer_minutes,
    max_per_day,
    meeting_url=None,
    place=None,
    capacity=None,
) -> dict:
    """Set ``actor``'s slot length, buffer, maximum per day, usual meeting place or link and
    capacity (learners at most, None: no limit); returns the changes ``{field: (old, new)}``."""
    _require_offer(actor)
    values = {"slot_minutes": slot_minutes, "buffer_minutes": buffer_minutes}
    values["max_per_day"] = max_per_day
    errors = {}
    for name, (low, high) in SETTING_BOUNDS.items():
        if not isinstance(values[name], int) or not low <= values[name] <= high:
            errors[name] = [_("Give a whole number from %(low)d to %(high)d.", low=low, high=high)]
    if capacity is not None and (not isinstance(capacity, int) or not 1 <= capacity <= 500):
        errors["capacity"] = [_("Give a whole number from %(low)d to %(high)d.", low=1, high=500)]
    if errors:
        raise Invalid(_("Some fields are not valid."), errors)
    values["capacity"] = capacity
    values["meeting_url"] = clean_url(meeting_url)
    values["place"] = clean_text(place, "place", 200) or None
    settings = db.session.get(MentorSettings, actor.id)
    if settings is None:
        settings = MentorSettings(mentor_id=actor.id)
        db.session.add(settings)
    changes = {
        name: (getattr(settings, name), value)
        for name, value in values.items()
        if getattr(settings, name) != value
    }
    for name, value in values.items():
        setattr(settings, name, value)
    db.session.flush()
    return changes


def _ensure_settings(actor) -> MentorSettings:
    settings = db.session.get(MentorSettings, actor.id)
    if settings is None:
        settings = MentorSettings(mentor_id=actor.id)
        db.session.add(settings)
        db.session.flush()
    return settings


def _insert_window(window: AvailabilityWindow, field: str) -> AvailabilityWindow:
    try:
        with db.session.begin_nested():  # PostgreSQL's exclusion constraints have the last word
            db.session.add(window)
    except IntegrityError as exc:
        raise Conflict(
            _("This overlaps one of your availabilities."), {field: [_("Choose other times.")]}
        ) from exc
    return window


def publish_weekly_window(actor, weekday: int, start_minute: int, end_minute: int):
    """Make ``actor`` available every week on ``weekday`` (0 = Monday) between two local
    times of their zone (minutes after midnight; 1440 = midnight after)."""
    _require_offer(actor)
    if weekday not in range(7):
        raise invalid("weekday", _("Choose a day of the week."))
    if not 0 <= start_minute < end_minute <= 1440:
        raise invalid("end", _("The end must come after the start."))
    _ensure_settings(actor)
    for window in queries.list_windows(actor):
        if (
            window.kind == "weekly"
            and window.weekday == weekday
            and window.start_minute < end_minute
            and start_minute < window.end_minute
        ):
            raise Conflict(
                _("This overlaps one of your availabilities."),
                {"start": [_("You are already available then on that day.")]},
            )
    window = AvailabilityWindow(
        mentor_id=actor.id,
        kind="weekly",
        weekday=weekday,
        start_minute=start_minute,
        end_minute=end_minute,
        time_zone=zone_of(actor).key,
    )
    return _insert_window(window, "start")


def publish_one_off_window(actor, starts_at: datetime, ends_at: datetime):
    """Make ``actor`` available once, between two instants (at most a day apart)."""
    _require_offer(actor)
    if not starts_at < ends_at:
        raise invalid("end", _("The end must come after the start."))
    if ends_at - starts_at > LONGEST_ONE_OFF_WINDOW:
        raise invalid("end", _("One availability lasts one day at most."))
    if ends_at <= utcnow():
        raise invalid("date", _("This time has passed."))
    _ensure_settings(actor)
    for window in queries.list_windows(actor):
        if window.kind == "once" and window.starts_at < ends_at and starts_at < window.ends_at:
            raise Conflict(
                _("This overlaps one of your availabilities."),
                {"start": [_("You are already available then.")]},
            )
    window = AvailabilityWindow(
        mentor_id=actor.id, kind="once", starts_at=starts_at, ends_at=ends_at
    )
    return _insert_window(window, "start")


def remove_window(actor, window: AvailabilityWindow) -> None:
    """Withdraw an availability; appointments already made in it stay."""
    if window.mentor_id != getattr(actor, "id", None):
        raise NotAllowed(_("This availability is not yours."))
    db.session.delete(window)
    db.session.flush()


def add_absence(actor, starts_at: datetime, ends_at: datetime, note: str = "") -> Absence:
    """Mark ``actor`` away: no slot is offered then (appointments already made stay)."""
    _require_offer(actor)
    if not starts_at < ends_at:
        raise invalid("end", _("The end must come after the start."))
    if ends_at <= utcnow():
        raise invalid("end", _("This time has passed."))
    absence = Absence(
        mentor_id=actor.id, starts_at=starts_at, ends_at=ends_at, note=clean_text(note, "note", 200)
    )
    db.session.add(absence)
    db.session.flush()
    return absence


def remove_absence(actor, absence: Absence) -> None:
    if absence.mentor_id != getattr(actor, "id", None):
        raise NotAllowed(_("This absence is not yours."))
    db.session.delete(absence)
    db.session.flush()
