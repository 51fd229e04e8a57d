"""Chat rooms and who may be in them: the one place the chat asks "may this person join?".

A room is named by a key: ``course:<id>`` (people with an active enrolment in the course, its
mentors and the people holding a role in it), ``group:<id>`` (members and people holding a
role in the group), ``pair:<mentor>:<learner>`` (a learner and one of the mentors named on
their active enrolments) and ``dm:<a>:<b>`` with ``a < b`` (two people of whom one may write
privately to the other, :func:`~dclic.accounts.permissions.can_message`). Holders of
``chat.moderate`` also enter course and group rooms, never private ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from dclic.accounts.models import Group, GroupMember, RoleAssignment, User
from dclic.accounts.permissions import can_message
from dclic.chat.permissions import can_moderate_everywhere
from dclic.core.db import db, get_by_id
from dclic.courses.models import Course
from dclic.learning.models import Enrolment
from dclic.mentoring.permissions import is_mentor_of

KINDS = ("course", "group", "pair", "dm")
_KEY = re.compile(
    r"^(course|group):([1-9][0-9]{0,9})$|^(pair|dm):([1-9][0-9]{0,9}):([1-9][0-9]{0,9})$"
)


@dataclass(frozen=True)
class Room:
    """A parsed room key."""

    kind: str
    ids: tuple[int, ...]

    @property
    def key(self) -> str:
        return ":".join((self.kind, *map(str, self.ids)))

    def other(self, user_id: int) -> int | None:
        """In a pair or a direct conversation, the person who is not ``user_id``."""
        if self.kind not in ("pair", "dm") or user_id not in self.ids:
            return None
        first, second = self.ids
        return second if user_id == first else first


def parse_room(key) -> Room | None:
    """The room named by ``key``, or None for anything that is not a well-formed key."""
    if not isinstance(key, str):
        return None
    found = _KEY.match(key)
    if found is None:
        return None
    if found.group(1):
        return Room(found.group(1), (int(found.group(2)),))
    kind, first, second = found.group(3), int(found.group(4)), int(found.group(5))
    if first == second or (kind == "dm" and first > second):
        return None
    return Room(kind, (first, second))


def direct_room(a_id: int, b_id: int) -> Room:
    """The direct-message room of two people."""
    return Room("dm", tuple(sorted((a_id, b_id))))


def _signed_in(user) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.deleted_at is None
    )


def _exists(query) -> bool:
    return db.session.scalar(query.limit(1)) is not None


def _holds_role_in(user, context_type: str, context_id: int) -> bool:
    return _exists(
        sa.select(RoleAssignment.id).where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.context_type == context_type,
            RoleAssignment.context_id == context_id,
        )
    )


def _in_course(user, course_id: int) -> bool:
    if get_by_id(Course, course_id) is None:
        return False
    follows = sa.select(Enrolment.id).where(
        Enrolment.course_id == course_id,
        Enrolment.status == "active",
        sa.or_(Enrolment.user_id == user.id, Enrolment.mentor_id == user.id),
    )
    return (
        _exists(follows)
        or _holds_role_in(user, "course", course_id)
        or can_moderate_everywhere(user)
    )


def _in_group(user, group_id: int) -> bool:
    if get_by_id(Group, group_id) is None:
        return False
    member = sa.select(GroupMember.user_id).where(
        GroupMember.group_id == group_id, GroupMember.user_id == user.id
    )
    return (
        _exists(member) or _holds_role_in(user, "group", group_id) or can_moderate_everywhere(user)
    )


def _person(user_id: int) -> User | None:
    person = get_by_id(User, user_id)
    return person if person is not None and _signed_in_account(person) else None


def _signed_in_account(person: User) -> bool:
    return person.is_active and person.deleted_at is None


def can_join(user, room: Room | str | None) -> bool:
    """May ``user`` read and write in ``room``? Asked on join, on every send and by every page."""
    if isinstance(room, str):
        room = parse_room(room)
    if room is None or not _signed_in(user):
        return False
    if room.kind == "course":
        return _in_course(user, room.ids[0])
    if room.kind == "group":
        return _in_group(user, room.ids[0])
    other = _person(room.other(user.id)) if room.other(user.id) else None
    if other is None:
        return False
    if room.kind == "pair":
        mentor, learner = (user, other) if room.ids[0] == user.id else (other, user)
        return is_mentor_of(mentor, learner)
    return can_message(user, other) or can_message(other, user)


def member_rooms(user) -> list[Room]:
    """The rooms ``user`` belongs to (not those a moderator may merely enter), by kind."""
    active = sa.select(Enrolment).where(Enrolment.status == "active")
    roles = sa.select(RoleAssignment.context_type, RoleAssignment.context_id).where(
        RoleAssignment.user_id == user.id, RoleAssignment.context_type.in_(("course", "group"))
    )
    held = {(kind, ident) for kind, ident in db.session.execute(roles)}
    courses = set(
        db.session.scalars(
            active.with_only_columns(Enrolment.course_id).where(
                Enrolment.course_id.is_not(None),
                sa.or_(Enrolment.user_id == user.id, Enrolment.mentor_id == user.id),
            )
        )
    ) | {ident for kind, ident in held if kind == "course"}
    groups = set(
        db.session.scalars(sa.select(GroupMember.group_id).where(GroupMember.user_id == user.id))
    ) | {ident for kind, ident in held if kind == "group"}
    pairs = set()
    for learner_id, mentor_id in db.session.execute(
        active.with_only_columns(Enrolment.user_id, Enrolment.mentor_id).where(
            Enrolment.mentor_id.is_not(None),
            Enrolment.user_id != Enrolment.mentor_id,
            sa.or_(Enrolment.user_id == user.id, Enrolment.mentor_id == user.id),
        )
    ):
        pairs.add((mentor_id, learner_id))
    rooms = [Room("course", (i,)) for i in sorted(courses)]
    rooms += [Room("group", (i,)) for i in sorted(groups)]
    rooms += [Room("pair", p) for p in sorted(pairs)]
    rooms += [r for r in map(parse_room, _direct_keys(user)) if r is not None]
    return rooms


def _direct_keys(user) -> list[str]:
    from dclic.chat.models import ChatMessage

    return sorted(
        db.session.scalars(
            sa.select(ChatMessage.room)
            .where(
                sa.or_(
                    ChatMessage.room.like(f"dm:{user.id}:%"),
                    ChatMessage.room.like(f"dm:%:{user.id}"),
                )
            )
            .distinct()
        )
    )


def labels(rooms: list[Room], viewer) -> dict[str, str]:
    """``{key: name}`` of ``rooms`` as ``viewer`` sees them (three queries at most)."""
    wanted = {kind: set() for kind in KINDS}
    for room in rooms:
        if room.kind in ("course", "group"):
            wanted[room.kind].add(room.ids[0])
        else:
            wanted["dm"].update(room.ids)
    courses = _names(Course.id, Course.title, wanted["course"])
    groups = _names(Group.id, Group.name, wanted["group"])
    people = _names(User.id, User.display_name, wanted["dm"])
    found = {}
    for room in rooms:
        if room.kind == "course":
            found[room.key] = courses.get(room.ids[0], "?")
        elif room.kind == "group":
            found[room.key] = groups.get(room.ids[0], "?")
        elif room.kind == "pair" and viewer.id not in room.ids:
            found[room.key] = " · ".join(people.get(i, "?") for i in room.ids)
        else:
            found[room.key] = people.get(room.other(viewer.id), "?")
    return found


def _names(id_column, name_column, ids) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(sa.select(id_column, name_column).where(id_column.in_(ids)))
    return dict(rows.all())
