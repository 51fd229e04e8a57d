"""Notifications, each user's channel per kind, and the daily digests sent."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from dclic.core.db import UTCDateTime, db, utcnow

CHANNELS_SQL = "channel IN ('in_app', 'immediate', 'digest', 'off')"


class Notification(db.Model):
    """One notice to one user: shown in the centre, pushed live, maybe mailed."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index("ix_notifications_user_created", "user_id", "created_at"),
        sa.Index("ix_notifications_digest", "channel", "mailed_at"),
        sa.CheckConstraint(CHANNELS_SQL, name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), comment="The person notified"
    )
    kind: Mapped[str] = mapped_column(sa.String(40), comment="A declared kind, e.g. message")
    title: Mapped[str] = mapped_column(sa.String(200), comment="In the recipient's language")
    body: Mapped[str | None] = mapped_column(sa.String(500), comment="Short text under the title")
    link: Mapped[str | None] = mapped_column(sa.String(500), comment="Path of the page concerned")
    unsubscribe_link: Mapped[str | None] = mapped_column(
        sa.String(500),
        comment="Path of a one-click unsubscribe (a subscription's); none: the kind's",
    )
    channel: Mapped[str] = mapped_column(
        sa.String(12), comment="How it was delivered (the preference when it was created)"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When a mail (immediate or digest) carried it"
    )

    # Titles and texts may name people or quote them: only ids and metadata are recorded.
    __audited__ = ("user_id", "kind", "channel")

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} user={self.user_id}>"


class NotificationPreference(db.Model):
    """A user's channel for one kind of notification (absent: the kind's default)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (sa.CheckConstraint(CHANNELS_SQL, name="channel"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(12))

    __audited__ = ("user_id", "kind", "channel")

    def __repr__(self) -> str:
        return f"<NotificationPreference user={self.user_id} {self.kind}={self.channel}>"


class NotificationDigest(db.Model):
    """The daily digest mailed to a user: one row per user and day, so it leaves once."""

    __tablename__ = "notification_digests"
    __table_args__ = (sa.UniqueConstraint("user_id", "day", name="uq_notification_digests_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date, comment="UTC day of the digest")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    count: Mapped[int] = mapped_column(comment="Notifications it listed")

    __audited__ = ("user_id", "day", "count")

    def __repr__(self) -> str:
        return f"<NotificationDigest user={self.user_id} {self.day}>"
