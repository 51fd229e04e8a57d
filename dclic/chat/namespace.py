"""The chat's Socket.IO events (default namespace): join, leave, message, typing, delete.

Flask-SocketIO runs no ``before_request`` hook for an event, so each handler sets the
locale itself, commits once, and answers through the acknowledgement: ``{"ok": True, …}`` or
``{"ok": False, "error": "<localized text>", "errors": {field: […]}}``, never an exception.
See docs/chat.md for the protocol.
"""

from __future__ import annotations

import functools
import logging
import threading
import time

from flask import g, request
from flask_login import current_user
from flask_socketio import SocketIO, emit, join_room, leave_room, rooms
from sqlalchemy.exc import OperationalError

from dclic.accounts.models import User
from dclic.accounts.sessions import mark_seen, session_is_current
from dclic.chat import queries, services
from dclic.chat.presence import presence
from dclic.core.db import db
from dclic.core.errors import DomainError
from dclic.core.i18n import gettext as _

log = logging.getLogger("dclic.chat")
TYPING_EVERY = 3.0  # seconds between two typing signals of one socket in one room
_typing_seen: dict[tuple[str, str], float] = {}
_typing_lock = threading.Lock()


def _event(handler):
    """Run ``handler(data)`` as the signed-in user; turn refusals into an error acknowledgement."""

    @functools.wraps(handler)
    def wrapper(data=None):
        if not current_user.is_authenticated:
            return {"ok": False, "error": _("Please sign in again.")}
        if not session_is_current():
            return {"ok": False, "error": _("Your session has expired. Please sign in again.")}
        mark_seen()
        g.user_locale = current_user.locale
        g.audit_user = current_user._get_current_object()
        try:
            return _committed(handler, data if isinstance(data, dict) else {})
        except DomainError as exc:
            db.session.rollback()
            failure = {"ok": False, "error": str(exc.message or _("This cannot be done."))}
            if exc.errors:
                failure["errors"] = {k: [str(m) for m in v] for k, v in exc.errors.items()}
            return failure
        except Exception:
            db.session.rollback()
            log.exception("chat event failed", extra={"event": handler.__name__})
            return {"ok": False, "error": _("Something went wrong on our side. Please try again.")}

    return wrapper


def _committed(handler, data: dict, attempts: int = 3):
    """Run and commit; on SQLite, try again when another writer held the lock.

    An HTTP request that may write begins SQLite's transaction IMMEDIATE (see
    :mod:`dclic.core.db`); a socket event is seen as the GET of its handshake, so its write
    upgrades a read transaction, which SQLite refuses at once while another write is under
    way. PostgreSQL never needs this.
    """
    for attempt in range(attempts):
        try:
            answer = handler(data)
            db.session.commit()
            return answer
        except OperationalError as exc:
            db.session.rollback()
            if "database is locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None  # not reached


def _whole_number(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _people(ids: set[int]) -> list[dict]:
    if not ids:
        return []
    found = db.session.execute(
        db.select(User.id, User.display_name).where(User.id.in_(ids)).order_by(User.display_name)
    )
    return [{"id": i, "name": name} for i, name in found]


@_event
def on_join(data):
    """Enter a room and catch up: the messages after ``after``, and who is there."""
    room = services.require_room(current_user, data.get("room"))
    socket_room = services.socket_room(room.key)
    join_room(socket_room)
    store = presence()
    already = current_user.id in store.users(room.key)
    store.add(room.key, request.sid, current_user.id)
    if not already:
        me = {"id": current_user.id, "name": current_user.display_name}
        emit("presence", {"room": room.key, "user": me, "state": "in"}, to=socket_room,
             include_self=False)  # fmt: skip
    missed, more = queries.messages_after(room.key, _whole_number(data.get("after")))
    if missed:
        services.mark_read(current_user, room.key, missed[-1].id)
    return {
        "ok": True,
        "room": room.key,
        "me": current_user.id,
        "messages": [services.as_event(m) for m in missed],
        "more": more,
        "present": _people(store.users(room.key)),
    }


def _leave(key: str, sid: str) -> None:
    user_id = presence().remove(key, sid)
    with _typing_lock:
        _typing_seen.pop((sid, key), None)
    if user_id is not None:
        emit("presence", {"room": key, "user": {"id": user_id}, "state": "out"},
             to=services.socket_room(key), include_self=False, namespace="/")  # fmt: skip


@_event
def on_leave(data):
    key = data.get("room")
    if not isinstance(key, str) or services.socket_room(key) not in rooms():
        return {"ok": True}
    leave_room(services.socket_room(key))
    _leave(key, request.sid)
    return {"ok": True}


@_event
def on_message(data):
    """Post a message; the acknowledgement carries it as stored (and a retry gets it again)."""
    message, _created = services.post_message(
        current_user, data.get("room"), data.get("body"), data.get("client_id")
    )
    return {"ok": True, "message": services.as_event(message)}


@_event
def on_typing(data):
    """Tell the others of a room that this person is typing (throttled, never stored)."""
    key = data.get("room")
    if not isinstance(key, str) or services.socket_room(key) not in rooms():
        return {"ok": False, "error": _("Join the room first.")}
    now = time.monotonic()
    with _typing_lock:
        if now - _typing_seen.get((request.sid, key), 0.0) < TYPING_EVERY:
            return {"ok": True}
        _typing_seen[(request.sid, key)] = now
    who = {"id": current_user.id, "name": current_user.display_name}
    emit("typing", {"room": key, "user": who}, to=services.socket_room(key), include_self=False)
    return {"ok": True}


@_event
def on_read(data):
    """Remember the newest message this person has seen in a room."""
    services.mark_read(current_user, data.get("room"), _whole_number(data.get("id")))
    return {"ok": True}


@_event
def on_delete(data):
    """Delete a message for everyone (its author or a moderator); the room is told."""
    message = services.delete_message(current_user, _whole_number(data.get("id")))
    return {"ok": True, "id": message.id}


def on_disconnect(reason=None):
    for name in rooms():
        if name.startswith("chat:"):
            _leave(name.removeprefix("chat:"), request.sid)


def init_app(socketio: SocketIO) -> None:
    """Register the chat's events on the default namespace."""
    for event, handler in (
        ("join", on_join),
        ("leave", on_leave),
        ("message", on_message),
        ("typing", on_typing),
        ("read", on_read),
        ("delete", on_delete),
        ("disconnect", on_disconnect),
    ):
        socketio.on_event(event, handler, namespace="/")
