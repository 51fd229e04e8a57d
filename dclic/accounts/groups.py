"""Groups of people and roles held within a context (a group, a course, a path).

A mentor given the mentor role *in group G* follows G's learners and nobody else's; given
it as a site role, they follow everyone. Groups and assignments are managed by holders of
``group.manage``; every change is audited (members and assignments are models).
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

from dclic.accounts import queries
from dclic.accounts.models import (
    CONTEXT_TYPES,
    ROLE_CODES,
    Group,
    GroupMember,
    RoleAssignment,
    User,
)
from dclic.accounts.rights import has_capability, register_context_type, require
from dclic.core.db import db, get_by_id
from dclic.core.errors import Conflict, Invalid, NotFound
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare

GROUP_MANAGE = declare(
    "group.manage",
    _l("Create groups, choose their members and give roles within a group"),
    ("pedagogical_admin", "admin"),
)
PROGRESS_VIEW = declare(
    "progress.view",
    _l("Follow learners' progress (everyone's as a site role, a group's as a role in that group)"),
    ("mentor", "trainer", "pedagogical_admin", "admin"),
)


def _live(user: User) -> None:
    if user.deleted_at is not None:
        raise Invalid(errors={"learner_code": [_("This account is deleted.")]})


def create_group(actor, name: str, description: str = "") -> Group:
    require(actor, "group.manage")
    name = " ".join((name or "").split())
    if any(
        unicodedata.category(ch) == "Cc"
        for ch in name + (description or "").replace("\n", "").replace("\r", "")
    ):
        raise Invalid(errors={"name": [_("Remove the control characters.")]})
    if not 1 <= len(name) <= 120:
        raise Invalid(errors={"name": [_("Give a name of 1 to %(n)d characters.", n=120)]})
    if db.session.scalar(sa.select(Group).where(Group.name == name)) is not None:
        raise Conflict(errors={"name": [_("A group already has this name.")]})
    group = Group(name=name, description=(description or "").strip()[:2000])
    db.session.add(group)
    db.session.flush()
    return group


def get_group(group_id) -> Group:
    group = get_by_id(Group, group_id)
    if group is None:
        raise NotFound()
    return group


def group_choices() -> list[tuple[int, str]]:
    """``(id, name)`` of every group, by name (for the lists of the administration)."""
    return [
        tuple(row)
        for row in db.session.execute(sa.select(Group.id, Group.name).order_by(Group.name))
    ]


def add_member(actor, group: Group, user: User) -> GroupMember:
    require(actor, "group.manage")
    _live(user)
    existing = db.session.get(GroupMember, (group.id, user.id))
    if existing is not None:
        return existing
    member = GroupMember(group_id=group.id, user_id=user.id)
    db.session.add(member)
    db.session.flush()
    return member


def remove_member(actor, group: Group, user: User) -> None:
    require(actor, "group.manage")
    member = db.session.get(GroupMember, (group.id, user.id))
    if member is not None:
        db.session.delete(member)
        db.session.flush()


def members(group: Group) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(GroupMember, GroupMember.user_id == User.id)
            .where(GroupMember.group_id == group.id)
            .order_by(User.display_name)
        )
    )


def assign_role(
    actor, user: User, role_code: str, context_type: str, context_id: int
) -> RoleAssignment:
    """Give ``user`` a role within one context only."""
    require(actor, "group.manage")
    _live(user)
    if role_code not in ROLE_CODES:
        raise Invalid(errors={"role": [_("Unknown role.")]})
    if context_type not in CONTEXT_TYPES:
        raise Invalid(errors={"context_type": [_("Unknown kind of context.")]})
    if context_type == "group":
        get_group(context_id)
    role = queries.get_role(role_code)
    if role is None:
        from dclic.accounts.services import ensure_default_roles

        ensure_default_roles()
        role = queries.get_role(role_code)
    existing = db.session.scalar(
        sa.select(RoleAssignment).where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.role_id == role.id,
            RoleAssignment.context_type == context_type,
            RoleAssignment.context_id == context_id,
        )
    )
    if existing is not None:
        return existing
    assignment = RoleAssignment(
        user_id=user.id, role_id=role.id, context_type=context_type, context_id=context_id
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def unassign_role(actor, assignment: RoleAssignment) -> None:
    require(actor, "group.manage")
    db.session.delete(assignment)
    db.session.flush()


def groups_of(user: User) -> list[Group]:
    return list(
        db.session.scalars(
            sa.select(Group)
            .join(GroupMember, GroupMember.group_id == Group.id)
            .where(GroupMember.user_id == user.id)
            .order_by(Group.name)
        )
    )


def can_follow(viewer, learner: User) -> bool:
    """May ``viewer`` follow ``learner``'s progress: everyone's, or that of a group's members?"""
    if has_capability(viewer, "progress.view"):
        return True
    return any(has_capability(viewer, "progress.view", ("group", g.id)) for g in groups_of(learner))


def group_names(ids) -> dict[int, str]:
    """``{id: name}`` of the groups with these ids (for the rights pages)."""
    rows = db.session.execute(sa.select(Group.id, Group.name).where(Group.id.in_(list(ids))))
    return {row[0]: row[1] for row in rows}


register_context_type("group", group_names)
