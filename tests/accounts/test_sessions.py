"""Sessions: renewed at sign-in, ended after idleness or a maximum lifetime, revocable."""

import time

from dclic.accounts import services
from tests.helpers import csrf_token


def test_sign_in_starts_a_new_session_and_keeps_the_chosen_language(client, create_user, login):
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
        before["lang"] = "en"
    login(create_user())
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["lang"] == "en"
        assert after["_user_id"]


def test_an_idle_session_expires_and_asks_to_sign_in_again(client, create_user, login):
    login(create_user(display_name="Moussa"))
    with client.session_transaction() as state:
        state["_seen"] = int(time.time()) - 31 * 60
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "Moussa" not in client.get("/").get_data(as_text=True)


def test_a_session_ends_after_its_maximum_lifetime_even_when_active(client, create_user, login):
    login(create_user(display_name="Moussa"))
    with client.session_transaction() as state:
        state["_auth_at"] = int(time.time()) - 13 * 3600
    client.get("/")
    assert "Moussa" not in client.get("/").get_data(as_text=True)


def test_signing_out_everywhere_ends_every_session_of_the_user(
    app, client, create_user, login, session
):
    user = create_user(display_name="Awa")
    login(user)
    other = app.test_client()
    assert "Awa" in client.get("/").get_data(as_text=True)
    services.sign_out_everywhere(user, user)
    session.commit()
    assert "Awa" not in client.get("/").get_data(as_text=True)
    assert other


def test_sign_out_is_a_post_with_csrf(client, create_user, login):
    login(create_user(display_name="Awa"))
    assert client.get("/logout").status_code == 405
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert "Awa" not in client.get("/").get_data(as_text=True)


def test_a_suspended_account_cannot_sign_in(client, create_user, session):
    user = create_user()
    user.is_active = False
    session.flush()
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": "correct horse battery",
            "csrf_token": csrf_token(client, "/login"),
        },
    )
    assert response.status_code == 422
