"""Editing and cancelling shared-agenda events and virtual class sessions.

Who may: an event's author, or whoever holds ``agenda.post`` in its course, path or group
(site-wide holders included: administrators, the pedagogical team); a session's organizer,
whoever may schedule sessions for its group, or manages groups (``group.manage``). Each change grows the item's ``SEQUENCE`` (so
subscribed calendars update it), is recorded in the audit trail (the models' ``__audited__``)
and tells the people who see the item, after the commit. A cancelled item keeps its row and
reason: it leaves the agendas, and the calendar feeds carry it with ``STATUS:CANCELLED``.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from dclic.accounts import groups
from dclic.accounts.models import GroupMember, User
from dclic.accounts.rights import has_capability
from dclic.core.db import db, get_by_id, utcnow
from dclic.core.errors import Conflict, NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.learning.models import Enrolment
from dclic.mentoring import notifications, permissions
from dclic.mentoring.events import LONGEST_EVENT, can_see_event
from dclic.mentoring.models import ClassSession
from dclic.mentoring.outreach_models import AgendaEvent
from dclic.mentoring.sessions import LONGEST_SESSION, live_members
from dclic.mentoring.validation import clean_text, clean_url, invalid

LONGEST_REASON = 500


def _period(starts_at: datetime, ends_at: datetime, longest, hours: int) -> None:
    if not starts_at < ends_at:
        raise invalid("end", _("The end must come after the start."))
    if ends_at - starts_at > longest:
        raise invalid("end", _("An event lasts %(n)d hours at most.", n=hours))


def _apply(found, values: dict) -> dict:
    changes = {k: (getattr(found, k), v) for k, v in values.items() if getattr(found, k) != v}
    for name, (_old, new) in changes.items():
        setattr(found, name, new)
    if changes:
        found.sequence += 1
    db.session.flush()
    return changes


# --- shared-agenda events ---------------------------------------------------------------------


def can_manage_event(user, event: AgendaEvent) -> bool:
    """Its author, or a holder of ``agenda.post`` in its context (or site-wide)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if event.author_id == user.id:
        return True
    return has_capability(user, "agenda.post", (event.context_type, event.context_id))


def get_event(viewer, event_id) -> AgendaEvent:
    """The event, for someone who sees it or may manage it."""
    event = get_by_id(AgendaEvent, event_id)
    if event is None:
        raise NotFound(_("This event does not exist."))
    if not (can_manage_event(viewer, event) or can_see_event(viewer, event)):
        raise NotAllowed(_("This event is not on your agenda."))
    return event


def event_audience(event: AgendaEvent) -> list[User]:
    """The open accounts that see ``event`` (enrolled in its course or path, members of its
    group, its author), one query."""
    if event.context_type == "group":
        ids = sa.select(GroupMember.user_id).where(GroupMember.group_id == event.context_id)
    else:
        column = Enrolment.course_id if event.context_type == "course" else Enrolment.path_id
        ids = sa.select(Enrolment.user_id).where(
            column == event.context_id, Enrolment.status == "active"
        )
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                sa.or_(User.id.in_(ids.scalar_subquery()), User.id == event.author_id),
                User.is_active.is_(True),
                User.deleted_at.is_(None),
            )
            .order_by(User.id)
        )
    )


def _tell_event(actor, event: AgendaEvent, what: str) -> None:
    for person in event_audience(event):
        if person.id != actor.id:
            notifications.event_notice(event, person, actor, what)


def _check_event(actor, event: AgendaEvent) -> None:
    if not can_manage_event(actor, event):
        raise NotAllowed(_("Only the author of the event or its agenda's managers change it."))
    if event.cancelled_at is not None:
        raise Conflict(_("This event is cancelled."))


def update_event(
    actor, event: AgendaEvent, title: str, starts_at: datetime, ends_at: datetime, place: str = ""
) -> dict:
    """``actor`` changes ``event``; returns ``{field: (old, new)}``; those who see it are told."""
    _check_event(actor, event)
    title = clean_text(title, "title", 200, required=True)
    _period(starts_at, ends_at, LONGEST_EVENT, 12)
    values = {
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": clean_text(place, "place", 500),
    }
    changes = _apply(event, values)
    if changes:
        _tell_event(actor, event, "changed")
    return changes


def cancel_event(actor, event: AgendaEvent, reason: str) -> AgendaEvent:
    """``actor`` cancels ``event`` with a reason; those who see it are told."""
    _check_event(actor, event)
    reason = clean_text(reason, "reason", LONGEST_REASON, required=True)
    _apply(event, {"cancelled_at": utcnow(), "cancel_reason": reason})
    _tell_event(actor, event, "cancelled")
    return event


# --- virtual class sessions -------------------------------------------------------------------


def can_manage_session(user, session: ClassSession) -> bool:
    """Its organizer, whoever may schedule sessions for its group, or manages groups
    (``group.manage``: administrators, the pedagogical team)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    context = ("group", session.group_id)
    return (
        user.id == session.organizer_id
        or permissions.can_schedule_session(user, session.group_id)
        or has_capability(user, "group.manage", context)
    )


def _check_session(actor, session: ClassSession) -> None:
    if not can_manage_session(actor, session):
        raise NotAllowed(_("Only the organizer changes this session."))
    if session.cancelled_at is not None:
        raise Conflict(_("This session is cancelled."))


def _tell_session(actor, session: ClassSession, what: str) -> None:
    for member in live_members(groups.get_group(session.group_id)):
        if member.id != actor.id:
            notifications.session_notice(session, member, actor, what)


def update_session(
    actor, session: ClassSession, title: str, starts_at: datetime, ends_at: datetime,
    meeting_url=None,
) -> dict:  # fmt: skip
    """``actor`` changes ``session`` (an empty link keeps the room); returns the changes;
    the group's members are told."""
    _check_session(actor, session)
    title = clean_text(title, "title", 200, required=True)
    if not starts_at < ends_at:
        raise invalid("end", _("The end must come after the start."))
    if ends_at - starts_at > LONGEST_SESSION:
        raise invalid("end", _("A session lasts %(n)d hours at most.", n=8))
    values = {"title": title, "starts_at": starts_at, "ends_at": ends_at}
    values["meeting_url"] = clean_url(meeting_url) or session.meeting_url
    changes = _apply(session, values)
    if changes:
        _tell_session(actor, session, "changed")
    return changes


def cancel_session(actor, session: ClassSession, reason: str) -> ClassSession:
    """``actor`` cancels ``session`` with a reason; the group's members are told."""
    _check_session(actor, session)
    reason = clean_text(reason, "reason", LONGEST_REASON, required=True)
    _apply(session, {"cancelled_at": utcnow(), "cancel_reason": reason})
    _tell_session(actor, session, "cancelled")
    return session
