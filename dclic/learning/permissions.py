"""Who may enrol whom, follow whose progress, and preview courses.

Learners enrol themselves in published courses and free paths (no capability needed). Enrolling
*someone else* (and assigning tutored paths) takes ``enrolment.manage``: as a site role, for
everyone; as a role within a group (``("group", id)``), for that group's members only — the
same shape as ``progress.view`` and :func:`dclic.accounts.groups.can_follow`.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, has_request_context

from dclic.accounts.groups import can_follow, groups_of
from dclic.accounts.models import Group, Role, RoleAssignment
from dclic.accounts.rights import has_capability, role_holds
from dclic.core.db import db
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.courses.models import Course, CourseModule, PathCourse, Step
from dclic.courses.permissions import can_edit_courses
from dclic.files.permissions import read_rule
from dclic.learning.models import Enrolment
from dclic.learning.progress import FOLLOWED

ENROLMENT_MANAGE = declare(
    "enrolment.manage",
    _l(
        "Enrol learners in courses and paths, assign tutored paths "
        "(everyone as a site role, a group's members as a role in that group)"
    ),
    ("mentor", "trainer", "pedagogical_admin", "admin"),
)

__all__ = [
    "can_follow",
    "can_follow_group",
    "can_manage_enrolments_of",
    "can_manage_group_enrolments",
    "can_preview_courses",
    "can_withdraw",
    "followed_groups",
    "may_follow_someone",
]


def can_manage_enrolments_of(actor, learner) -> bool:
    """May ``actor`` enrol ``learner`` (or withdraw them): site-wide, or as a role in a group
    the learner belongs to?"""
    if has_capability(actor, "enrolment.manage"):
        return True
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    # Asked once per enrolment on the progress pages: the answer is kept for the request.
    cache = g.setdefault("dclic_enrolment_managers", {}) if has_request_context() else {}
    key = (actor.id, learner.id)
    if key not in cache:
        cache[key] = any(
            has_capability(actor, "enrolment.manage", ("group", group.id))
            for group in groups_of(learner)
        )
    return cache[key]


def _group_id(group: Group | int) -> int:
    return group if isinstance(group, int) else group.id


def can_manage_group_enrolments(actor, group: Group | int) -> bool:
    """May ``actor`` enrol every member of ``group`` (a group or its id) at once?"""
    return has_capability(actor, "enrolment.manage", ("group", _group_id(group)))


def can_follow_group(viewer, group: Group | int) -> bool:
    """May ``viewer`` see the progress of ``group``'s members (a group or its id)?"""
    return has_capability(viewer, "progress.view", ("group", _group_id(group)))


def can_preview_courses(user) -> bool:
    """Editors open any course in the player, in preview mode (nothing recorded)."""
    return can_edit_courses(user)


def followed_groups(user) -> list[Group]:
    """The groups whose progress ``user`` may see: every group with the site-wide right, else
    those where they hold a role with ``progress.view`` (two queries at most)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    statement = sa.select(Group).order_by(Group.name)
    if not has_capability(user, "progress.view"):
        rows = db.session.execute(
            sa.select(RoleAssignment.context_id, Role.code)
            .join(Role, Role.id == RoleAssignment.role_id)
            .where(RoleAssignment.user_id == user.id, RoleAssignment.context_type == "group")
        )
        ids = {group_id for group_id, code in rows if role_holds(code, "progress.view")}
        if not ids or not user.is_active:
            return []
        statement = statement.where(Group.id.in_(ids))
    return list(db.session.scalars(statement))


def may_follow_someone(user, groups: list[Group] | None = None) -> bool:
    """Does ``user`` follow anyone's progress (site-wide, or in at least one group)?
    ``groups``: their :func:`followed_groups`, when already known."""
    if has_capability(user, "progress.view"):
        return True
    return bool(followed_groups(user) if groups is None else groups)


@read_rule
def _file_of_a_followed_course(user, stored_file) -> bool | None:
    """Learners read the files of the steps of the published courses they follow (one
    query); editors, those of any step (a second one). No opinion on other files."""
    if user is None:
        return None
    statement = (
        sa.select(Step.id)
        .join(CourseModule, CourseModule.id == Step.module_id)
        .join(Course, Course.id == CourseModule.course_id)
        .where(Step.file_id == stored_file.id)
    )
    followed = sa.or_(
        sa.exists().where(
            Enrolment.user_id == user.id,
            Enrolment.course_id == Course.id,
            Enrolment.status.in_(FOLLOWED),
        ),
        sa.exists().where(
            Enrolment.user_id == user.id,
            Enrolment.path_id == PathCourse.path_id,
            PathCourse.course_id == Course.id,
            Enrolment.status.in_(FOLLOWED),
        ),
    )
    learner_query = statement.where(Course.status == "published", followed).limit(1)
    if db.session.scalar(learner_query) is not None:
        return True
    if can_preview_courses(user) and db.session.scalar(statement.limit(1)) is not None:
        return True
    return None


def can_withdraw(actor, enrolment: Enrolment) -> bool:
    """A learner leaves what they enrolled in themselves; an assigned enrolment is withdrawn
    by someone who manages the learner's enrolments."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if actor.id == enrolment.user_id and enrolment.mode == "self":
        return True
    return can_manage_enrolments_of(actor, enrolment.user)
