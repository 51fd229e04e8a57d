"""Writes of stored files: uploads and their visibility. They flush; the edge commits.

Work happens in this order, so that the database never names a file that is not there and a
refused upload leaves nothing behind: copy the upload to a temporary file while hashing it
(stopped at the purpose's limit), judge its content, render an image's resized copies (all the
slow work, before the first flush: the audit trail's lock is then held briefly), add the row
and flush, and only then move the contents to their place. A transaction rolled back after
that leaves content no row names; content is shared, never removed on the way.
"""

from __future__ import annotations

import io
import logging

from flask import current_app

from dclic.core.db import db
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.files import detection, images, queries, storage
from dclic.files.models import PURPOSES, StoredFile
from dclic.files.names import clean_name
from dclic.files.permissions import can_publish_file, signed_in

log = logging.getLogger("dclic.files")


def max_bytes(purpose: str) -> int:
    """The largest upload accepted for ``purpose`` (``DCLIC_FILES_*_MAX_MB``)."""
    return current_app.config["DCLIC_FILES_MAX_BYTES"][purpose]


def store_upload(
    actor, upload, purpose: str, filename: str | None = None, *, is_public: bool = False
) -> StoredFile:
    """Judge ``upload`` by its content and keep it; Invalid (on the field ``file``) if refused.

    ``upload`` is a Werkzeug ``FileStorage``, a binary stream or bytes; ``filename`` (the name
    sent, cleaned before it is kept) defaults to the FileStorage's. ``purpose`` is ``image``,
    ``document`` or ``media`` (see ``models.PURPOSES``). ``actor`` becomes the uploader (None:
    the platform itself). Whoever calls this checks the right to attach a file where it is used.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    if actor is not None and signed_in(actor) is None:
        raise NotAllowed(_("This account cannot send files."))
    stream, filename = _stream_and_name(upload, filename)
    spooled = _spool(stream, purpose, actor)
    pending: list[storage.Spooled] = []
    try:
        found = _judge(spooled, purpose, actor)
        width = height = None
        variants: list[dict] = []
        if found.kind == "image":
            width, height, variants = _variants(spooled, found, purpose, actor, pending)
        stored = StoredFile(
            sha256=spooled.sha256,
            size=spooled.size,
            media_type=found.media_type,
            kind=found.kind,
            original_name=clean_name(filename, found.extensions),
            width=width,
            height=height,
            is_public=bool(is_public),
            uploaded_by_id=actor.id if actor is not None else None,
            variants=variants,
        )
        db.session.add(stored)
        db.session.flush()
        for content in (spooled, *pending):
            storage.keep(content)
    finally:
        for content in (spooled, *pending):
            storage.discard(content)
    return stored


def set_file_public(actor, stored: StoredFile, is_public: bool) -> dict:
    """Make ``stored`` readable by anyone, or not; returns ``{field: (old, new)}``.

    Allowed to its uploader, and to the platform (``actor`` None): modules deciding with
    rights of their own (a course's editors for its cover image) check them, then pass None.
    """
    if actor is not None and not can_publish_file(actor, stored):
        raise NotAllowed(_("Only the person who sent this file may change who sees it."))
    if stored.is_public == bool(is_public):
        return {}
    changes = {"is_public": (stored.is_public, bool(is_public))}
    stored.is_public = bool(is_public)
    db.session.flush()
    return changes


def _stream_and_name(upload, filename):
    if isinstance(upload, bytes | bytearray):
        return io.BytesIO(upload), filename
    stream = getattr(upload, "stream", upload)  # a FileStorage, or a stream itself
    return stream, filename if filename is not None else getattr(upload, "filename", None)


def _refuse(reason: str, purpose: str, actor, **params) -> Invalid:
    log.info(
        "upload refused",
        extra={"reason": reason, "purpose": purpose, "uploader": getattr(actor, "id", None)},
    )
    message = detection.explain(detection.Refused(reason, **params), purpose)
    return Invalid(message, {"file": [message]})


def _spool(stream, purpose: str, actor) -> storage.Spooled:
    limit = max_bytes(purpose)
    try:
        return storage.spool(stream, limit)
    except storage.TooLarge:
        raise _refuse("too_large", purpose, actor, limit=limit // (1024 * 1024)) from None


def _judge(spooled: storage.Spooled, purpose: str, actor) -> detection.Detected:
    try:
        found = detection.detect(spooled.path, spooled.size)
    except detection.Refused as refusal:
        raise _refuse(refusal.reason, purpose, actor, **refusal.params) from None
    if found.kind not in PURPOSES[purpose]:
        raise _refuse("unknown", purpose, actor)
    return found


def _variants(spooled, found, purpose, actor, pending: list) -> tuple[int, int, list[dict]]:
    """The image's size and resized copies: those of the same content if already kept."""
    known = queries.get_file_by_sha(spooled.sha256)
    if (
        known is not None
        and known.variants
        and all(storage.exists(variant["sha256"]) for variant in known.variants)
    ):
        return known.width, known.height, [dict(variant) for variant in known.variants]
    try:
        examined = images.examine(spooled.path, found.name)
    except detection.Refused as refusal:
        raise _refuse(refusal.reason, purpose, actor, **refusal.params) from None
    variants = []
    for rendered in examined.variants:
        content = storage.spool_bytes(rendered.data)
        pending.append(content)
        variants.append(
            {
                "width": rendered.width,
                "height": rendered.height,
                "media_type": rendered.media_type,
                "sha256": content.sha256,
                "size": content.size,
            }
        )
    return examined.width, examined.height, variants
