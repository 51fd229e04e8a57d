"""Secrets that prove something: mailed single-use links and API bearer tokens.

Only a SHA-256 of each secret is stored, so a copy of the database opens no account. Mailed
links are single-use and expire; bearer tokens expire and can be revoked one by one or all at
once (with the sessions, by ``sign_out_everywhere``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from dclic import audit
from dclic.accounts.models import AccountToken, ApiToken, User
from dclic.core.db import db, utcnow
from dclic.core.errors import Invalid
from dclic.core.i18n import gettext as _

LIFETIMES = {
    "confirm_email": timedelta(days=7),
    "reset_password": timedelta(hours=1),
    "change_email": timedelta(days=1),
}
API_TOKEN_LIFETIME = timedelta(days=30)
# Record the last use of a bearer token at most this often: one write per request is waste.
_LAST_USED_GRANULARITY = timedelta(minutes=5)


def digest(secret: str) -> str:
    """The stored form of a secret."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def issue(
    user: User, purpose: str, new_email: str | None = None, lifetime: timedelta | None = None
) -> str:
    """A new mailed secret for ``purpose``; earlier unused ones for the same purpose die."""
    now = utcnow()
    db.session.execute(
        sa.update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    secret = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=digest(secret),
            new_email=new_email,
            created_at=now,
            expires_at=now + (lifetime or LIFETIMES[purpose]),
        )
    )
    db.session.flush()
    return secret


def _live(secret, purpose: str) -> AccountToken | None:
    """The unused, unexpired token of a live account behind ``secret``, if any."""
    if not isinstance(secret, str) or not 20 <= len(secret) <= 100:
        return None
    token = db.session.scalar(
        sa.select(AccountToken).where(
            AccountToken.token_hash == digest(secret), AccountToken.purpose == purpose
        )
    )
    if (
        token is None
        or token.used_at is not None
        or token.expires_at <= utcnow()
        or token.user.deleted_at is not None
    ):
        return None
    return token


def consume(secret: str, purpose: str) -> AccountToken:
    """Use a mailed secret once, or raise :class:`Invalid` (unknown, used or expired)."""
    token = _live(secret, purpose)
    if token is None:
        raise Invalid(
            _("This link is not valid any more: it was already used or it has expired."),
            errors={"token": [_("Ask for a new link.")]},
        )
    token.used_at = utcnow()
    db.session.flush()
    return token


def forget_account_links(user: User) -> None:
    """Delete every mailed link of ``user`` (the account is being deleted)."""
    result = db.session.execute(sa.delete(AccountToken).where(AccountToken.user_id == user.id))
    # A bulk statement passes the flush listener by: it is recorded here.
    audit.record(
        "delete_links", object_type="users", object_id=user.id, details={"count": result.rowcount}
    )


def peek(secret: str, purpose: str) -> AccountToken | None:
    """The live token behind ``secret`` without using it (to show the form it opens)."""
    return _live(secret, purpose)


def issue_api_token(user: User, label: str = "") -> tuple[str, ApiToken]:
    """A new bearer token for ``user``: the secret (shown once) and its record."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        token_hash=digest(secret),
        label=(label or "")[:80],
        created_at=now,
        expires_at=now + API_TOKEN_LIFETIME,
    )
    db.session.add(token)
    db.session.flush()
    return secret, token


def find_api_token(secret: str) -> ApiToken | None:
    """The live bearer token behind ``secret`` (its user active), or None."""
    if not isinstance(secret, str) or not 20 <= len(secret) <= 100:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    now = utcnow()
    if (
        token is None
        or token.revoked_at is not None
        or token.expires_at <= now
        or not token.user.is_active
    ):
        return None
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_GRANULARITY:
        token.last_used_at = now
        db.session.flush()
    return token


def revoke_api_token(token: ApiToken) -> None:
    token.revoked_at = utcnow()
    db.session.flush()


def revoke_all_api_tokens(user: User) -> None:
    """Revoke every bearer token of ``user`` (part of signing out everywhere)."""
    result = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    audit.record(
        "revoke_api_tokens",
        object_type="users",
        object_id=user.id,
        details={"count": result.rowcount},
    )
    db.session.flush()
