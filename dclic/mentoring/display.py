"""Between the pages and UTC: times typed in the viewer's zone, times shown in it (named)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from flask_login import current_user
from markupsafe import Markup

from dclic.core.errors import Invalid
from dclic.core.i18n import gettext as _
from dclic.mentoring import states
from dclic.mentoring.slots import Span
from dclic.mentoring.times import (
    UTC_ZONE,
    day_label,
    local_day_bounds,
    local_to_utc,
    time_label,
    zone_label,
    zone_of,
)


def viewer_zone():
    """The signed-in viewer's zone (UTC for a visitor or a profile without one)."""
    return zone_of(current_user) if current_user.is_authenticated else UTC_ZONE


# Dates typed or sent are taken this close to today (far ones would only overflow).
REACH = timedelta(days=2 * 366)


def check_day(day: date, field: str) -> date:
    """``day`` if within two years of today, else a field error."""
    today = datetime.now(UTC).date()
    if not today - REACH <= day <= today + REACH:
        raise Invalid(
            _("Some fields are not valid."), {field: [_("Choose a date within two years.")]}
        )
    return day


def instant(day: date, at: time, zone, field: str = "start") -> datetime:
    """The UTC instant of a date and time typed in ``zone``; a time that the clock skips
    there (change to summer time) is a field error."""
    value = local_to_utc(check_day(day, field), at, zone)
    if value is None:
        raise Invalid(
            _("Some fields are not valid."),
            {field: [_("This time does not exist in your time zone (the clocks change).")]},
        )
    return value


def typed_span(form) -> tuple[datetime, datetime]:
    """The UTC start and end of a form's ``date``, ``start`` and ``end`` fields, typed in the
    viewer's zone (events and class sessions, new or changed)."""
    zone = viewer_zone()
    return (
        instant(form.date.data, form.start.data, zone, "start"),
        instant(form.date.data, form.end.data, zone, "end"),
    )


def minutes_of(at: time, *, end: bool = False) -> int:
    """Minutes after midnight; an end at 00:00 is the midnight that ends the day (1440)."""
    minutes = at.hour * 60 + at.minute
    return 1440 if end and minutes == 0 else minutes


def slot_value(span: Span) -> str:
    return span.start.isoformat()


def parse_slot(value: str | None, field: str = "slot") -> datetime:
    """The start of a slot as the form sent it (ISO 8601 with its offset)."""
    try:
        start = datetime.fromisoformat(value or "")
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        raise Invalid(_("Some fields are not valid."), {field: [_("Choose a time.")]})
    check_day(start.date(), field)
    return start.astimezone(UTC)


def slot_days(spans: Iterable[Span], zone) -> list[tuple[str, list[tuple[str, str]]]]:
    """Slots grouped by the viewer's local day: ``[(day, [(value, "10:00–10:30")])]``."""
    days: dict[date, list[tuple[str, str]]] = {}
    for span in spans:
        label = f"{time_label(span.start, zone)}–{time_label(span.end, zone)}"
        days.setdefault(span.start.astimezone(zone).date(), []).append((slot_value(span), label))
    return [(day_label(day), slots) for day, slots in sorted(days.items())]


def week_bounds(zone, now: datetime, week: int) -> tuple[datetime, datetime, date]:
    """UTC bounds of the ``week``-th stretch of seven local days from today, and its first day."""
    first = now.astimezone(zone).date() + timedelta(days=7 * week)
    return (
        local_day_bounds(first, zone)[0],
        local_day_bounds(first + timedelta(days=6), zone)[1],
        first,
    )


def other_person(appointment, viewer):
    return appointment.learner if viewer.id == appointment.mentor_id else appointment.mentor


def span_html(starts_at: datetime, ends_at: datetime, zone=None) -> Markup:
    """``lundi 30 mars 2026, 10:00–10:30 (Europe/Paris, UTC+02:00)`` for a page: the zone is
    isolated left to right, so it reads well in Arabic too."""
    zone = zone or viewer_zone()
    local = starts_at.astimezone(zone)
    text = f"{day_label(local.date())}, {time_label(starts_at, zone)}–{time_label(ends_at, zone)}"
    return Markup('{} <bdi dir="ltr">({})</bdi>').format(text, zone_label(zone, starts_at))


def when(appointment, zone=None) -> str:
    """When ``appointment`` is, in ``zone`` (the viewer's by default), or that it has no time."""
    if appointment.starts_at is None:
        return _("no time yet (free request)")
    return span_html(appointment.starts_at, appointment.ends_at, zone)


def status_label(status: str) -> str:
    return str(states.STATUS_LABELS[status])


def filled(form_class, found, zone, **extra):
    """A form holding ``found``'s title and times in ``zone``, ready to change."""
    start, end = found.starts_at.astimezone(zone), found.ends_at.astimezone(zone)
    return form_class(
        formdata=None,
        title=found.title,
        date=start.date(),
        start=start.time().replace(second=0, microsecond=0),
        end=end.time().replace(second=0, microsecond=0),
        **extra,
    )


TEMPLATE_HELPERS = {
    "mentoring_when": when,
    "mentoring_status": status_label,
    "mentoring_other": other_person,
    "mentoring_zone_label": zone_label,
    "mentoring_time": time_label,
    "mentoring_day": day_label,
    "mentoring_span": span_html,
    "mentoring_zone": viewer_zone,
}
