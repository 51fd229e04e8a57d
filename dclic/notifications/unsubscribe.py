"""One-click unsubscribe links of notification mails: signed, no sign-in needed (RFC 8058).

A link carries a token signed with the app's secret (itsdangerous) naming a user and a
*scope*: a notification kind (the link of an immediate mail: that kind off, or on the site
only), or :data:`DIGEST` (the link of the daily summary: every kind mailed in the summary
goes back to the site only). Whoever holds the mail may use it, as with any mailing list;
it changes nothing but that person's notification channels. Links expire after
:data:`MAX_AGE` seconds; a forged or expired token is :class:`~dclic.core.errors.Invalid`.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from dclic.accounts.models import User
from dclic.core.db import db
from dclic.core.errors import Invalid
from dclic.core.http import external_url
from dclic.core.i18n import gettext as _
from dclic.notifications import registry

DIGEST = "@digest"  # scope: every kind kept for the daily summary (never a kind's name)
MAX_AGE = 90 * 24 * 3600  # a mail may be read weeks later: links last 90 days
_SALT = "dclic.notifications.unsubscribe"

# A mail's headers for a one-click unsubscribe (RFC 2369, RFC 8058).
ONE_CLICK = "List-Unsubscribe=One-Click"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def make_token(user, scope: str) -> str:
    """A signed token that lets its holder change ``user``'s channel for ``scope``."""
    if scope != DIGEST:
        registry.kind(scope)  # a misspelt kind fails in the caller
    return _serializer().dumps({"u": user.id, "s": scope})


def read_token(token: str, max_age: int = MAX_AGE) -> tuple[User, str]:
    """The user and scope behind ``token``; ``Invalid`` if forged, expired or out of date."""
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise Invalid(_("This link has expired. Choose in your notification settings.")) from exc
    except BadSignature as exc:
        raise Invalid(_("This link is not valid. Check that it was copied whole.")) from exc
    user_id, scope = (data.get("u"), data.get("s")) if isinstance(data, dict) else (None, None)
    known = scope == DIGEST or scope in {k.name for k in registry.kinds()}
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if not known or user is None or user.deleted_at is not None:
        raise Invalid(_("This link is not valid any more."))
    return user, scope


def unsubscribe_url(user, scope: str) -> str:
    """The absolute one-click link of ``scope`` for ``user`` (on ``DCLIC_BASE_URL``)."""
    return external_url("notifications.unsubscribe", token=make_token(user, scope))


def mail_headers(url: str) -> dict[str, str]:
    """``List-Unsubscribe`` and ``List-Unsubscribe-Post`` for the one-click link ``url``."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": ONE_CLICK}
