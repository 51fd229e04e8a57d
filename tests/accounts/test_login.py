"""Signing in and out through the web form."""

from tests.helpers import csrf_token


def test_a_user_signs_in_with_the_form_and_sees_their_name(client, create_user, login):
    user = create_user(display_name="Awa Konaté")
    login(user)
    assert "Awa Konaté" in client.get("/").get_data(as_text=True)


def test_a_wrong_password_is_refused_with_a_message_that_reveals_nothing(client, create_user):
    user = create_user()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"email": user.email, "password": "wrong password!", "csrf_token": token}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "incorrect" in html or "incorrect" in html.lower()


def test_an_internationalised_address_signs_in_in_any_equivalent_spelling(
    client, create_user, session
):
    user = create_user(email="élève@école.fr")
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={"email": "ÉLÈVE@ÉCOLE.FR", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302
    session.refresh(user)
    assert user.last_login_at is not None


def test_a_form_posted_without_its_csrf_token_is_refused(client, create_user):
    user = create_user()
    response = client.post("/login", data={"email": user.email, "password": "x" * 12})
    assert response.status_code in (400, 422)
    assert "/login" in client.get("/").get_data(as_text=True)
