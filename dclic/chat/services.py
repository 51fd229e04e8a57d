"""Writes of the chat: post a message, delete one, remember what a person has read.

Every write asks :func:`~dclic.chat.rooms.can_join` again: an enrolment can end, a group
membership go, an account be suspended while a socket stays open.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from dclic.chat import limits, notices
from dclic.chat.models import MAX_BODY, ChatMessage, ChatRead
from dclic.chat.permissions import can_moderate
from dclic.chat.rooms import Room, can_join, direct_room, parse_room
from dclic.core.db import db, get_by_id, utcnow
from dclic.core.errors import Invalid, NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.core.uow import after_commit

MAX_CLIENT_ID = 64


def socket_room(key: str) -> str:
    """The Socket.IO room of chat room ``key`` (apart from the ``user:<id>`` rooms)."""
    return f"chat:{key}"


def broadcast(event: str, data: dict, key: str) -> None:
    """Send ``event`` to every socket in room ``key`` once the transaction commits, whichever
    process holds them (through the Redis message queue when there is one)."""
    socketio = current_app.extensions["socketio"]
    after_commit(lambda: socketio.emit(event, data, to=socket_room(key), namespace="/"))


def as_event(message: ChatMessage) -> dict:
    """A message as the socket events and the client script carry it."""
    author = message.author
    return {
        "id": message.id,
        "room": message.room,
        "author": {"id": message.author_id, "name": author.display_name if author else None},
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "deleted": message.deleted_at is not None,
    }


def require_room(actor, key) -> Room:
    """The room named ``key`` if ``actor`` may be in it; ``NotFound`` otherwise (whether it
    exists or not stays unsaid)."""
    room = parse_room(key)
    if room is None or not can_join(actor, room):
        raise NotFound(_("This chat room does not exist or is not open to you."))
    return room


def _clean_body(body) -> str:
    text = (body if isinstance(body, str) else "").replace("\r\n", "\n").strip()
    if not text:
        raise Invalid(_("Please correct the following:"), errors={"body": [_("Write a message.")]})
    if len(text) > MAX_BODY:
        raise Invalid(
            _("Please correct the following:"),
            errors={"body": [_("At most %(n)s characters.", n=MAX_BODY)]},
        )
    return text


def _clean_client_id(client_id) -> str | None:
    if client_id is None or client_id == "":
        return None
    if not isinstance(client_id, str) or len(client_id) > MAX_CLIENT_ID:
        raise Invalid(
            _("Please correct the following:"),
            errors={"client_id": [_("At most %(n)s characters.", n=MAX_CLIENT_ID)]},
        )
    return client_id


def post_message(actor, key, body, client_id=None) -> tuple[ChatMessage, bool]:
    """``actor`` writes ``body`` in room ``key``: ``(message, created)``.

    A retried send (same ``client_id`` from the same person) returns the stored message with
    ``created`` False, and counts neither against the send limit nor twice in the room.
    """
    room = require_room(actor, key)
    client_id = _clean_client_id(client_id)
    if client_id is not None:
        stored = db.session.scalar(
            sa.select(ChatMessage).where(
                ChatMessage.author_id == actor.id, ChatMessage.client_id == client_id
            )
        )
        if stored is not None:
            if stored.room != room.key:
                raise Invalid(
                    _("Please correct the following:"),
                    errors={"client_id": [_("This id is already used by another message.")]},
                )
            return stored, False
    text = _clean_body(body)
    limits.check_send(actor)
    message = ChatMessage(room=room.key, author=actor, body=text, client_id=client_id)
    db.session.add(message)
    db.session.flush()
    _remember_read(actor, room.key, message.id)
    notices.notify_absent(actor, room, message)
    broadcast("message", as_event(message), room.key)
    return message, True


def get_message(actor, message_id) -> ChatMessage:
    """A message of a room ``actor`` may be in; ``NotFound`` otherwise."""
    message = get_by_id(ChatMessage, message_id)
    if message is None or not can_join(actor, message.room):
        raise NotFound(_("This message does not exist."))
    return message


def can_delete(actor, message: ChatMessage) -> bool:
    """Its author, or a moderator of its room."""
    return message.author_id == actor.id or can_moderate(actor, parse_room(message.room))


def delete_message(actor, message_id) -> ChatMessage:
    """Delete a message for everyone: its text is erased, a trace ("deleted") stays."""
    message = get_message(actor, message_id)
    if not can_delete(actor, message):
        raise NotAllowed(_("You may not delete this message."))
    if message.deleted_at is None:
        message.deleted_at = utcnow()
        message.deleted_by_id = actor.id
        message.body = ""
        db.session.flush()
        broadcast("deleted", {"room": message.room, "id": message.id}, message.room)
    return message


def mark_read(actor, key, last_id) -> ChatRead | None:
    """``actor`` has seen room ``key`` up to message ``last_id`` (never moves backwards)."""
    room = require_room(actor, key)
    if not isinstance(last_id, int) or isinstance(last_id, bool) or last_id <= 0:
        return None
    return _remember_read(actor, room.key, last_id)


def _remember_read(actor, key: str, last_id: int) -> ChatRead:
    notices.clear(actor, key)  # seen (or answered): the next message notifies again
    read = db.session.get(ChatRead, (actor.id, key))
    if read is None:
        read = ChatRead(user_id=actor.id, room=key, last_read_id=last_id)
        db.session.add(read)
    elif read.last_read_id < last_id:
        read.last_read_id = last_id
    db.session.flush()
    return read


def open_direct(actor, learner_code) -> Room:
    """The direct-message room of ``actor`` and the person with ``learner_code``.

    A code nobody has and the code of someone ``actor`` may not write to get the same answer
    (a field error): a protected minor's code reveals nothing.
    """
    from dclic.accounts.queries import get_user_by_learner_code

    other = get_user_by_learner_code(learner_code if isinstance(learner_code, str) else "")
    room = direct_room(actor.id, other.id) if other is not None and other.id != actor.id else None
    if room is None or not can_join(actor, room):
        raise Invalid(
            _("Please correct the following:"),
            errors={"code": [_("Nobody you may write to has this learner code.")]},
        )
    return room
