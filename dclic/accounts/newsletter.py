"""The newsletter list: double opt-in subscriptions and one-click unsubscription.

Sending the letters is the newsletter module's job (planned); this keeps the list clean: an
address is on it only once its owner clicked the mailed link, and leaves it with one click.
The answer to a subscription request never tells whether the address was already there.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import current_app

from dclic.accounts import queries
from dclic.accounts.mails import send_account_mail
from dclic.accounts.models import NewsletterSubscription
from dclic.accounts.tokens import digest
from dclic.config import LOCALES
from dclic.core.db import db, utcnow
from dclic.core.errors import Invalid
from dclic.core.http import external_url
from dclic.core.i18n import gettext as _
from dclic.core.settings import setting


def subscribe(email, locale: str | None) -> None:
    """Record a request and mail the confirmation link (unless already confirmed)."""
    from dclic.accounts.services import check_address

    address = check_address(email)
    locale = locale if locale in LOCALES else current_app.config["BABEL_DEFAULT_LOCALE"]
    subscription = queries.get_newsletter_subscription(address.display)
    if subscription is not None and subscription.confirmed_at and not subscription.unsubscribed_at:
        return  # already on the list: nothing to do, and nothing to reveal
    secret = secrets.token_urlsafe(32)
    if subscription is None:
        subscription = NewsletterSubscription(email_key=address.key)
        db.session.add(subscription)
    subscription.email = address.display
    subscription.locale = locale
    subscription.token_hash = digest(secret)
    subscription.confirmed_at = subscription.unsubscribed_at = None
    subscription.created_at = utcnow()
    db.session.flush()
    send_account_mail(
        address.display,
        "newsletter_confirm",
        locale,
        site_name=setting("site_name"),
        url=external_url("accounts.newsletter_confirm", token=secret),
        unsubscribe_url=external_url("accounts.newsletter_unsubscribe", token=secret),
    )


def _by_secret(secret) -> NewsletterSubscription:
    subscription = None
    if isinstance(secret, str) and 20 <= len(secret) <= 100:
        subscription = db.session.scalar(
            sa.select(NewsletterSubscription).where(
                NewsletterSubscription.token_hash == digest(secret)
            )
        )
    if subscription is None:
        raise Invalid(
            _("This link is not valid."), errors={"token": [_("This link is not valid.")]}
        )
    return subscription


def confirm(secret) -> NewsletterSubscription:
    """The owner clicked the link: the address joins the list."""
    subscription = _by_secret(secret)
    if subscription.unsubscribed_at is None and subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
        db.session.flush()
    return subscription


def unsubscribe(secret) -> NewsletterSubscription:
    """One click, no sign-in: the address leaves the list."""
    subscription = _by_secret(secret)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = utcnow()
        db.session.flush()
    return subscription
