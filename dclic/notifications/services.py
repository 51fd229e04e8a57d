"""Writes of the notification centre: notify someone, mark as read, choose the channels.

Services flush and never commit; the socket push and the mail leave after the commit
(:mod:`dclic.core.uow`), so a failed request notifies nobody.
"""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, url_for

from dclic.core.db import db, utcnow
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.i18n import force_locale
from dclic.core.i18n import gettext as _
from dclic.core.mail import send_mail
from dclic.core.realtime import emit_to_user
from dclic.core.settings import setting
from dclic.notifications import queries, registry, unsubscribe
from dclic.notifications.models import Notification, NotificationPreference

SOCKET_EVENT = "notification"


@contextmanager
def in_language_of(user):
    """Render texts (titles, mails) in ``user``'s language."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def absolute_link(link: str | None) -> str | None:
    """``link`` (a path) on ``DCLIC_BASE_URL``, for mails."""
    if not link:
        return None
    base = urlsplit(current_app.config["DCLIC_BASE_URL"])
    return f"{base.scheme}://{base.netloc}{link}"


def path_for(endpoint: str, **values) -> str:
    """The path of a page, for a notification's ``link`` (also outside a request: jobs, CLI)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)


def notify(
    user,
    kind: str,
    title: str,
    link: str | None,
    *,
    body: str | None = None,
    mail_text=None,
    channel: str | None = None,
    unsubscribe: str | None = None,
) -> Notification | None:
    """Tell ``user`` that something of ``kind`` happened.

    ``title`` (and ``body``, ``mail_text``) are already in the user's language
    (:func:`in_language_of`); ``link`` is a path (``url_for``). The notice is stored, pushed to
    the user's open tabs after the commit and, by the user's channel for ``kind``, mailed at
    once or kept for the daily digest. Channel ``off``, or an inactive account: nothing at all,
    ``None`` is returned.

    ``channel`` overrides the user's choice for ``kind`` with a choice they made elsewhere
    (a forum subscription's "immediate" or "digest"), except that ``off`` for the kind always
    wins. ``unsubscribe`` is the path of a one-click unsubscribe for what caused the notice
    (that subscription); mails carry it instead of the kind's own.
    """
    registry.kind(kind)  # a misspelt kind fails in the caller
    if channel is not None and channel not in registry.CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if user is None or not user.is_active or user.deleted_at is not None:
        return None
    chosen = queries.channel_for(user, kind)
    if chosen == "off":
        return None
    channel = channel or chosen
    if channel == "off":
        return None
    notification = Notification(
        user_id=user.id,
        kind=kind,
        title=title[:200],
        body=body[:500] if body else None,
        link=link,
        unsubscribe_link=unsubscribe,
        channel=channel,
    )
    db.session.add(notification)
    db.session.flush()
    emit_to_user(
        user.id,
        SOCKET_EVENT,
        {"id": notification.id, "kind": kind, "title": notification.title, "link": link},
    )
    if channel == "immediate":
        _mail_now(user, notification, mail_text)
    return notification


def unsubscribe_url_of(user, notification: Notification) -> str:
    """The one-click unsubscribe of a mailed notice: its own (a subscription's), else its
    kind's signed link."""
    own = absolute_link(notification.unsubscribe_link)
    return own or unsubscribe.unsubscribe_url(user, notification.kind)


def _mail_now(user, notification: Notification, mail_text) -> None:
    stop_url = unsubscribe_url_of(user, notification)
    with in_language_of(user):
        text = render_template(
            "notifications/mail/notification.txt",
            name=user.display_name,
            notification=notification,
            text=mail_text or notification.body,
            url=absolute_link(notification.link),
            unsubscribe_url=stop_url,
            site_name=setting("site_name"),
        )
    subject, _sep, content = text.strip().partition("\n")
    send_mail(
        user.email,
        subject.strip(),
        content.strip() + "\n",
        headers=unsubscribe.mail_headers(stop_url),
    )
    notification.mailed_at = utcnow()


def unsubscribe_from(actor, scope: str, channel: str = "off") -> dict[str, tuple]:
    """What a one-click unsubscribe link does for its owner ``actor``.

    ``scope`` a kind: its channel becomes ``off``, or ``in_app`` when ``channel`` says so
    (anything else counts as ``off``: a mail client's one-click POST names no channel).
    ``scope`` :data:`~dclic.notifications.unsubscribe.DIGEST`: every kind kept for the daily
    summary goes back to ``in_app``. Idempotent; returns ``{kind: (old, new)}``.
    """
    if scope == unsubscribe.DIGEST:
        channels = queries.list_channels(actor)
        choices = {kind: "in_app" for kind, chosen in channels.items() if chosen == "digest"}
    else:
        choices = {scope: "in_app" if channel == "in_app" else "off"}
    return set_preferences(actor, choices) if choices else {}


def mark_read(actor, notification: Notification) -> Notification:
    """Mark one of ``actor``'s notifications as read (nothing changes if it already is)."""
    if actor is None or notification.user_id != actor.id:
        raise NotAllowed()
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_all_read(actor) -> int:
    """Mark every unread notification of ``actor`` as read; the number marked."""
    if actor is None:
        raise NotAllowed()
    unread = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == actor.id, Notification.read_at.is_(None)
        )
    ).all()
    now = utcnow()
    for notification in unread:
        notification.read_at = now
    db.session.flush()
    return len(unread)


def set_preferences(actor, choices: dict[str, str]) -> dict[str, tuple]:
    """Store ``actor``'s channel per kind; returns ``{kind: (old, new)}`` of what changed."""
    if actor is None:
        raise NotAllowed()
    known = {k.name for k in registry.kinds()}
    errors = {
        name: [_("Choose one of the options.")]
        for name, channel in choices.items()
        if name not in known or channel not in registry.CHANNELS
    }
    if errors:
        raise Invalid(_("Please correct the following:"), errors=errors)
    stored = {
        p.kind: p
        for p in db.session.scalars(
            sa.select(NotificationPreference).where(NotificationPreference.user_id == actor.id)
        )
    }
    changes = {}
    for name, channel in choices.items():
        old = queries.channel_for(actor, name, stored={k: p.channel for k, p in stored.items()})
        if name in stored:
            stored[name].channel = channel
        else:
            db.session.add(NotificationPreference(user_id=actor.id, kind=name, channel=channel))
        if old != channel:
            changes[name] = (old, channel)
    db.session.flush()
    return changes
