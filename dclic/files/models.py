"""Stored files: one row per upload; the content itself lives on disk under its SHA-256."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.core.db import UTCDateTime, db, utcnow

# What a file is, judged from its content (see detection.py).
KINDS = ("image", "document", "audio", "video")
# What an upload is for, and the kinds each purpose accepts; limits are per purpose (config).
PURPOSES = {"image": ("image",), "document": ("document",), "media": ("audio", "video")}


class StoredFile(db.Model):
    """One upload: what it is, who sent it, under which name; its bytes are on disk.

    Identical content is stored once on disk (named by ``sha256``) however many rows point
    to it, so each upload keeps its own name, uploader and visibility.
    """

    __tablename__ = "stored_files"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN ({})".format(", ".join(f"'{kind}'" for kind in KINDS)), name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(
        sa.String(64), index=True, comment="SHA-256 of the content (hex): its name on disk"
    )
    size: Mapped[int] = mapped_column(sa.BigInteger, comment="In bytes")
    media_type: Mapped[str] = mapped_column(
        sa.String(100), comment="Detected from the content, never from the name"
    )
    kind: Mapped[str] = mapped_column(sa.String(10), comment="image, document, audio or video")
    original_name: Mapped[str] = mapped_column(
        sa.String(255), comment="Sent name, cleaned, Unicode kept; the download name"
    )
    width: Mapped[int | None] = mapped_column(comment="Images: pixels, upright (EXIF applied)")
    height: Mapped[int | None] = mapped_column(comment="Images: pixels, upright (EXIF applied)")
    is_public: Mapped[bool] = mapped_column(
        default=False,
        server_default=sa.false(),
        comment="Readable by anyone, signed in or not (cover images, the logo)",
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    variants: Mapped[list] = mapped_column(
        sa.JSON,
        default=list,
        server_default=sa.text("'[]'"),
        comment="Images: resized copies [{width, height, media_type, sha256, size}]",
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by = relationship("User")

    # Values recorded by the audit trail; the variants are derived data, never recorded.
    __audited__ = (
        "sha256",
        "size",
        "media_type",
        "kind",
        "original_name",
        "is_public",
        "uploaded_by_id",
    )

    def __repr__(self) -> str:
        return f"<StoredFile {self.id} {self.media_type} {self.sha256[:12]}>"

    @property
    def is_image(self) -> bool:
        return self.kind == "image"

    @property
    def is_attachment(self) -> bool:
        """Documents are downloaded; images, audio and video are shown in the page."""
        return self.kind == "document"

    def variant(self, width: int, media_type: str) -> dict | None:
        """The resized copy of this image at ``width`` in ``media_type``, if there is one."""
        for variant in self.variants or ():
            if variant["width"] == width and variant["media_type"] == media_type:
                return variant
        return None

    def variants_of(self, media_type: str) -> list[dict]:
        """The resized copies in ``media_type``, narrowest first."""
        found = [v for v in self.variants or () if v["media_type"] == media_type]
        return sorted(found, key=lambda v: v["width"])

    @property
    def fallback_type(self) -> str | None:
        """The variants' format every browser shows (JPEG or PNG), beside WebP."""
        types = {v["media_type"] for v in self.variants or ()} - {"image/webp"}
        return next(iter(types), "image/webp" if self.variants else None)
