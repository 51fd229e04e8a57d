"""Reads of the chat: a room's history (before or after a message id), rooms with unread counts."""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from dclic.chat.models import ChatMessage, ChatRead
from dclic.chat.rooms import Room, labels, member_rooms
from dclic.core.db import db

REPLAY = 200  # messages sent at most to a client catching up after a disconnection
HISTORY = 30  # messages per page of the no-JavaScript history
ROOMS_PER_PAGE = 20


def messages_after(key: str, after: int, limit: int = REPLAY) -> tuple[list[ChatMessage], bool]:
    """The messages of room ``key`` newer than id ``after``, oldest first: at most the newest
    ``limit``, and whether older ones were left out."""
    rows = list(
        db.session.scalars(
            sa.select(ChatMessage)
            .options(joinedload(ChatMessage.author).lazyload("*"))
            .where(ChatMessage.room == key, ChatMessage.id > max(after, 0))
            .order_by(ChatMessage.id.desc())
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return rows, more


def messages_before(key: str, before: int | None, limit: int = HISTORY):
    """One page of the history of room ``key``: the ``limit`` messages before id ``before``
    (the newest without it), oldest first, and whether older ones exist."""
    statement = (
        sa.select(ChatMessage)
        .options(joinedload(ChatMessage.author).lazyload("*"))
        .where(ChatMessage.room == key)
    )
    if before:
        statement = statement.where(ChatMessage.id < before)
    rows = list(db.session.scalars(statement.order_by(ChatMessage.id.desc()).limit(limit + 1)))
    older = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return rows, older


def last_read_id(user, key: str) -> int:
    read = db.session.get(ChatRead, (user.id, key))
    return read.last_read_id if read else 0


def unread_counts(user, keys: list[str]) -> dict[str, int]:
    """``{key: messages by others not yet seen by user}`` for ``keys`` (one query)."""
    if not keys:
        return {}
    read = aliased(ChatRead)
    rows = db.session.execute(
        sa.select(ChatMessage.room, sa.func.count())
        .outerjoin(read, sa.and_(read.room == ChatMessage.room, read.user_id == user.id))
        .where(
            ChatMessage.room.in_(keys),
            ChatMessage.deleted_at.is_(None),
            sa.or_(ChatMessage.author_id.is_(None), ChatMessage.author_id != user.id),
            ChatMessage.id > sa.func.coalesce(read.last_read_id, 0),
        )
        .group_by(ChatMessage.room)
    )
    return dict(rows.all())


@dataclass
class RoomEntry:
    """One line of the room list."""

    room: Room
    name: str
    unread: int

    @property
    def key(self) -> str:
        return self.room.key


@dataclass
class RoomPage:
    items: list[RoomEntry]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def list_rooms(user, page: int = 1, per_page: int = ROOMS_PER_PAGE) -> RoomPage:
    """The rooms ``user`` belongs to, by kind, one page of them, named, with unread counts
    (a fixed number of queries)."""
    rooms = member_rooms(user)
    chosen = rooms[(page - 1) * per_page : page * per_page]
    names = labels(chosen, user)
    unread = unread_counts(user, [r.key for r in chosen])
    items = [RoomEntry(r, names[r.key], unread.get(r.key, 0)) for r in chosen]
    return RoomPage(items, page, per_page, len(rooms))
