"""Who may read, write in, moderate and manage the forums: one read rule for everything.

:func:`readable` is the only definition of who reads a forum, as an SQL condition; pages,
search, subscriptions, the API and the file read rule all go through it, so a thread, a search
hit, an attachment or a mail never reaches someone who may not read the forum.

- community forums: every signed-in, active account;
- a course's forum: people following the course (an enrolment in it, or in a path holding it,
  active or completed), the mentor named on one of its enrolments, and whoever holds a role
  within the course (its mentors, trainers, editors);
- a group's forum: its members and whoever holds a role within the group;
- site moderators (``forum.moderate`` as a site role) read every forum.

Writing takes reading; moderating takes ``forum.moderate`` (site-wide, or as a role in the
course or group), or ``forum.moderate_context`` held through a role within the course or
group (mentors and trainers moderate their own course's forum by default).
"""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts.models import GroupMember, Role, RoleAssignment
from dclic.accounts.rights import context_roles, has_capability, role_holds
from dclic.core.db import db
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.courses.models import PathCourse
from dclic.files.permissions import read_rule
from dclic.forums.models import Forum, ForumAttachment, ForumPost, ForumThread
from dclic.learning.models import Enrolment
from dclic.learning.progress import FOLLOWED

FORUM_MODERATE = declare(
    "forum.moderate",
    _l(
        "Moderate the forums: hide, edit, lock, pin, move and delete, handle reports "
        "(every forum as a site role, a course's or group's as a role there)"
    ),
    ("moderator", "admin"),
)
FORUM_MODERATE_CONTEXT = declare(
    "forum.moderate_context",
    _l("Moderate the forum of a course or group where one holds this role"),
    ("mentor", "trainer"),
)
FORUM_MANAGE = declare(
    "forum.manage",
    _l("Create and arrange the community forums and their categories"),
    ("admin",),
)


def _active(user) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.deleted_at is None
    )


def _followed_courses(user):
    """Ids of the courses ``user`` follows or mentors (a subquery)."""
    direct = sa.select(Enrolment.course_id).where(
        Enrolment.user_id == user.id,
        Enrolment.course_id.is_not(None),
        Enrolment.status.in_(FOLLOWED),
    )
    through_paths = (
        sa.select(PathCourse.course_id)
        .join(Enrolment, Enrolment.path_id == PathCourse.path_id)
        .where(Enrolment.user_id == user.id, Enrolment.status.in_(FOLLOWED))
    )
    mentored = sa.select(Enrolment.course_id).where(
        Enrolment.mentor_id == user.id, Enrolment.course_id.is_not(None)
    )
    mentored_paths = (
        sa.select(PathCourse.course_id)
        .join(Enrolment, Enrolment.path_id == PathCourse.path_id)
        .where(Enrolment.mentor_id == user.id)
    )
    return sa.union(direct, through_paths, mentored, mentored_paths)


def readable(user, kind=Forum.kind, context_id=Forum.context_id):
    """The SQL condition "``user`` may read the forum of ``kind`` and ``context_id``".

    By default about the ``forums`` row of the statement; with literal values (``"course"``,
    ``3``) about a forum that may not exist yet.
    """
    if not _active(user):
        return sa.false()
    if has_capability(user, "forum.moderate"):
        return sa.true()
    kind = kind if hasattr(kind, "__clause_element__") else sa.literal(kind)
    context_id = context_id if hasattr(context_id, "__clause_element__") else sa.literal(context_id)
    groups = sa.select(GroupMember.group_id).where(GroupMember.user_id == user.id)
    role_there = (
        sa.select(RoleAssignment.id)
        .where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.context_type == kind,
            RoleAssignment.context_id == context_id,
        )
        .exists()
    )
    return sa.or_(
        kind == "community",
        sa.and_(kind == "course", context_id.in_(_followed_courses(user))),
        sa.and_(kind == "group", context_id.in_(groups.scalar_subquery())),
        sa.and_(kind.in_(("course", "group")), role_there),
    )


def can_read_context(user, kind: str, context_id: int | None) -> bool:
    """May ``user`` read the forum of this context (one query; it may not exist yet)?"""
    if kind not in ("community", "course", "group"):
        return False
    return bool(db.session.scalar(sa.select(readable(user, kind, context_id))))


def can_read_forum(user, forum: Forum) -> bool:
    return can_read_context(user, forum.kind, forum.context_id)


def can_write_forum(user, forum: Forum) -> bool:
    """Writing takes reading: the same people."""
    return can_read_forum(user, forum)


def can_moderate(user, forum: Forum) -> bool:
    """May ``user`` moderate ``forum`` (site-wide or through a role in its course or group)?"""
    if not _active(user):
        return False
    if forum.context is None:
        return has_capability(user, "forum.moderate")
    if has_capability(user, "forum.moderate", forum.context):
        return True
    return any(
        role_holds(code, "forum.moderate_context") for code in context_roles(user, forum.context)
    )


def can_moderate_anywhere(user) -> bool:
    """Does ``user`` moderate at least one forum (the link to the moderation queue)?"""
    if not _active(user):
        return False
    if has_capability(user, "forum.moderate"):
        return True
    return bool(moderated_contexts(user))


def moderated_contexts(user) -> list[tuple[str, int]]:
    """The courses and groups whose forum ``user`` moderates through a role there."""
    if not _active(user):
        return []
    rows = db.session.execute(
        sa.select(RoleAssignment.context_type, RoleAssignment.context_id, Role.code)
        .join(Role, Role.id == RoleAssignment.role_id)
        .where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.context_type.in_(("course", "group")),
        )
    )
    return sorted(
        {
            (kind, context_id)
            for kind, context_id, code in rows
            if role_holds(code, "forum.moderate") or role_holds(code, "forum.moderate_context")
        }
    )


def moderated(user):
    """The SQL condition "``user`` moderates the forum of the statement"."""
    if not _active(user):
        return sa.false()
    if has_capability(user, "forum.moderate"):
        return sa.true()
    contexts = moderated_contexts(user)
    if not contexts:
        return sa.false()
    return sa.or_(*(sa.and_(Forum.kind == kind, Forum.context_id == cid) for kind, cid in contexts))


def can_manage(user) -> bool:
    return has_capability(user, "forum.manage")


@read_rule
def _forum_attachment(user, stored_file) -> bool | None:
    """A file attached to a forum post: readable by those who may read the thread (and see
    the post), refused to everybody else. No opinion on other files (one query)."""
    row = db.session.execute(
        sa.select(Forum.kind, Forum.context_id, ForumPost.status, ForumPost.author_id)
        .select_from(ForumAttachment)
        .join(ForumPost, ForumPost.id == ForumAttachment.post_id)
        .join(ForumThread, ForumThread.id == ForumPost.thread_id)
        .join(Forum, Forum.id == ForumThread.forum_id)
        .where(ForumAttachment.file_id == stored_file.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    kind, context_id, status, author_id = row
    if user is None or not can_read_context(user, kind, context_id):
        return False
    if status == "visible" or user.id == author_id:
        return True
    return can_moderate(user, Forum(kind=kind, context_id=context_id))
