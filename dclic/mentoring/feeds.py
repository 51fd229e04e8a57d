"""The secret of a calendar feed's address: derived, so it can be shown again, never stored.

secret = HMAC-SHA256(SECRET_KEY, "calendar-feed:" + nonce), in URL-safe base64. The database
keeps the nonce and the secret's SHA-256 (to find the feed): a copy of the database alone
opens no feed. Changing ``SECRET_KEY`` closes every feed (their owners open a new one).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app


def secret_of(feed) -> str:
    """The secret part of ``feed``'s address."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"calendar-feed:{feed.nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def secret_hash(secret: str) -> str:
    """What the database keeps of a secret, to find its feed."""
    return hashlib.sha256(secret.encode()).hexdigest()
