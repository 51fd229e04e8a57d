"""Telling the other person of a change: a socket message and a mail, both after the commit.

Mails are plain text in the recipient's language, with times in the recipient's zone (named),
rendered from ``mentoring/mail/notice.txt`` (first line: subject). A recipient who chose
``mail_notifications = off`` gets the in-app message only.
"""

from __future__ import annotations

from flask import current_app, render_template

from dclic.core.http import external_url
from dclic.core.i18n import force_locale
from dclic.core.mail import send_mail
from dclic.core.realtime import emit_to_user
from dclic.core.settings import setting
from dclic.mentoring.times import span_label, zone_of

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
SOCKET_EVENT = "appointment"


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
    if recipient is None or not recipient.is_active or recipient.deleted_at is not None:
        return
    url = external_url("mentoring.appointment", appointment_id=appointment.id)
    emit_to_user(
        recipient.id,
        SOCKET_EVENT,
        {"id": appointment.id, "event": event, "status": appointment.status, "url": url},
    )
    if recipient.mail_notifications == "off":
        return
    with force_locale(recipient.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        when = (
            span_label(appointment.starts_at, appointment.ends_at, zone_of(recipient))
            if appointment.starts_at
            else None
        )
        text = render_template(
            "mentoring/mail/notice.txt",
            event=event,
            name=recipient.display_name,
            other=other.display_name,
            appointment=appointment,
            when=when,
            url=url,
            site_name=setting("site_name"),
        )
    subject, _, body = text.strip().partition("\n")
    send_mail(recipient.email, subject.strip(), body.strip() + "\n")


def invite(session, recipient, organizer) -> None:
    """Invite ``recipient`` (a member of the group) to the virtual class ``session``: a socket
    message and a mail in their language and zone, after the commit."""
    if recipient is None or not recipient.is_active or recipient.deleted_at is not None:
        return
    url = external_url("mentoring.class_session", session_id=session.id)
    emit_to_user(recipient.id, "class_session", {"id": session.id, "event": "invited", "url": url})
    if recipient.mail_notifications == "off":
        return
    with force_locale(recipient.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template(
            "mentoring/mail/session.txt",
            name=recipient.display_name,
            other=organizer.display_name,
            session=session,
            when=span_label(session.starts_at, session.ends_at, zone_of(recipient)),
            url=url,
            site_name=setting("site_name"),
        )
    subject, _, body = text.strip().partition("\n")
    send_mail(recipient.email, subject.strip(), body.strip() + "\n")


def announce(announcement, recipient, author) -> None:
    """Mail ``announcement`` to ``recipient`` in their language, after the commit (nothing
    when they chose ``mail_notifications = off``: the home page shows it)."""
    if recipient is None or not recipient.is_active or recipient.deleted_at is not None:
        return
    if recipient.mail_notifications == "off":
        return
    with force_locale(recipient.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template(
            "mentoring/mail/announcement.txt",
            name=recipient.display_name,
            other=author.display_name,
            announcement=announcement,
            url=external_url("site.home"),
            site_name=setting("site_name"),
        )
    subject, _, body = text.strip().partition("\n")
    send_mail(recipient.email, subject.strip(), body.strip() + "\n")
