"""The accounts API: registration, bearer tokens, password reset, newsletter."""

from __future__ import annotations

from flask import g

from dclic import audit
from dclic.accounts import newsletter, services, tokens
from dclic.accounts.schemas import (
    AcceptedSchema,
    EmailSchema,
    LoginSchema,
    RegisterSchema,
    TokenSchema,
    UserSchema,
)
from dclic.accounts.sessions import audit_sign_in
from dclic.core.api import Unauthenticated, bearer_secret, endpoint
from dclic.core.db import db
from dclic.core.i18n import get_locale
from dclic.core.i18n import gettext as _


@endpoint(
    summary="Create a learner account (a confirmation link is mailed)",
    tags=["auth"],
    body=RegisterSchema,
    response=UserSchema,
    status=201,
    errors=(409, 429),
)
def register(body):
    body["locale"] = body.get("locale") or str(get_locale())
    user = services.register(**body)
    db.session.commit()
    return user


@endpoint(
    summary="Exchange credentials for a bearer token",
    tags=["auth"],
    body=LoginSchema,
    response=TokenSchema,
    errors=(401, 429),
)
def login(body):
    user = services.authenticate(body["email"], body["password"])
    audit_sign_in(user, body["email"], channel="api")
    db.session.commit()
    if user is None:
        raise Unauthenticated(_("E-mail address or password is incorrect."))
    secret, token = tokens.issue_api_token(user, body["label"])
    db.session.commit()
    return {"token": secret, "token_type": "Bearer", "expires_at": token.expires_at, "user": user}


@endpoint(summary="Revoke the bearer token of this request", tags=["auth"], auth=True)
def logout(actor):
    token = tokens.find_api_token(bearer_secret())
    tokens.revoke_api_token(token)
    audit.record("logout", object_type="users", object_id=actor.id, details={"via": "api"})
    db.session.commit()


@endpoint(
    summary="Mail a password reset link (same answer whether or not the account exists)",
    tags=["auth"],
    body=EmailSchema,
    response=AcceptedSchema,
    status=202,
    errors=(429,),
)
def password_reset(body):
    services.request_password_reset(body["email"])
    db.session.commit()
    return {
        "status": "accepted",
        "message": _("If an account uses this address, a link is on its way."),
    }


@endpoint(summary="The signed-in user's account", tags=["auth"], response=UserSchema, auth=True)
def me(actor):
    return actor


@endpoint(
    summary="Ask for the newsletter (a confirmation link is mailed: double opt-in)",
    tags=["newsletter"],
    body=EmailSchema,
    response=AcceptedSchema,
    status=202,
    errors=(429,),
)
def newsletter_subscribe(body):
    newsletter.subscribe(body["email"], str(get_locale()))
    db.session.commit()
    return {"status": "accepted", "message": _("Check your mailbox to confirm the subscription.")}


def authenticate_bearer(secret: str):
    """The authenticator the API core calls with a bearer secret (installed by the blueprint)."""
    token = tokens.find_api_token(secret)
    if token is None:
        return None
    g.user_id = token.user_id
    return token.user
