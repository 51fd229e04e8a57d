"""Forgotten passwords, changes of password and address, signing out everywhere, deletion."""

from dclic.accounts import queries
from tests.conftest import PASSWORD
from tests.helpers import mailed_link, post_form

NEW_PASSWORD = "un autre mot de passe long"


def test_a_reset_link_is_mailed_and_works_once_within_the_hour(
    client, create_user, outbox, session
):
    user = create_user(email="مستخدم@مثال.مصر")
    response = post_form(client, "/password/forgot", {"email": "مستخدم@مثال.مصر"})
    assert response.status_code == 200
    link = mailed_link(outbox()[0], "/password/reset/")
    assert client.get(link).status_code == 200
    response = post_form(client, link, {"password": NEW_PASSWORD})
    assert response.status_code == 302
    session.refresh(user)
    from dclic.accounts.passwords import verify_password

    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert client.get(link).status_code == 400


def test_the_reset_page_says_the_same_whether_or_not_the_account_exists(
    client, create_user, outbox
):
    create_user(email="awa@example.org")
    known = post_form(client, "/password/forgot", {"email": "awa@example.org"})
    unknown = post_form(client, "/password/forgot", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: html.split('name="csrf_token"')[0]  # noqa: E731 - tokens differ
    assert strip(known.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))
    assert len(outbox()) == 1


def test_an_expired_reset_link_is_refused(client, create_user, outbox, session):
    from datetime import timedelta

    from dclic.accounts.models import AccountToken

    create_user(email="awa@example.org")
    post_form(client, "/password/forgot", {"email": "awa@example.org"})
    link = mailed_link(outbox()[0], "/password/reset/")
    for token in session.query(AccountToken).all():
        token.expires_at = token.created_at - timedelta(seconds=1)
    session.flush()
    assert client.get(link).status_code == 400


def test_changing_the_password_signs_out_the_other_sessions(
    app, client, create_user, login, outbox
):
    user = create_user(display_name="Awa")
    login(user)
    other = app.test_client()
    from tests.conftest import IsolatedClient

    other = IsolatedClient(app, app.response_class, use_cookies=True)
    post_form(other, "/login", {"email": user.email, "password": PASSWORD}, page="/login")
    assert "Awa" in other.get("/").get_data(as_text=True)
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert "Awa" in client.get("/").get_data(as_text=True)  # this session goes on
    assert "Awa" not in other.get("/").get_data(as_text=True)
    assert any(
        "password" in m["Subject"].lower() or "mot de passe" in m["Subject"] for m in outbox()
    )


def test_a_wrong_current_password_changes_nothing(client, create_user, login):
    login(create_user())
    response = post_form(
        client,
        "/account/password",
        {"current_password": "wrong one!", "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 422
    assert 'id="current_password-error"' in response.get_data(as_text=True)


def test_a_new_address_is_confirmed_on_it_and_the_old_one_is_told(
    client, create_user, login, outbox, session
):
    user = create_user(email="awa@example.org")
    login(user)
    response = post_form(
        client, "/account/email", {"new_email": "ուսանող@օրինակ.հայ", "password": PASSWORD}
    )
    assert response.status_code == 302
    [confirmation] = outbox()
    assert confirmation["To"] == "ուսանող@օրինակ.հայ"
    session.refresh(user)
    assert user.email == "awa@example.org"  # nothing changes before the link is used
    client.get(mailed_link(confirmation, "/account/email/confirm/"))
    session.refresh(user)
    assert user.email == "ուսանող@օրինակ.հայ"
    told = outbox()[-1]
    assert told["To"] == "awa@example.org"
    assert "ուսանող@օրինակ.հայ" in told.get_content()


def test_deleting_the_account_erases_personal_data_and_keeps_the_pseudonym(
    client, create_user, login, session
):
    user = create_user(email="awa@example.org", display_name="Awa Konaté")
    code = user.learner_code
    login(user)
    assert post_form(client, "/account/delete", {"password": "wrong one!"}).status_code == 422
    assert post_form(client, "/account/delete", {"password": PASSWORD}).status_code == 302
    session.refresh(user)
    assert user.deleted_at is not None and not user.is_active
    assert "Awa" not in user.display_name and "awa" not in user.email
    assert user.password_hash is None
    assert user.learner_code == code
    assert queries.get_user_by_email("awa@example.org") is None
    assert "Awa" not in client.get("/").get_data(as_text=True)


def test_the_profile_is_saved_and_validated(client, create_user, login, session):
    user = create_user()
    login(user)
    assert "learner-code" in client.get("/account").get_data(as_text=True)
    data = {
        "display_name": "Awa K.",
        "locale": "ar",
        "time_zone": "Africa/Dakar",
        "country": "SN",
        "birth_year": "2001",
        "gender": "undisclosed",
        "track": "M",
        "path_type": "tutored",
        "mail_notifications": "digest",
    }
    assert post_form(client, "/account", data).status_code == 302
    session.refresh(user)
    assert (user.locale, user.time_zone, user.country, user.track, user.path_type) == (
        "ar",
        "Africa/Dakar",
        "SN",
        "M",
        "tutored",
    )
    bad = post_form(client, "/account", {**data, "time_zone": "Mars/Olympus", "country": "XX"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="time_zone-error"' in html and 'id="country-error"' in html


def test_links_mailed_before_a_deletion_die_with_the_account(
    client, create_user, login, outbox, session
):
    from dclic.accounts import newsletter

    user = create_user(email="awa@example.org")
    newsletter.subscribe("awa@example.org", "fr")
    login(user)
    post_form(client, "/account/email", {"new_email": "new@example.org", "password": PASSWORD})
    change_link = mailed_link(outbox()[-1], "/account/email/confirm/")
    post_form(client, "/account/delete", {"password": PASSWORD})
    assert client.get(change_link).status_code == 400
    assert queries.get_newsletter_subscription("awa@example.org") is None


def test_an_account_older_than_learner_codes_gets_one_at_sign_in(
    client, create_user, login, session
):
    user = create_user()
    user.learner_code = None
    session.flush()
    login(user)
    session.refresh(user)
    assert user.learner_code is not None
