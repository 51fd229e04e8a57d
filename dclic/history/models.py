"""One saved state of a versioned content."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from dclic.core.db import UTCDateTime, db


class ContentVersion(db.Model):
    """The versioned fields of one object as they were after one save.

    Rows are written by the flush listener only; the purge removes old intermediate ones.
    """

    __tablename__ = "content_versions"
    __table_args__ = (
        sa.UniqueConstraint(
            "object_type", "object_id", "number", name="uq_content_versions_number"
        ),
        sa.Index("ix_content_versions_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(sa.String(60), comment="Table of the content")
    object_id: Mapped[int] = mapped_column(comment="Primary key of the content")
    number: Mapped[int] = mapped_column(comment="1 for the first save, then 2, 3…")
    snapshot: Mapped[dict] = mapped_column(sa.JSON, comment="{field: value} after this save")
    changed_fields: Mapped[list] = mapped_column(
        sa.JSON, comment="Fields that differ from the version before"
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(sa.String(200), comment="The author's name then")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    was_published: Mapped[bool] = mapped_column(
        default=False,
        server_default=sa.false(),
        comment="This content was published at some point: the purge keeps it",
    )
    restored_from: Mapped[int | None] = mapped_column(
        comment="Number of the version this save brought back, if it was a restore"
    )

    def __repr__(self) -> str:
        return f"<ContentVersion {self.object_type}:{self.object_id} #{self.number}>"
