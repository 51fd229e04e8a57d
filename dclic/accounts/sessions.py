"""Session life: Flask-Login wiring, idle timeout and absolute lifetime."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from dclic.accounts import queries
from dclic.accounts.models import User
from dclic.core import realtime
from dclic.core.i18n import gettext as _
from dclic.core.settings import setting
from dclic.extensions import login

# Refresh the last-seen stamp at most once a minute: fewer cookies on slow links.
_SEEN_GRANULARITY = 60


@login.user_loader
def _load_user(session_id: str) -> User | None:
    return queries.get_user_by_session_id(session_id)


def audit_sign_in(user: User | None, typed_email, *, channel: str) -> None:
    """Record a sign-in, or a refused one with the address that was typed."""
    from dclic import audit

    if user is not None:
        g.audit_user = user  # the actor is the person signing in
        audit.record("login", object_type="users", object_id=user.id, details={"via": channel})
    else:
        typed = typed_email if isinstance(typed_email, str) else ""
        audit.record("login_failed", details={"via": channel, "email": typed[:320]})


def start_session(user: User) -> None:
    """Sign ``user`` in on a brand-new session (no fixation), keeping the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user)
    session.permanent = True
    now = int(time.time())
    session["_auth_at"] = now
    session["_seen"] = now


def end_session() -> None:
    """Sign the current user out and forget the session, keeping the chosen language."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang


def session_is_current(now: int | None = None) -> bool:
    """True while the signed-in session is neither idle too long nor past its lifetime.

    Reads the session without changing it: Socket.IO connections and events use it, where
    ``before_request`` (:func:`_enforce_timeouts`) never runs.
    """
    if not current_user.is_authenticated:
        return False
    now = int(time.time()) if now is None else now
    idle = now - session.get("_seen", 0) > setting("session_idle_minutes") * 60
    expired = now - session.get("_auth_at", 0) > current_app.config["DCLIC_SESSION_MAX_SECONDS"]
    return not (idle or expired)


def mark_seen(now: int | None = None) -> None:
    """Count a Socket.IO event as activity: the socket's copy of the session stays current."""
    session["_seen"] = int(time.time()) if now is None else now


def _enforce_timeouts():
    g.user_id = g.user_locale = None
    if request.endpoint == "static":
        return None  # static files are the same for everyone: leave the session alone
    if not current_user.is_authenticated:
        return None
    now = int(time.time())
    config = current_app.config
    idle = now - session.get("_seen", 0) > setting("session_idle_minutes") * 60
    expired = now - session.get("_auth_at", 0) > config["DCLIC_SESSION_MAX_SECONDS"]
    if idle or expired:
        end_session()
        flash(_("Your session has expired. Please sign in again."), "info")
        if request.method == "GET" and not request.path.startswith("/api/"):
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        return None
    if now - session["_seen"] >= _SEEN_GRANULARITY:
        session["_seen"] = now
    g.user_id = current_user.id
    g.user_locale = current_user.locale
    return None


def init_app(app: Flask) -> None:
    login.init_app(app)
    login.login_view = "accounts.login"
    login.login_message = None
    login.session_protection = None  # the session id already carries a revocable nonce
    app.before_request(_enforce_timeouts)
    realtime.add_connect_check(session_is_current)
