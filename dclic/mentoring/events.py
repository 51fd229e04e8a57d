"""Shared agendas: events posted on a course, a path or a group by holders of ``agenda.post``
(site-wide, or as a role in that course, path or group); shown in the agendas and calendar
feeds of the people with an active enrolment in the course or path, or members of the group.

Who sees an event is decided when one looks (no invitation rows), in one query.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dclic.accounts.models import Group, GroupMember, RoleAssignment
from dclic.accounts.rights import has_capability, role_holds
from dclic.core.db import db, get_by_id
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.courses.models import Course, LearningPath
from dclic.learning.models import Enrolment
from dclic.mentoring.outreach_models import AGENDA_CONTEXTS, AgendaEvent
from dclic.mentoring.validation import clean_text, invalid

AGENDA_POST = declare(
    "agenda.post",
    _l("Post events on the shared agenda of a course, a path or a group"),
    ("mentor", "trainer", "editor", "pedagogical_admin", "admin"),
)
LONGEST_EVENT = timedelta(hours=12)
CONTEXT_MODELS = {"course": Course, "path": LearningPath, "group": Group}
SHOWN_CHOICES = 10  # contexts offered at most per type; a search narrows them


def can_post_event(user, context_type: str, context_id: int) -> bool:
    return context_type in AGENDA_CONTEXTS and has_capability(
        user, "agenda.post", (context_type, context_id)
    )


def post_event(
    actor, context_type: str, context_id, title: str, starts_at: datetime, ends_at: datetime,
    place: str = "",
) -> AgendaEvent:  # fmt: skip
    """``actor`` posts an event on the agenda of a course, path or group."""
    model = CONTEXT_MODELS.get(context_type)
    target = get_by_id(model, context_id) if model is not None else None
    if target is None:
        raise NotFound(_("This course, path or group does not exist."))
    if not can_post_event(actor, context_type, target.id):
        raise NotAllowed(_("You may not post on this agenda."))
    title = clean_text(title, "title", 200, required=True)
    if not starts_at < ends_at:
        raise invalid("end", _("The end must come after the start."))
    if ends_at - starts_at > LONGEST_EVENT:
        raise invalid("end", _("An event lasts %(n)d hours at most.", n=12))
    event = AgendaEvent(
        context_type=context_type,
        context_id=target.id,
        author_id=actor.id,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=clean_text(place, "place", 500),
    )
    db.session.add(event)
    db.session.flush()
    return event


def _visible_to(user):
    active = sa.select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.status == "active")
    courses = active.with_only_columns(Enrolment.course_id).where(Enrolment.course_id.is_not(None))
    paths = active.with_only_columns(Enrolment.path_id).where(Enrolment.path_id.is_not(None))
    member_of = sa.select(GroupMember.group_id).where(GroupMember.user_id == user.id)
    return sa.or_(
        sa.and_(
            AgendaEvent.context_type == "course",
            AgendaEvent.context_id.in_(courses.scalar_subquery()),
        ),
        sa.and_(
            AgendaEvent.context_type == "path", AgendaEvent.context_id.in_(paths.scalar_subquery())
        ),
        sa.and_(
            AgendaEvent.context_type == "group",
            AgendaEvent.context_id.in_(member_of.scalar_subquery()),
        ),
        AgendaEvent.author_id == user.id,
    )


def can_see_event(user, event: AgendaEvent) -> bool:
    """Is ``event`` on ``user``'s agenda (enrolled, member or author)? One query."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(
        db.session.scalar(
            sa.select(sa.literal(True)).where(AgendaEvent.id == event.id, _visible_to(user))
        )
    )


def list_events_for(
    user, since: datetime, until: datetime | None = None, *, cancelled: bool = False,
    limit: int = 200,
) -> list[AgendaEvent]:  # fmt: skip
    """The shared-agenda events ``user`` sees (enrolled, member or author) ending after
    ``since`` (and starting before ``until``), by start (one query); cancelled ones only
    when ``cancelled`` (the calendar feed, so calendars remove them)."""
    statement = sa.select(AgendaEvent).where(_visible_to(user), AgendaEvent.ends_at > since)
    if until is not None:
        statement = statement.where(AgendaEvent.starts_at < until)
    if not cancelled:
        statement = statement.where(AgendaEvent.cancelled_at.is_(None))
    return list(
        db.session.scalars(
            statement.options(joinedload(AgendaEvent.author).lazyload("*"))
            .order_by(AgendaEvent.starts_at, AgendaEvent.id)
            .limit(limit)
        )
    )


def may_post_somewhere(user) -> bool:
    """Does ``user`` hold ``agenda.post`` site-wide or in at least one context?"""
    if has_capability(user, "agenda.post"):
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return any(
        a.context_type in AGENDA_CONTEXTS and role_holds(a.role.code, "agenda.post")
        for a in db.session.scalars(
            sa.select(RoleAssignment).where(RoleAssignment.user_id == user.id)
        )
    )


def _wanted(user) -> dict[str, list[int] | None]:
    """Per type, the ids where ``user`` may post (``None``: all, a site-wide holder)."""
    if has_capability(user, "agenda.post"):
        return dict.fromkeys(AGENDA_CONTEXTS)
    wanted: dict[str, list[int] | None] = {kind: [] for kind in AGENDA_CONTEXTS}
    for assignment in db.session.scalars(
        sa.select(RoleAssignment).where(RoleAssignment.user_id == user.id)
    ):
        if assignment.context_type in wanted and role_holds(assignment.role.code, "agenda.post"):
            wanted[assignment.context_type].append(assignment.context_id)
    return wanted


def postable_contexts(user, search: str = "") -> tuple[list[tuple[str, str]], bool]:
    """``([("course:3", label)…], more)``: where ``user`` may post whose name contains
    ``search``, at most :data:`SHOWN_CHOICES` per type (newest first); ``more`` when some were
    left out (the page then asks to narrow the search)."""
    labels = {"course": _("Course"), "path": _("Path"), "group": _("Group")}
    text = (search or "").strip()[:100].replace("%", "").replace("_", "")
    choices, more = [], False
    for kind, ids in _wanted(user).items():
        if ids is not None and not ids:
            continue
        model = CONTEXT_MODELS[kind]
        name = model.name if kind == "group" else model.title
        statement = sa.select(model.id, name)
        if ids is not None:
            statement = statement.where(model.id.in_(ids))
        if text:
            statement = statement.where(name.ilike(f"%{text}%"))
        rows = db.session.execute(
            statement.order_by(model.id.desc()).limit(SHOWN_CHOICES + 1)
        ).all()
        more = more or len(rows) > SHOWN_CHOICES
        for row_id, label in sorted(rows[:SHOWN_CHOICES], key=lambda row: row[1]):
            choices.append((f"{kind}:{row_id}", f"{labels[kind]} · {label}"))
    return choices, more


def context_label(value: str) -> tuple[str, str] | None:
    """``("course:3", "Course · HTML")`` for a posted target, if it exists."""
    kind, _sep, raw = (value or "").partition(":")
    model = CONTEXT_MODELS.get(kind)
    found = get_by_id(model, raw) if model is not None else None
    if found is None:
        return None
    labels = {"course": _("Course"), "path": _("Path"), "group": _("Group")}
    return value, f"{labels[kind]} · {found.name if kind == 'group' else found.title}"
