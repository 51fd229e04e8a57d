"""Small helpers shared by tests."""

from __future__ import annotations

import re

TOKEN_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str) -> str:
    """The CSRF token of the first form on the page at ``path``."""
    html = client.get(path).get_data(as_text=True)
    match = TOKEN_PATTERN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


_LINK = re.compile(r"https?://\S+")


def mailed_link(message, path_part: str) -> str:
    """The path of the first link in a mail whose URL contains ``path_part``."""
    from urllib.parse import urlsplit

    for url in _LINK.findall(message.get_content()):
        if path_part in url:
            return urlsplit(url).path
    raise AssertionError(f"no link with {path_part!r} in: {message.get_content()}")


def post_form(client, path: str, data: dict, *, page: str | None = None):
    """Post ``data`` to ``path`` with the CSRF token of the form on ``page`` (default: path)."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})
