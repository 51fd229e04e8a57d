"""Addresses of stored files for templates and other modules: ``file_url``, ``image_url``,
``image_srcset`` (registered as template globals; the ``picture`` macro in
``files/macros.html`` puts them together).

Addresses hold the start of the content's SHA-256, so they change when the content does and
can be cached for a year.
"""

from __future__ import annotations

from flask import url_for

from dclic.files.queries import DIGEST_LENGTH

EXTENSIONS = {"image/webp": "webp", "image/jpeg": "jpg", "image/png": "png"}
MEDIA_TYPES = {extension: media_type for media_type, extension in EXTENSIONS.items()}


def file_url(stored, **values) -> str:
    """The address of the file as sent (shown inline, or downloaded for documents)."""
    return url_for(
        "files.serve",
        file_id=stored.id,
        digest=stored.sha256[:DIGEST_LENGTH],
        name=stored.original_name,
        **values,
    )


def _variant_url(stored, variant: dict) -> str:
    return url_for(
        "files.serve_variant",
        file_id=stored.id,
        digest=stored.sha256[:DIGEST_LENGTH],
        width=variant["width"],
        extension=EXTENSIONS[variant["media_type"]],
    )


def image_url(stored, width: int | None = None, media_type: str | None = None) -> str:
    """The resized copy of an image at least ``width`` wide (else the widest), in
    ``media_type`` (default: the format every browser shows); the file itself without copies.
    """
    copies = stored.variants_of(media_type or stored.fallback_type or "")
    if not copies:
        return file_url(stored)
    wide_enough = [copy for copy in copies if width is None or copy["width"] >= width]
    return _variant_url(stored, wide_enough[0] if width and wide_enough else copies[-1])


def image_srcset(stored, media_type: str | None = None) -> str:
    """``srcset`` of the resized copies: ``"/files/…/w/320.webp 320w, …"``."""
    copies = stored.variants_of(media_type or stored.fallback_type or "")
    return ", ".join(f"{_variant_url(stored, copy)} {copy['width']}w" for copy in copies)


TEMPLATE_HELPERS = {"file_url": file_url, "image_url": image_url, "image_srcset": image_srcset}
