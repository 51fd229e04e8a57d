"""Who is acting, and from where: the request's user, or the actor a CLI command or job set."""

from __future__ import annotations

import contextlib
import getpass
from contextvars import ContextVar
from dataclasses import dataclass

from flask import g, has_request_context, request

from dclic.core.jobs import current_job


@dataclass(frozen=True)
class Actor:
    """The author of an audited action."""

    kind: str  # user, anonymous, cli, job or system
    id: int | None = None
    name: str = ""
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None


_outside_request: ContextVar[Actor | None] = ContextVar("dclic_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(actor: Actor):
    """Attribute the audited writes of the block to ``actor`` (CLI commands, jobs)."""
    token = _outside_request.set(actor)
    try:
        yield actor
    finally:
        _outside_request.reset(token)


def cli_actor(command: str) -> Actor:
    """The operator running a CLI command, by their system account."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "?"
    return Actor(kind="cli", name=f"{login} (flask {command})")


def _request_user():
    # Read what the request already loaded (never load it here: this runs during a flush).
    user = g.get("api_user") or g.get("_login_user")
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def current_actor() -> Actor:
    """The actor of the code running now."""
    actor = _outside_request.get()
    if actor is not None:
        return actor
    job = current_job.get()
    if job is not None:
        return Actor(kind="job", name=job)
    if not has_request_context():
        return Actor(kind="system", name="dclic")
    user = g.get("audit_user") or _request_user()
    agent = request.headers.get("User-Agent", "")[:300] or None
    common = {"ip": request.remote_addr, "user_agent": agent, "request_id": g.get("request_id")}
    if user is None:
        return Actor(kind="anonymous", **common)
    return Actor(kind="user", id=user.id, name=user.display_name, **common)
