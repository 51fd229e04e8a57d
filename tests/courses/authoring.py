"""Helpers of the authoring page tests: French messages as the app says them, page bodies."""

from __future__ import annotations

import gzip
import html
import re

from flask import current_app

from tests.helpers import TOKEN_PATTERN


def fr(message: str, **variables) -> str:
    """``message`` as the app renders it in French (follows the catalogs once translated)."""
    from dclic.core.i18n import force_locale, gettext

    with current_app.test_request_context(), force_locale("fr"):
        return gettext(message, **variables)


def text(response) -> str:
    """The page's HTML with entities decoded, to look for sentences in it."""
    return html.unescape(response.get_data(as_text=True))


def token(response) -> str:
    match = TOKEN_PATTERN.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def compressed_size(response) -> int:
    return len(gzip.compress(response.get_data(), compresslevel=6))


def field_errors(response) -> list[str]:
    """The ids of the fields marked invalid on the page (attributes are rendered sorted)."""
    body = response.get_data(as_text=True)
    pattern = r'<(?:input|textarea|select)[^>]*aria-invalid="true"[^>]*\sid="([\w-]+)"'
    return re.findall(pattern, body)
