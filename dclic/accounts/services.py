"""Writes of accounts: one function per use case; they flush, the edge commits.

``actor`` is the signed-in user doing the action, or ``None`` for the platform itself (the
CLI, the demo seed, a visitor registering). Rights are checked here, so pages, the API and
the CLI share them.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from dclic import audit
from dclic.accounts import queries, tokens
from dclic.accounts.learner_code import new_learner_code
from dclic.accounts.mails import send_account_mail
from dclic.accounts.models import ROLE_CODES, Role, User, new_session_nonce
from dclic.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from dclic.accounts.rights import has_capability
from dclic.accounts.validation import clean_profile, protect_minor
from dclic.core import mail
from dclic.core.db import db, utcnow
from dclic.core.email_address import InvalidAddress, NormalizedAddress, isolate, normalize
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.http import external_url
from dclic.core.i18n import gettext as _
from dclic.core.settings import setting

_CODE_ATTEMPTS = 20


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


def _is_self_or_admin(actor: User | None, user: User) -> bool:
    return actor is None or actor.id == user.id or has_capability(actor, "user.update")


def check_address(text, *, field: str = "email", deliverable: bool = True) -> NormalizedAddress:
    """The normalized address, or :class:`Invalid` with a message for ``field``.

    With ``deliverable``, an address that needs SMTPUTF8 is refused when the relay in use
    cannot carry it, so nobody registers an address we cannot write to.
    """
    try:
        address = normalize(text if isinstance(text, str) else "")
    except InvalidAddress as exc:
        raise Invalid(errors={field: [exc.user_message()]}) from exc
    if deliverable and address.needs_smtputf8 and mail.relay_supports_smtputf8() is False:
        raise Invalid(
            errors={
                field: [
                    _(
                        "This address cannot receive mail through our current mail server. "
                        "Please use another address."
                    )
                ]
            }
        )
    return address


def _check_password(password, *, email=None, display_name=None, field="password") -> None:
    problems = password_problems(
        password if isinstance(password, str) else "", email=email, display_name=display_name
    )
    if problems:
        raise Invalid(errors={field: problems})


def _unique_learner_code() -> str:
    for _attempt in range(_CODE_ATTEMPTS):
        code = new_learner_code()
        if queries.get_user_by_learner_code(code) is None:
            return code
    raise RuntimeError("no free learner code after several attempts")


def _new_user(address: NormalizedAddress, password: str, roles: Iterable[str], **profile) -> User:
    if queries.get_user_by_email(address.display) is not None:
        raise Conflict(
            _("An account already uses this e-mail address."),
            errors={"email": [_("An account already uses this e-mail address.")]},
        )
    ensure_default_roles()
    user = User(
        email=address.display,
        email_key=address.key,
        password_hash=hash_password(password),
        learner_code=_unique_learner_code(),
        roles=[queries.get_role(code) for code in roles],
        **profile,
    )
    db.session.add(user)
    db.session.flush()
    return user


def create_user(
    actor: User | None,
    *,
    email: str,
    password: str,
    display_name: str,
    roles: Iterable[str] = ("learner",),
    locale: str | None = None,
) -> User:
    """Create a confirmed account for someone else (administrator, CLI, demo seed)."""
    if actor is not None and not has_capability(actor, "user.create"):
        raise NotAllowed(_("Only an administrator can create accounts for others."))
    roles = tuple(roles)
    if set(roles) - set(ROLE_CODES):
        raise Invalid(errors={"roles": [_("Unknown role.")]})
    profile, errors = clean_profile({"display_name": display_name, "locale": locale})
    address = None
    try:
        address = check_address(email, deliverable=False)
    except Invalid as exc:
        errors.update(exc.errors)
    if address is not None and "password" not in errors:
        try:
            _check_password(password, email=address.display, display_name=display_name)
        except Invalid as exc:
            errors.update(exc.errors)
    if errors:
        raise Invalid(_("Some fields are not valid."), errors=errors)
    protect_minor(_Unborn(), profile)
    return _new_user(address, password, roles, email_confirmed_at=utcnow(), **profile)


def register(
    *,
    email,
    password,
    display_name,
    locale: str | None = None,
    required: tuple[str, ...] = (),
    **profile,
) -> User:
    """A visitor creates their own learner account; a confirmation link is mailed.

    Every problem is reported at once, field by field. ``required`` names the profile fields
    the caller's form makes mandatory (the web form asks for the year of birth).
    """
    if not setting("registration_open"):
        raise NotAllowed(_("Registration is closed for now. Please ask the team for an account."))
    clean, errors = clean_profile(
        {"display_name": display_name, "locale": locale, **profile}, required=required
    )
    address = None
    try:
        address = check_address(email)
    except Invalid as exc:
        errors.update(exc.errors)
    try:
        _check_password(
            password, email=address.display if address else None, display_name=display_name
        )
    except Invalid as exc:
        errors.update(exc.errors)
    if errors:
        raise Invalid(_("Some fields are not valid."), errors=errors)
    clean.setdefault("locale", locale)
    protect_minor(_Unborn(), clean)
    user = _new_user(address, password, ("learner",), **clean)
    send_confirmation(user)
    return user


class _Unborn:
    """Stands for an account not created yet in :func:`protect_minor`."""

    birth_year = None


def _site() -> str:
    return setting("site_name")


def mail_user(user: User, template: str, *, to: str | None = None, **context) -> None:
    """Queue an account mail to ``user`` (or to ``to``), in their language, with their name."""
    send_account_mail(
        to or user.email,
        template,
        user.locale,
        site_name=_site(),
        name=user.display_name,
        **context,
    )


def send_confirmation(user: User) -> None:
    """Mail ``user`` a link that confirms their address."""
    secret = tokens.issue(user, "confirm_email")
    mail_user(
        user,
        "confirm_email",
        url=external_url("accounts.confirm_email", token=secret),
        learner_code=user.learner_code,
    )


def confirm_email(secret: str) -> User:
    """Use a confirmation link: the address is proved."""
    token = tokens.consume(secret, "confirm_email")
    user = token.user
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    db.session.flush()
    return user


def authenticate(email, password) -> User | None:
    """The active user with these credentials, with the sign-in recorded; else None."""
    user = queries.get_user_by_email(email if isinstance(email, str) else "")
    password = password if isinstance(password, str) else ""
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.learner_code is None:  # accounts older than learner codes get one now
        user.learner_code = _unique_learner_code()
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def request_password_reset(email) -> None:
    """Mail a reset link if an active account has this address; say nothing either way."""
    user = queries.get_user_by_email(email if isinstance(email, str) else "")
    if user is None or not user.is_active:
        return
    secret = tokens.issue(user, "reset_password")
    mail_user(
        user,
        "reset_password",
        url=external_url("accounts.reset_password", token=secret),
    )


def reset_password(secret: str, password) -> User:
    """Use a reset link: new password, every session and API token ended, address proved."""
    token = tokens.peek(secret, "reset_password")
    if token is not None:
        _check_password(password, email=token.user.email, display_name=token.user.display_name)
    user = tokens.consume(secret, "reset_password").user
    user.password_hash = hash_password(password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the mailed link proved the address
    _end_every_session(user)
    return user


def change_password(actor: User, user: User, current_password, new_password) -> None:
    """Change a password knowing the current one; other sessions are signed out."""
    if actor.id != user.id:
        raise NotAllowed()
    if not verify_password(user.password_hash, current_password or ""):
        raise Invalid(errors={"current_password": [_("This is not your current password.")]})
    _check_password(
        new_password, email=user.email, display_name=user.display_name, field="new_password"
    )
    user.password_hash = hash_password(new_password)
    _end_every_session(user)
    mail_user(
        user,
        "password_changed",
        url=external_url("accounts.forgot_password"),
    )


def request_email_change(actor: User, user: User, new_email, password) -> None:
    """Mail a confirmation link to the new address; nothing changes until it is used."""
    if actor.id != user.id:
        raise NotAllowed()
    if not verify_password(user.password_hash, password if isinstance(password, str) else ""):
        raise Invalid(errors={"password": [_("This is not your current password.")]})
    address = check_address(new_email, field="new_email")
    if address.key == user.email_key:
        raise Invalid(errors={"new_email": [_("This is already your address.")]})
    if queries.get_user_by_email(address.display) is not None:
        raise Conflict(errors={"new_email": [_("An account already uses this e-mail address.")]})
    secret = tokens.issue(user, "change_email", new_email=address.display)
    mail_user(
        user,
        "change_email",
        to=address.display,
        url=external_url("accounts.confirm_email_change", token=secret),
    )


def confirm_email_change(secret: str) -> User:
    """Use the link sent to the new address: switch to it and tell the old one."""
    token = tokens.consume(secret, "change_email")
    user = token.user
    address = normalize(token.new_email)
    other = queries.get_user_by_email(address.display)
    if other is not None and other.id != user.id:
        raise Conflict(_("An account already uses this e-mail address."))
    old_email = user.email
    user.email, user.email_key = address.display, address.key
    user.email_confirmed_at = utcnow()
    db.session.flush()
    mail_user(
        user,
        "email_changed",
        to=old_email,
        new_email=isolate(address.display),
        contact=setting("contact_email"),
    )
    return user


def update_profile(actor: User, user: User, **fields) -> dict:
    """Change profile fields; returns the changes ``{field: (old, new)}``."""
    if not _is_self_or_admin(actor, user):
        raise NotAllowed()
    if user.deleted_at is not None:
        raise Invalid(
            _("This account is deleted."), errors={"_schema": [_("This account is deleted.")]}
        )
    clean, errors = clean_profile(fields)
    for name in ("mail_notifications", "profile_visibility", "accepts_learner_messages"):
        if name in clean and clean[name] is None:
            errors[name] = [_("This field is required.")]
    if not errors:
        errors.update(protect_minor(user, clean))
    if errors:
        raise Invalid(_("Some fields are not valid."), errors=errors)
    changes = {}
    for name, value in clean.items():
        old = getattr(user, name)
        if old != value:
            changes[name] = (old, value)
            setattr(user, name, value)
    db.session.flush()
    return changes


def set_preferred_locale(actor: User, user: User, locale: str) -> dict:
    """Change ``user``'s language; returns the changes ``{field: (old, new)}``."""
    return update_profile(actor, user, locale=locale)


def set_password(actor: User | None, user: User, password: str) -> None:
    """Give ``user`` a new password (``actor`` None: the platform itself, e.g. the demo seed)."""
    if not _is_self_or_admin(actor, user):
        raise NotAllowed()
    _check_password(password, email=user.email, display_name=user.display_name)
    user.password_hash = hash_password(password)
    db.session.flush()


def newsletter_forget(email_key: str) -> None:
    """Erase the newsletter subscription of an address (its owner deleted their account)."""
    from dclic.accounts.models import NewsletterSubscription

    result = db.session.execute(
        sa.delete(NewsletterSubscription).where(NewsletterSubscription.email_key == email_key)
    )
    if result.rowcount:  # a bulk statement passes the flush listener by: recorded here
        audit.record("delete", object_type="newsletter_subscriptions", details={"count": 1})


def _end_every_session(user: User) -> None:
    user.session_nonce = new_session_nonce()
    tokens.revoke_all_api_tokens(user)
    db.session.flush()


def sign_out_everywhere(actor: User, user: User) -> None:
    """Revoke every session and API token of ``user``."""
    if not _is_self_or_admin(actor, user):
        raise NotAllowed()
    _end_every_session(user)


def delete_account(actor: User, user: User, password) -> None:
    """Delete an account: personal data erased, pseudonymous learning records kept.

    The row stays (courses, progress and the audit trail refer to it) under a placeholder
    name and address; the learner code stays as the pseudonym of those records.
    """
    if user.deleted_at is not None:
        raise Invalid(_("This account is already deleted."))
    if actor.id == user.id:
        if not verify_password(user.password_hash, password if isinstance(password, str) else ""):
            raise Invalid(errors={"password": [_("This is not your current password.")]})
    elif not has_capability(actor, "user.update"):
        raise NotAllowed()
    old_email, old_key, name, locale = user.email, user.email_key, user.display_name, user.locale
    tokens.forget_account_links(user)
    newsletter_forget(old_key)
    user.email = user.email_key = f"deleted-{user.id}@invalid"
    user.display_name = _("Deleted account")
    user.password_hash = None
    user.is_active = False
    user.deleted_at = utcnow()
    for name_ in ("time_zone", "country", "birth_year", "gender"):
        setattr(user, name_, None)
    _end_every_session(user)
    send_account_mail(old_email, "account_deleted", locale, site_name=_site(), name=name)


def set_roles(actor: User, user: User, codes: Iterable[str]) -> dict:
    """Give ``user`` exactly these roles; returns ``{"roles": (before, after)}`` or ``{}``."""
    if not has_capability(actor, "user.update"):
        raise NotAllowed()
    codes = sorted(set(codes))
    if set(codes) - set(ROLE_CODES):
        raise Invalid(errors={"roles": [_("Unknown role.")]})
    if actor.id == user.id and "admin" in user.role_codes and "admin" not in codes:
        raise Invalid(errors={"roles": [_("You cannot remove your own administrator role.")]})
    before = sorted(user.role_codes)
    if before == codes:
        return {}
    ensure_default_roles()
    user.roles = [queries.get_role(code) for code in codes]
    db.session.flush()
    # The roles live in an association table, which the flush listener does not see.
    audit.record(
        "update", object_type="users", object_id=user.id, details={"roles": [before, codes]}
    )
    return {"roles": (before, codes)}


def suspend(actor: User, user: User) -> None:
    """Stop an account from signing in (its sessions and tokens end); nothing is erased."""
    if not has_capability(actor, "user.update"):
        raise NotAllowed()
    if actor.id == user.id:
        raise Invalid(errors={"is_active": [_("You cannot suspend your own account.")]})
    user.is_active = False
    _end_every_session(user)


def reactivate(actor: User, user: User) -> None:
    """Let a suspended account sign in again (a deleted one stays deleted)."""
    if not has_capability(actor, "user.update"):
        raise NotAllowed()
    if user.deleted_at is not None:
        raise Invalid(errors={"is_active": [_("A deleted account cannot be reactivated.")]})
    user.is_active = True
    db.session.flush()
