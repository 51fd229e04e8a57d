"""Virtual class sessions: a mentor or trainer invites a group they follow to a video room at
a time; the members find it in their agenda and calendar feed and receive a mail; the
organizer records who attended.

The invited are the group's members at the time one looks (no invitation rows): a member who
joins later sees the sessions to come. Times are typed in the organizer's zone and stored in
UTC. The room is the link typed, else a new unguessable room on ``DCLIC_MEETING_BASE_URL``.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from dclic.accounts import groups
from dclic.accounts.models import Group, GroupMember, User
from dclic.core.db import db, get_by_id
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.learning.permissions import followed_groups
from dclic.mentoring import notifications, permissions
from dclic.mentoring.models import ClassSession, ClassSessionAttendance
from dclic.mentoring.validation import clean_text, clean_url, invalid

LONGEST_SESSION = timedelta(hours=8)


def _room(meeting_url) -> str:
    url = clean_url(meeting_url)
    if url:
        return url
    base = current_app.config.get("DCLIC_MEETING_BASE_URL")
    if not base:
        raise invalid("meeting_url", _("Give the link of the video room."))
    return f"{base}/dclic-{secrets.token_urlsafe(18)}"


def live_members(group) -> list[User]:
    """The group's members whose account is open, by name."""
    return [m for m in groups.members(group) if m.is_active and m.deleted_at is None]


def schedule_session(
    actor, group: Group, title: str, starts_at: datetime, ends_at: datetime, meeting_url=None
) -> ClassSession:
    """``actor`` invites ``group``'s members to a session; each is told after the commit."""
    if not permissions.can_schedule_session(actor, group.id):
        raise NotAllowed(_("You may schedule sessions only for a group you follow."))
    title = clean_text(title, "title", 200, required=True)
    if not starts_at < ends_at:
        raise invalid("end", _("The end must come after the start."))
    if ends_at - starts_at > LONGEST_SESSION:
        raise invalid("end", _("A session lasts %(n)d hours at most.", n=8))
    session = ClassSession(
        group_id=group.id,
        organizer_id=actor.id,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        meeting_url=_room(meeting_url),
    )
    db.session.add(session)
    db.session.flush()
    for member in live_members(group):
        if member.id != actor.id:
            notifications.invite(session, member, actor)
    return session


def can_view_session(user, session: ClassSession) -> bool:
    """The organizer, those who may schedule for the group, and the group's members."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.id == session.organizer_id or permissions.can_schedule_session(user, session.group_id):
        return True
    return db.session.get(GroupMember, (session.group_id, user.id)) is not None


def get_session(viewer, session_id) -> ClassSession:
    session = get_by_id(ClassSession, session_id)
    if session is None:
        raise NotFound(_("This session does not exist."))
    if not can_view_session(viewer, session):
        raise NotAllowed(_("You are not invited to this session."))
    return session


def can_record_attendance(user, session: ClassSession) -> bool:
    return user is not None and (
        user.id == session.organizer_id or permissions.can_schedule_session(user, session.group_id)
    )


def attendance_of(session: ClassSession) -> dict[int, bool]:
    """``{user id: present}`` as recorded (one query)."""
    rows = db.session.execute(
        sa.select(ClassSessionAttendance.user_id, ClassSessionAttendance.is_present).where(
            ClassSessionAttendance.session_id == session.id
        )
    )
    return dict(rows.all())


def record_attendance(actor, session: ClassSession, present_ids) -> dict[int, tuple]:
    """Mark each member present when their id is in ``present_ids``, absent otherwise;
    returns the changes ``{user id: (old, new)}`` (``None`` when not recorded before)."""
    if not can_record_attendance(actor, session):
        raise NotAllowed(_("Only the organizer records the attendance."))
    present = {int(i) for i in present_ids if str(i).isdigit()}
    group = groups.get_group(session.group_id)
    rows = {
        row.user_id: row
        for row in db.session.scalars(
            sa.select(ClassSessionAttendance).where(ClassSessionAttendance.session_id == session.id)
        )
    }
    changes = {}
    for member in live_members(group):
        is_present = member.id in present
        row = rows.get(member.id)
        if row is None:
            row = ClassSessionAttendance(session_id=session.id, user_id=member.id)
            db.session.add(row)
        elif row.is_present == is_present:
            continue
        changes[member.id] = (row.is_present, is_present)
        row.is_present, row.recorded_by_id = is_present, actor.id
    db.session.flush()
    return changes


def _invited(user):
    """Sessions of the groups ``user`` belongs to, or that they organize."""
    member_of = sa.select(GroupMember.group_id).where(GroupMember.user_id == user.id)
    return sa.or_(
        ClassSession.group_id.in_(member_of.scalar_subquery()),
        ClassSession.organizer_id == user.id,
    )


def list_sessions_for(
    user, since: datetime, until: datetime | None = None, *, cancelled: bool = False
) -> list[ClassSession]:
    """``user``'s sessions (invited or organized) ending after ``since``, by start (one
    query, organizers loaded); cancelled ones only when ``cancelled`` (the calendar feed)."""
    statement = sa.select(ClassSession).where(_invited(user), ClassSession.ends_at > since)
    if until is not None:
        statement = statement.where(ClassSession.starts_at < until)
    if not cancelled:
        statement = statement.where(ClassSession.cancelled_at.is_(None))
    return list(
        db.session.scalars(
            statement.options(selectinload(ClassSession.organizer)).order_by(
                ClassSession.starts_at, ClassSession.id
            )
        )
    )


def schedulable_groups(user) -> list[Group]:
    """The groups ``user`` may schedule sessions for."""
    return [g for g in followed_groups(user) if permissions.can_schedule_session(user, g.id)]
