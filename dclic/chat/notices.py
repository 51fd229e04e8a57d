"""Notices of private chat messages: tell the other person of a pair or direct room about a
message written while they are not in the room, once until they open it again.

One unread notice per person and room at most (a lively conversation sends one mail, not one
per line); opening the room, or writing in it, marks it read, so the next message notifies
again. Course and group rooms notify nobody.
"""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts.models import User
from dclic.chat.kinds import CHAT_MESSAGE
from dclic.chat.models import ChatMessage
from dclic.chat.presence import presence
from dclic.chat.rooms import Room
from dclic.core.db import db, get_by_id, utcnow
from dclic.core.i18n import gettext as _
from dclic.notifications.models import Notification
from dclic.notifications.services import in_language_of, notify, path_for

PRIVATE = ("pair", "dm")
EXCERPT = 200  # characters of the message quoted in the notice


def room_link(key: str) -> str:
    """The path of room ``key``'s page: the notices' link, and how they are found again."""
    return path_for("chat.room", key=key)


def _unread(user_id: int, link: str):
    return sa.select(Notification).where(
        Notification.user_id == user_id,
        Notification.kind == CHAT_MESSAGE,
        Notification.link == link,
        Notification.read_at.is_(None),
    )


def notify_absent(actor, room: Room, message: ChatMessage) -> Notification | None:
    """Tell the other person of private ``room`` about ``message`` by ``actor``, unless they
    are in the room now or still have an unread notice of it; the notice, or None."""
    if room.kind not in PRIVATE or room.other(actor.id) is None:
        return None
    other = get_by_id(User, room.other(actor.id))
    if other is None or other.id in presence().users(room.key):
        return None
    link = room_link(room.key)
    if db.session.scalar(_unread(other.id, link).limit(1)) is not None:
        return None
    with in_language_of(other):
        title = _("%(name)s wrote to you in the chat", name=actor.display_name)
    return notify(other, CHAT_MESSAGE, title, link, body=message.body[:EXCERPT])


def clear(user, key: str) -> int:
    """``user`` has seen room ``key``: mark their unread notices of it read; how many."""
    if key.partition(":")[0] not in PRIVATE:
        return 0
    unread = db.session.scalars(_unread(user.id, room_link(key))).all()
    now = utcnow()
    for notification in unread:
        notification.read_at = now
    if unread:
        db.session.flush()
    return len(unread)
