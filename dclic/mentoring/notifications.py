"""Telling people of what happens in mentoring, through ``dclic.notifications.notify``.

Each notice is stored in the recipient's notification centre and, by the recipient's channel
for its kind (``kinds.py``: in-app only, immediate mail, daily digest or off), mailed: texts
in the recipient's language, times in the recipient's zone (named). The mail's text comes from
``mentoring/mail/<name>.txt`` (first line: the title). Appointments and class sessions also
push their own socket message (``appointment``, ``class_session``) so open pages can update,
whatever the channel. Everything leaves after the commit.
"""

from __future__ import annotations

from flask import render_template

from dclic.core.http import external_url
from dclic.core.realtime import emit_to_user
from dclic.mentoring.kinds import AGENDA_EVENT, ANNOUNCEMENT, APPOINTMENT, CLASS_SESSION, REMINDER
from dclic.mentoring.times import span_label, zone_of
from dclic.notifications import services as centre

EVENTS = (
    "requested",  # a learner asked for a slot            → mentor
    "free_requested",  # … or without a slot              → mentor
    "confirmed",  # accepted                              → the other person
    "declined",  # declined, with a reason                → the other person
    "proposed",  # the mentor proposed a (new) time       → learner
    "rescheduled",  # the learner asked for another slot  → mentor
    "cancelled",  # cancelled, with a reason              → the other person
    "reported",  # the mentor wrote the report            → learner
    "reminder",  # before a confirmed appointment         → both
)
SESSION_EVENTS = ("invited", "changed", "cancelled")
SOCKET_EVENT = "appointment"


def _reachable(user) -> bool:
    return user is not None and user.is_active and user.deleted_at is None


def _send(recipient, kind: str, template: str, link: str, body: str | None, **values) -> None:
    """Render ``template`` in ``recipient``'s language and hand it to ``notify``."""
    with centre.in_language_of(recipient):
        text = render_template(template, name=recipient.display_name, **values)
    title, _sep, content = text.strip().partition("\n")
    centre.notify(recipient, kind, title.strip(), link, body=body, mail_text=content.strip())


def notify(appointment, event: str, actor) -> None:
    """Tell the person of ``appointment`` who is not ``actor`` that ``event`` happened."""
    if actor.id == appointment.mentor_id:
        recipient, other = appointment.learner, appointment.mentor
    else:
        recipient, other = appointment.mentor, appointment.learner
    _tell(recipient, other, appointment, event)


def remind(appointment) -> None:
    """Remind both people of ``appointment``, which starts soon."""
    _tell(appointment.mentor, appointment.learner, appointment, "reminder")
    _tell(appointment.learner, appointment.mentor, appointment, "reminder")


def _tell(recipient, other, appointment, event: str) -> None:
    assert event in EVENTS, event
    if not _reachable(recipient):
        return
    url = external_url("mentoring.appointment", appointment_id=appointment.id)
    emit_to_user(
        recipient.id,
        SOCKET_EVENT,
        {"id": appointment.id, "event": event, "status": appointment.status, "url": url},
    )
    with centre.in_language_of(recipient):
        when = (
            span_label(appointment.starts_at, appointment.ends_at, zone_of(recipient))
            if appointment.starts_at
            else None
        )
    _send(
        recipient,
        REMINDER if event == "reminder" else APPOINTMENT,
        "mentoring/mail/notice.txt",
        centre.path_for("mentoring.appointment", appointment_id=appointment.id),
        when,
        event=event,
        other=other.display_name,
        appointment=appointment,
        when=when,
    )


def session_notice(session, recipient, organizer, event: str = "invited") -> None:
    """Tell ``recipient`` (a member of the group) that the virtual class ``session`` was
    scheduled, changed or cancelled."""
    assert event in SESSION_EVENTS, event
    if not _reachable(recipient):
        return
    url = external_url("mentoring.class_session", session_id=session.id)
    emit_to_user(recipient.id, "class_session", {"id": session.id, "event": event, "url": url})
    with centre.in_language_of(recipient):
        when = span_label(session.starts_at, session.ends_at, zone_of(recipient))
    _send(
        recipient,
        CLASS_SESSION,
        "mentoring/mail/session.txt",
        centre.path_for("mentoring.class_session", session_id=session.id),
        when,
        event=event,
        other=organizer.display_name if organizer is not None else "",
        session=session,
        when=when,
    )


def invite(session, recipient, organizer) -> None:
    """Invite ``recipient`` (a member of the group) to the virtual class ``session``."""
    session_notice(session, recipient, organizer, "invited")


def event_notice(event, recipient, actor, what: str) -> None:
    """Tell ``recipient`` that the shared-agenda ``event`` was changed or cancelled."""
    assert what in ("changed", "cancelled"), what
    if not _reachable(recipient):
        return
    with centre.in_language_of(recipient):
        when = span_label(event.starts_at, event.ends_at, zone_of(recipient))
    _send(
        recipient,
        AGENDA_EVENT,
        "mentoring/mail/event.txt",
        centre.path_for("mentoring.agenda", _anchor=f"event-{event.id}"),
        when,
        what=what,
        other=actor.display_name,
        event=event,
        when=when,
    )


def announce(announcement, recipient, author) -> None:
    """Tell ``recipient`` of ``announcement`` (the home page shows it too)."""
    if not _reachable(recipient):
        return
    _send(
        recipient,
        ANNOUNCEMENT,
        "mentoring/mail/announcement.txt",
        centre.path_for("site.home"),
        announcement.title,
        other=author.display_name,
        announcement=announcement,
    )
