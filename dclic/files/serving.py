"""HTTP responses for stored contents: types, caching, ranges and the headers that keep a
hostile file from acting as a page of this site.

Werkzeug's ``send_file`` does the conditional work (ETag, ``If-None-Match`` → 304, ``Range`` →
206, ``If-Range``, 416); this adds what it does not: one range at most (several, or an
unreadable header, get the whole file, as RFC 9110 allows), a bare 416 with its
``Content-Range``, a sandboxing CSP, and immutable caching (the address holds the digest).
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Response, current_app, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.http import parse_range_header
from werkzeug.utils import send_file

from dclic.core.errors import NotFound
from dclic.core.i18n import gettext as _
from dclic.files import storage

log = logging.getLogger("dclic.files")

ONE_YEAR = 365 * 24 * 3600
# A file opened on its own runs nothing and loads nothing, whatever it holds.
FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"


def send_content(
    sha256: str,
    media_type: str,
    download_name: str,
    *,
    attachment: bool,
    public: bool,
    modified_at: datetime,
) -> Response:
    """The response for the content ``sha256`` (see the module docstring)."""
    path = storage.blob_path(sha256)
    if not path.is_file():
        log.error("stored file missing", extra={"sha256": sha256})
        raise NotFound(_("This file does not exist."))
    try:
        response = send_file(
            path,
            _one_range_at_most(request.environ),
            mimetype=media_type,
            as_attachment=attachment,
            download_name=download_name,
            conditional=True,
            etag=sha256,
            last_modified=modified_at,
            max_age=ONE_YEAR,
            response_class=current_app.response_class,
        )
    except RequestedRangeNotSatisfiable:
        return _not_satisfiable(path.stat().st_size)
    _harden(response, public=public)
    return response


def _one_range_at_most(environ: dict) -> dict:
    raw = environ.get("HTTP_RANGE")
    if raw is None:
        return environ
    parsed = parse_range_header(raw)
    if parsed is not None and len(parsed.ranges) == 1:
        return environ
    # Several ranges (or overlapping ones, the old "range bomb") get the whole file once.
    return {key: value for key, value in environ.items() if key != "HTTP_RANGE"}


def _not_satisfiable(size: int) -> Response:
    response = Response(status=416)
    response.headers["Content-Range"] = f"bytes */{size}"
    response.headers["Content-Security-Policy"] = FILE_CSP
    return response


def _harden(response: Response, *, public: bool) -> None:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Content-Security-Policy"] = FILE_CSP
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    cache = response.cache_control
    cache.immutable = True
    if not public:
        cache.public = False
        cache.private = True
    if response.mimetype in current_app.config.get("COMPRESS_MIMETYPES", ()):
        # Flask-Compress would compress text files on the fly, ranges included, which breaks
        # byte ranges and the strong ETag; "identity" makes it leave the response alone.
        headers["Content-Encoding"] = "identity"
