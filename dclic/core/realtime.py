"""Real-time delivery over Socket.IO: each signed-in user has a private room.

On connection a signed-in browser joins ``user:<id>``; anonymous connections are refused.
Modules push to a user with :func:`emit_to_user`, which waits for the commit like mail and
jobs. Without ``REDIS_URL`` Socket.IO runs in-process; with it, every app process and job
worker shares rooms through the Redis message queue, so an event emitted anywhere reaches
the user's browser whichever node it is connected to.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app
from flask_login import current_user
from flask_socketio import SocketIO, join_room

from dclic.core.uow import after_commit

log = logging.getLogger("dclic.realtime")


def user_room(user_id: int) -> str:
    """The private room of one user."""
    return f"user:{user_id}"


def emit_to_user(user_id: int, event: str, data: dict) -> None:
    """Send ``event`` with ``data`` to every open tab of ``user_id`` once the transaction commits."""
    socketio: SocketIO = current_app.extensions["socketio"]

    def send():
        socketio.emit(event, data, to=user_room(user_id), namespace="/")

    after_commit(send)


# Checks a signed-in connection must pass (e.g. the session has not expired), added by the
# modules that own them: core knows nothing of accounts.
_connect_checks: list = []


def add_connect_check(check) -> None:
    """Refuse Socket.IO connections for which ``check()`` is false (idempotent)."""
    if check not in _connect_checks:
        _connect_checks.append(check)


def _on_connect(auth=None):
    if not current_user.is_authenticated or not all(check() for check in _connect_checks):
        return False  # refused: the client gets a connect_error
    join_room(user_room(current_user.id))
    log.debug("socket connected", extra={"user": current_user.id})
    return True


def init_app(app: Flask, socketio: SocketIO) -> None:
    """Register the connection handler of the default namespace."""
    socketio.on_event("connect", _on_connect, namespace="/")
