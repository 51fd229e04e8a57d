"""Writes of accounts: one function per use case; they flush, the edge commits."""

from __future__ import annotations

from collections.abc import Iterable

from dclic.accounts import queries
from dclic.accounts.models import ROLE_CODES, Role, User, new_session_nonce
from dclic.accounts.passwords import hash_password, needs_rehash, verify_password
from dclic.config import LOCALES
from dclic.core.db import db, utcnow
from dclic.core.email_address import InvalidAddress, normalize
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256


def ensure_default_roles() -> list[Role]:
    """Create the roles shipped by default that do not exist yet; return them all."""
    roles = []
    for code in ROLE_CODES:
        role = queries.get_role(code)
        if role is None:
            role = Role(code=code)
            db.session.add(role)
        roles.append(role)
    db.session.flush()
    return roles


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            errors={
                "password": [
                    _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
                ]
            }
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise Invalid(
            errors={"password": [_("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)]}
        )


def create_user(
    actor: User | None,
    *,
    email: str,
    password: str,
    display_name: str,
    roles: Iterable[str] = ("learner",),
    locale: str | None = None,
) -> User:
    """Create an account. ``actor`` None means the platform itself (CLI, seed)."""
    if actor is not None and not actor.has_role("admin"):
        raise NotAllowed(_("Only an administrator can create accounts for others."))
    try:
        address = normalize(email)
    except InvalidAddress as exc:
        raise Invalid(errors={"email": [_("This e-mail address is not valid.")]}) from exc
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 120:
        raise Invalid(errors={"display_name": [_("Give a name of 1 to 120 characters.")]})
    _check_password(password)
    if locale is not None and locale not in LOCALES:
        raise Invalid(errors={"locale": [_("This language is not available.")]})
    if queries.get_user_by_email(address.display) is not None:
        raise Conflict(_("An account already uses this e-mail address."))
    unknown = set(roles) - set(ROLE_CODES)
    if unknown:
        raise Invalid(errors={"roles": [_("Unknown role.")]})
    ensure_default_roles()
    user = User(
        email=address.display,
        email_key=address.key,
        display_name=display_name,
        password_hash=hash_password(password),
        locale=locale,
        roles=[queries.get_role(code) for code in roles],
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, with the sign-in recorded; else None."""
    user = queries.get_user_by_email(email or "")
    ok = verify_password(user.password_hash if user else None, password or "")
    if not ok or user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def set_preferred_locale(actor: User, user: User, locale: str) -> dict:
    """Change ``user``'s language; returns the changes ``{field: (old, new)}``."""
    if actor.id != user.id and not actor.has_role("admin"):
        raise NotAllowed()
    if locale not in LOCALES:
        raise Invalid(errors={"locale": [_("This language is not available.")]})
    changes = {"locale": (user.locale, locale)} if user.locale != locale else {}
    user.locale = locale
    db.session.flush()
    return changes


def set_password(actor: User | None, user: User, password: str) -> None:
    """Give ``user`` a new password (``actor`` None: the platform itself, e.g. the demo seed)."""
    if actor is not None and actor.id != user.id and not actor.has_role("admin"):
        raise NotAllowed()
    _check_password(password)
    user.password_hash = hash_password(password)
    db.session.flush()


def sign_out_everywhere(actor: User, user: User) -> None:
    """Revoke every session of ``user`` (their session id changes)."""
    if actor.id != user.id and not actor.has_role("admin"):
        raise NotAllowed()
    user.session_nonce = new_session_nonce()
    db.session.flush()
