"""Reads of accounts."""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts.models import Role, User
from dclic.core.db import db
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
