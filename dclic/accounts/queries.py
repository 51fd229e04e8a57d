"""Reads of accounts."""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts.models import Role, User
from dclic.core.db import db, get_by_id
from dclic.core.email_address import InvalidAddress, normalize


def get_user_by_email(text: str) -> User | None:
    """The account whose address is equivalent to ``text``, if any."""
    try:
        key = normalize(text).key
    except InvalidAddress:
        return None
    return db.session.scalar(sa.select(User).where(User.email_key == key))


def get_user_by_session_id(session_id: str) -> User | None:
    """The active user behind a Flask-Login id ``"<id>.<nonce>"``; None once revoked."""
    user_id, _, nonce = session_id.partition(".")
    if not user_id.isdigit() or not nonce:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_nonce != nonce:
        return None
    return user


def get_role(code: str) -> Role | None:
    """The role with this code, if it exists."""
    return db.session.scalar(sa.select(Role).where(Role.code == code))


def count_users() -> int:
    """How many accounts exist."""
    return db.session.scalar(sa.select(sa.func.count(User.id))) or 0


def _name_contains(text: str):
    """The display name contains ``text``, whatever the case (LIKE wildcards escaped)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(User.display_name).like(f"%{escaped}%", escape="\\")


def get_user_by_learner_code(text: str) -> User | None:
    """The account with this learner code, typed however sloppily (case, spaces, hyphens)."""
    from dclic.accounts.learner_code import normalize_learner_code

    code = normalize_learner_code(text or "")
    if code is None:
        return None
    return db.session.scalar(sa.select(User).where(User.learner_code == code))


def get_newsletter_subscription(text: str):
    """The newsletter subscription of this address (any equivalent spelling), if any."""
    from dclic.accounts.models import NewsletterSubscription

    try:
        key = normalize(text).key
    except InvalidAddress:
        return None
    return db.session.scalar(
        sa.select(NewsletterSubscription).where(NewsletterSubscription.email_key == key)
    )


SEARCH_LIMIT = 20


def search_people(viewer, text: str) -> list[User]:
    """People matching a learner code (or its start), an address or a name; for mentors and staff.

    A code needs at least 3 symbols; an address matches in any equivalent spelling; a name
    matches anywhere, whatever the case. Deleted accounts are never found.
    """
    from dclic.accounts.learner_code import learner_code_prefix
    from dclic.accounts.permissions import can_search_people
    from dclic.core.errors import NotAllowed

    if not can_search_people(viewer):
        raise NotAllowed()
    text = " ".join((text or "").split())[:200]
    if not text:
        return []
    statement = sa.select(User).where(User.deleted_at.is_(None))
    prefix = learner_code_prefix(text)
    if "@" in text:
        try:
            statement = statement.where(User.email_key == normalize(text).key)
        except InvalidAddress:
            return []
    elif prefix is not None and len(prefix.replace("-", "")) >= 3:
        statement = statement.where(User.learner_code.like(prefix + "%"))
    else:
        statement = statement.where(_name_contains(text))
    statement = statement.order_by(User.display_name, User.id).limit(SEARCH_LIMIT)
    return list(db.session.scalars(statement))


def get_profile(viewer, code: str) -> User:
    """The person with this learner code, if ``viewer`` may see their profile; else NotFound.

    A hidden profile answers exactly like a missing one, so nobody learns that it exists.
    """
    from dclic.accounts.permissions import can_view_profile
    from dclic.core.errors import NotFound

    user = get_user_by_learner_code(code)
    if user is None or not can_view_profile(viewer, user):
        raise NotFound()
    return user


USER_STATUSES = ("active", "unconfirmed", "suspended", "deleted")


def list_users(
    viewer,
    *,
    q=None,
    role=None,
    country=None,
    track=None,
    status=None,
    page: int = 1,
    per_page: int = 50,
):
    """One page of accounts matching the filters, by name; for holders of ``user.list``."""
    from dclic.accounts.learner_code import learner_code_prefix
    from dclic.accounts.models import Role, user_roles
    from dclic.accounts.rights import require
    from dclic.core.api import paginate

    require(viewer, "user.list")
    statement = sa.select(User)
    text = " ".join((q or "").split())[:200]
    if text:
        prefix = learner_code_prefix(text)
        if "@" in text:
            try:
                statement = statement.where(User.email_key == normalize(text).key)
            except InvalidAddress:
                statement = statement.where(sa.false())
        elif prefix is not None and len(prefix.replace("-", "")) >= 3:
            statement = statement.where(User.learner_code.like(prefix + "%"))
        else:
            statement = statement.where(_name_contains(text))
    if role:
        statement = statement.where(
            User.id.in_(
                sa.select(user_roles.c.user_id)
                .join(Role, Role.id == user_roles.c.role_id)
                .where(Role.code == role)
            )
        )
    if country:
        statement = statement.where(User.country == country)
    if track:
        statement = statement.where(User.track == track)
    if status == "deleted":
        statement = statement.where(User.deleted_at.is_not(None))
    elif status == "suspended":
        statement = statement.where(User.is_active.is_(False), User.deleted_at.is_(None))
    elif status == "unconfirmed":
        statement = statement.where(User.email_confirmed_at.is_(None), User.is_active.is_(True))
    elif status == "active":
        statement = statement.where(User.is_active.is_(True), User.email_confirmed_at.is_not(None))
    return paginate(statement.order_by(User.display_name, User.id), page=page, per_page=per_page)


def get_user(user_id) -> User | None:
    """The account with this number, or None (also for numbers no column could hold)."""
    return get_by_id(User, user_id)
