"""Reads of the notification centre: a user's notifications, unread count, channels."""

from __future__ import annotations

import sqlalchemy as sa

from dclic.core.api import Page, paginate
from dclic.core.db import db, get_by_id
from dclic.core.errors import NotFound
from dclic.notifications import registry
from dclic.notifications.models import Notification, NotificationPreference

PER_PAGE = 20


def list_notifications(
    user, page: int = 1, per_page: int = PER_PAGE, unread_only: bool = False
) -> Page:
    """``user``'s notifications (only the unread ones if asked), newest first."""
    statement = (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return paginate(statement, page, per_page)


def get_notification_for(user, notification_id) -> Notification:
    """``user``'s notification ``notification_id``; ``NotFound`` if missing or someone else's."""
    notification = get_by_id(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound()
    return notification


def count_unread(user) -> int:
    """How many notifications ``user`` has not read."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def get_stored_preferences(user) -> dict[str, str]:
    """The channels ``user`` chose, per kind (only the kinds they chose for)."""
    rows = db.session.execute(
        sa.select(NotificationPreference.kind, NotificationPreference.channel).where(
            NotificationPreference.user_id == user.id
        )
    )
    return dict(rows.all())


def channel_for(user, kind: str, stored: dict[str, str] | None = None) -> str:
    """The channel of ``kind`` for ``user``: their choice, else the kind's default.

    The default follows the account's general mail setting (``User.mail_notifications``):
    ``off`` turns a mailed default into ``in_app``, ``digest`` turns ``immediate`` into
    ``digest``. A choice made on the preferences page always wins.
    """
    stored = get_stored_preferences(user) if stored is None else stored
    if kind in stored:
        return stored[kind]
    default = registry.kind(kind).default
    general = getattr(user, "mail_notifications", "immediate")
    if default in ("immediate", "digest") and general == "off":
        return "in_app"
    if default == "immediate" and general == "digest":
        return "digest"
    return default


def list_channels(user) -> dict[str, str]:
    """``{kind: channel}`` for every declared kind (the preferences page)."""
    stored = get_stored_preferences(user)
    return {k.name: channel_for(user, k.name, stored) for k in registry.kinds()}


def list_preferences(user) -> list[dict]:
    """Every declared kind with its label, default and ``user``'s channel (the API)."""
    channels = list_channels(user)
    return [
        {"kind": k.name, "label": str(k.label), "default": k.default, "channel": channels[k.name]}
        for k in registry.kinds()
    ]
