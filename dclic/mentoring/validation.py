"""Checks of what people type in the mentoring forms, shared by the services: each problem
is an :class:`~dclic.core.errors.Invalid` naming its field."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from dclic.core.errors import Invalid
from dclic.core.i18n import gettext as _


def invalid(field: str, message) -> Invalid:
    return Invalid(_("Some fields are not valid."), {field: [str(message)]})


def clean_text(value, field: str, longest: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in text):
        raise invalid(field, _("Remove the control characters."))
    if required and not text:
        raise invalid(field, _("This field is required."))
    if len(text) > longest:
        raise invalid(field, _("Write %(n)d characters at most.", n=longest))
    return text


def clean_url(value, field: str = "meeting_url") -> str | None:
    text = clean_text(value, field, 500)
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname or " " in text:
        raise invalid(field, _("Give a full web address starting with https://."))
    return text
