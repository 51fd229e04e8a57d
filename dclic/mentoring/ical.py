"""iCalendar (RFC 5545) for a person's agenda: appointments, virtual class sessions, shared
agenda events and due days (all-day); one ``.ics`` download, or a user's subscription feed.

Times are written in UTC (``DTSTART:20260330T080000Z``): every calendar application shows them
in its own zone, and no ``VTIMEZONE`` is needed. Each appointment keeps its ``UID`` for life
and a ``SEQUENCE`` that grows with every change, so a subscribed calendar updates the event in
place; cancelled and declined appointments stay in the feed with ``STATUS:CANCELLED`` so
calendars remove them; so do cancelled sessions and events (their ``SEQUENCE`` grown).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event

from dclic.core.http import external_url
from dclic.core.i18n import gettext as _
from dclic.mentoring.states import STATUS_LABELS

ICAL_STATUS = {
    "requested": "TENTATIVE",
    "proposed": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "done": "CONFIRMED",
    "declined": "CANCELLED",
    "cancelled": "CANCELLED",
}
PRODID = "-//OIF//dclic appointments//FR"
REFRESH = timedelta(hours=1)


def _host() -> str:
    return urlsplit(current_app.config["DCLIC_BASE_URL"]).hostname or "dclic.localhost"


def _timed(kind: str, found) -> Event:
    """A ``VEVENT`` with the identity, stamps, version and times of ``found`` (an appointment,
    a class session or a shared event: ``starts_at``, ``ends_at``, ``sequence``, stamps)."""
    event = Event()
    event.add("uid", f"{kind}-{found.id}@{_host()}")
    event.add("dtstamp", found.updated_at)
    event.add("created", found.created_at)
    event.add("last-modified", found.updated_at)
    event.add("sequence", found.sequence)
    event.add("dtstart", found.starts_at)
    event.add("dtend", found.ends_at)
    return event


def event_of(appointment, viewer) -> Event:
    """The ``VEVENT`` of ``appointment`` as ``viewer`` (one of its two people) sees it."""
    other = appointment.learner if viewer.id == appointment.mentor_id else appointment.mentor
    url = external_url("mentoring.appointment", appointment_id=appointment.id)
    event = _timed("appointment", appointment)
    event.add(
        "summary",
        _("Appointment with %(name)s: %(topic)s", name=other.display_name, topic=appointment.topic),
    )
    lines = [
        f"{_('Status:')} {STATUS_LABELS[appointment.status]}",
        f"{_('Topic:')} {appointment.topic}",
    ]
    if appointment.meeting_url:
        lines.append(f"{_('Video link:')} {appointment.meeting_url}")
    if appointment.place:
        lines.append(f"{_('Place:')} {appointment.place}")
    lines.append(f"{_('See the appointment:')} {url}")
    event.add("description", "\n".join(lines))
    location = appointment.place or appointment.meeting_url
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("status", ICAL_STATUS[appointment.status])
    event.add(
        "transp", "TRANSPARENT" if ICAL_STATUS[appointment.status] == "CANCELLED" else "OPAQUE"
    )
    return event


def _cancellable(event: Event, found) -> None:
    cancelled = found.cancelled_at is not None
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")


def session_event(session) -> Event:
    """The ``VEVENT`` of a virtual class ``session`` (the same for every member)."""
    url = external_url("mentoring.class_session", session_id=session.id)
    event = _timed("class-session", session)
    event.add("summary", _("Virtual class: %(title)s", title=session.title))
    lines = [f"{_('Video link:')} {session.meeting_url}", f"{_('See the session:')} {url}"]
    if session.cancelled_at is not None and session.cancel_reason:
        lines.insert(0, f"{_('Reason:')} {session.cancel_reason}")
    event.add("description", "\n".join(lines))
    event.add("location", session.meeting_url)
    event.add("url", url)
    _cancellable(event, session)
    return event


def shared_event(found) -> Event:
    """The ``VEVENT`` of an event of a shared agenda (course, path or group)."""
    url = external_url("mentoring.shared_event", event_id=found.id)
    event = _timed("agenda-event", found)
    event.add("summary", found.title)
    if found.place:
        event.add("location", found.place)
    if found.cancelled_at is not None and found.cancel_reason:
        event.add("description", f"{_('Reason:')} {found.cancel_reason}")
    event.add("url", url)
    _cancellable(event, found)
    return event


def deadline_event(enrolment) -> Event:
    """The all-day ``VEVENT`` of an enrolment's due day."""
    if enrolment.course_id is not None:
        title = enrolment.course.title
        url = external_url("learning.resume", code=enrolment.course.code)
    else:
        title = enrolment.path.title
        url = external_url("courses.path", code=enrolment.path.code)
    event = Event()
    event.add("uid", f"deadline-{enrolment.id}@{_host()}")
    event.add("dtstamp", enrolment.enrolled_at)
    event.add("dtstart", enrolment.due_on)
    event.add("dtend", enrolment.due_on + timedelta(days=1))
    event.add("summary", _("Due: %(title)s", title=title))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_of(appointments, viewer, name: str, sessions=(), events=(), deadlines=()) -> bytes:
    """A ``VCALENDAR`` named ``name`` holding ``appointments`` as ``viewer`` sees them, the
    virtual class ``sessions`` they are invited to, the shared agendas' ``events`` and the
    due days of their enrolments (``deadlines``)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for appointment in appointments:
        calendar.add_component(event_of(appointment, viewer))
    for session in sessions:
        calendar.add_component(session_event(session))
    for found in events:
        calendar.add_component(shared_event(found))
    for enrolment in deadlines:
        calendar.add_component(deadline_event(enrolment))
    return calendar.to_ical()
