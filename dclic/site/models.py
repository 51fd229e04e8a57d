"""Platform settings stored in the database."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from dclic.core.db import UTCDateTime, db, utcnow


class PlatformSetting(db.Model):
    """One setting an administrator changed; absent settings take the configured default."""

    __tablename__ = "platform_settings"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[object] = mapped_column(sa.JSON, comment="A JSON value, validated on save")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __audited__ = ("key", "value")

    def __repr__(self) -> str:
        return f"<PlatformSetting {self.key}>"
