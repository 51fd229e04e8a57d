"""Who is in a room now: one entry per open socket, shared by every process through Redis.

With ``REDIS_URL`` each room has a Redis hash ``<prefix>:chat:presence:<room>`` mapping a
socket id to its user id, kept a day after its last change so that the sockets of a crashed
process do not linger for ever; without it, a dict in this process (one process: nothing to
share). Kept cheap: one write on join, leave and disconnection, one read on join.
"""

from __future__ import annotations

import threading

from flask import current_app

TTL = 24 * 3600  # seconds a room's presence outlives its last change
_KEY = "dclic_chat_presence"


class MemoryPresence:
    """Presence in this process only."""

    def __init__(self):
        self._rooms: dict[str, dict[str, int]] = {}
        self._lock = threading.Lock()

    def add(self, room: str, sid: str, user_id: int) -> None:
        with self._lock:
            self._rooms.setdefault(room, {})[sid] = user_id

    def remove(self, room: str, sid: str) -> int | None:
        """Forget socket ``sid`` in ``room``; the user id if none of their sockets remains."""
        with self._lock:
            sockets = self._rooms.get(room, {})
            user_id = sockets.pop(sid, None)
            if not sockets:
                self._rooms.pop(room, None)
            return user_id if user_id is not None and user_id not in sockets.values() else None

    def users(self, room: str) -> set[int]:
        with self._lock:
            return set(self._rooms.get(room, {}).values())


class RedisPresence:
    """Presence shared by every process through Redis."""

    def __init__(self, url: str, prefix: str):
        from redis import Redis

        self._redis = Redis.from_url(url)
        self._prefix = f"{prefix}:chat:presence:"

    def add(self, room: str, sid: str, user_id: int) -> None:
        key = self._prefix + room
        self._redis.pipeline().hset(key, sid, user_id).expire(key, TTL).execute()

    def remove(self, room: str, sid: str) -> int | None:
        key = self._prefix + room
        user_id, _, remaining = (
            self._redis.pipeline().hget(key, sid).hdel(key, sid).hvals(key).execute()
        )
        if user_id is None or user_id in remaining:
            return None
        return int(user_id)

    def users(self, room: str) -> set[int]:
        return {int(v) for v in self._redis.hvals(self._prefix + room)}


def presence():
    """The presence store of the current app."""
    app = current_app._get_current_object()
    store = app.extensions.get(_KEY)
    if store is None:
        url = app.config["REDIS_URL"]
        prefix = app.config["RATELIMIT_KEY_PREFIX"]
        store = RedisPresence(url, prefix) if url else MemoryPresence()
        app.extensions[_KEY] = store
    return store
