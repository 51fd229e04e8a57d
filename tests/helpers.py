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
