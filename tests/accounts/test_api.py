"""The accounts API: registration, bearer tokens, password reset, newsletter, errors."""

import pytest

from dclic.accounts import queries
from tests.conftest import PASSWORD

STRONG = "une phrase de passe solide"


def register(client, **body):
    return client.post(
        "/api/v1/auth/register",
        json={"email": "awa@example.org", "password": STRONG, "display_name": "Awa", **body},
    )


def test_register_creates_a_learner_and_mails_a_confirmation(client, outbox):
    response = register(client, email="مستخدم@مثال.مصر")
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "مستخدم@مثال.مصر"
    assert body["email_confirmed"] is False
    assert body["roles"] == ["learner"]
    assert body["learner_code"]
    assert [m["To"] for m in outbox()] == ["مستخدم@مثال.مصر"]


def test_register_twice_in_an_equivalent_spelling_is_409(client):
    assert register(client).status_code == 201
    response = register(client, email="AWA@Example.ORG")
    assert response.status_code == 409
    assert "email" in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {"email": "nope", "password": "short", "display_name": ""},
            {"email", "password", "display_name"},
        ),
        ({"email": "a@example.org", "password": STRONG}, {"display_name"}),
        ({"email": 5, "password": [], "display_name": {}}, {"email", "password", "display_name"}),
        (
            {"email": "a@example.org", "password": STRONG, "display_name": "A", "admin": True},
            {"admin"},
        ),
        (
            {
                "email": "a@example.org",
                "password": STRONG,
                "display_name": "A",
                "birth_year": "2008",
            },
            {"birth_year"},
        ),
        (
            {"email": "a@example.org", "password": STRONG, "display_name": "A", "birth_year": 2024},
            {"birth_year"},
        ),
        ({"email": "x@☕.example", "password": STRONG, "display_name": "A"}, {"email"}),
    ],
)
def test_invalid_registrations_are_422_with_field_errors(client, body, fields):
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == fields


@pytest.mark.parametrize(
    "raw", [b"", b"null", b"[]", b'"text"', b"{", b"\xff\xfe\x00", b'{"email": "a@b.c"' + b" " * 10]
)
def test_no_body_however_malformed_yields_a_500(client, raw):
    for path in ("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/password-reset"):
        response = client.post(path, data=raw, content_type="application/json")
        assert response.status_code in (400, 422), (path, raw, response.status_code)


def test_login_returns_a_bearer_token_that_opens_me_until_logout(client, create_user, session):
    user = create_user(email="élève@école.fr", display_name="Élève")
    response = client.post(
        "/api/v1/auth/login", json={"email": "ÉLÈVE@ÉCOLE.FR", "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.get_json()["display_name"] == "Élève"
    from dclic.accounts.models import ApiToken

    assert token not in {t.token_hash for t in session.query(ApiToken).all()}  # stored hashed
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert user


def test_me_without_a_token_is_401_and_ignores_the_session_cookie(client, create_user, login):
    login(create_user())
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_a_wrong_password_is_401_without_saying_which_part_was_wrong(client, create_user):
    create_user(email="awa@example.org")
    wrong = client.post(
        "/api/v1/auth/login", json={"email": "awa@example.org", "password": "x" * 12}
    )
    unknown = client.post(
        "/api/v1/auth/login", json={"email": "zz@example.org", "password": "x" * 12}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json()["message"] == unknown.get_json()["message"]


def test_password_reset_answers_202_whether_or_not_the_account_exists(client, create_user, outbox):
    create_user(email="awa@example.org")
    known = client.post("/api/v1/auth/password-reset", json={"email": "awa@example.org"})
    unknown = client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert len(outbox()) == 1


def test_signing_out_everywhere_revokes_the_api_tokens_too(client, create_user, session):
    from dclic.accounts import services

    user = create_user()
    token = client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    ).get_json()["token"]
    services.sign_out_everywhere(user, user)
    session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_newsletter_needs_a_confirmation_and_unsubscribes_in_one_click(client, outbox, session):
    from tests.helpers import mailed_link

    response = client.post("/api/v1/newsletter/subscriptions", json={"email": "ուսանող@օրինակ.հայ"})
    assert response.status_code == 202
    subscription = queries.get_newsletter_subscription("ուսանող@օրինակ.հայ")
    assert subscription.confirmed_at is None
    [message] = outbox()
    confirm = mailed_link(message, "/newsletter/confirm/")
    assert client.get(confirm).status_code == 200  # a page with a button: scanners confirm nothing
    session.refresh(subscription)
    assert subscription.confirmed_at is None
    assert client.post(confirm).status_code == 200
    session.refresh(subscription)
    assert subscription.confirmed_at is not None
    again = client.post("/api/v1/newsletter/subscriptions", json={"email": "ուսանող@օրինակ.հայ"})
    assert again.status_code == 202 and len(outbox()) == 1  # no second mail, nothing revealed
    assert client.post(mailed_link(message, "/newsletter/unsubscribe/")).status_code == 200
    session.refresh(subscription)
    assert subscription.unsubscribed_at is not None


def test_the_api_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/auth/password-reset",
        "/api/v1/me",
        "/api/v1/newsletter/subscriptions",
    ):
        assert path in paths
    assert paths["/api/v1/me"]["get"]["security"] == [{"bearer": []}]
