"""Serving stored files to those who may read them."""

from __future__ import annotations

from flask import redirect
from flask_login import current_user

from dclic.core.errors import NotFound
from dclic.core.i18n import gettext as _
from dclic.files import queries
from dclic.files.serving import send_content
from dclic.files.urls import MEDIA_TYPES, file_url


def serve(file_id: int, digest: str, name: str):
    stored = queries.get_readable_file(current_user, file_id, digest)
    if name != stored.original_name:  # one address per file
        return redirect(file_url(stored), 301)
    return send_content(
        stored.sha256,
        stored.media_type,
        stored.original_name,
        attachment=stored.is_attachment,
        public=stored.is_public,
        modified_at=stored.created_at,
    )


def serve_variant(file_id: int, digest: str, width: int, extension: str):
    stored = queries.get_readable_file(current_user, file_id, digest)
    variant = stored.variant(width, MEDIA_TYPES[extension])
    if variant is None:
        raise NotFound(_("This file does not exist."))
    stem = stored.original_name.rsplit(".", 1)[0]
    return send_content(
        variant["sha256"],
        variant["media_type"],
        f"{stem}-{width}.{extension}",
        attachment=False,
        public=stored.is_public,
        modified_at=stored.created_at,
    )
