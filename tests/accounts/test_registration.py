"""Anyone may register, in any script, and confirms their address by mail."""

import pytest

from dclic.accounts import queries
from dclic.accounts.learner_code import is_valid_learner_code
from tests.helpers import mailed_link, post_form

PASSWORD = "une phrase de passe solide"

FORM = {
    "display_name": "Awa Konaté",
    "password": PASSWORD,
    "birth_year": "2008",
    "country": "SN",
    "track": "A",
    "path_type": "free",
    "gender": "",
}

ADDRESSES = [
    "élève@école.fr",
    "مستخدم@مثال.مصر",
    "ուսանող@օրինակ.հայ",
    "пользователь@пример.рф",
    "用户@例子.中国",
    "fatou.ndiaye+dclic@example.sn",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_anyone_registers_with_an_address_in_their_own_script(client, session, outbox, address):
    response = post_form(client, "/register", {**FORM, "email": address})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/register/done"
    user = queries.get_user_by_email(address)
    assert user is not None and user.has_role("learner")
    assert (user.country, user.track, user.path_type, user.birth_year) == ("SN", "A", "free", 2008)
    assert user.locale == "fr"
    assert is_valid_learner_code(user.learner_code)
    assert user.email_confirmed_at is None
    [message] = outbox()
    assert message["To"] == user.email
    page = client.get("/register/done").get_data(as_text=True)
    assert user.learner_code in page
    assert f'<bdi class="address">{user.email}</bdi>' in page


def test_the_mailed_link_confirms_the_address_once(client, session, outbox):
    post_form(client, "/register", {**FORM, "email": "awa@example.org"})
    link = mailed_link(outbox()[0], "/confirm/")
    assert client.get(link).status_code == 302
    user = queries.get_user_by_email("awa@example.org")
    session.refresh(user)
    assert user.email_confirmed_at is not None
    assert client.get(link).status_code == 400  # single use


def test_every_problem_is_shown_at_once_and_nothing_is_created(client, session, outbox):
    response = post_form(
        client,
        "/register",
        {
            **FORM,
            "email": "not an address",
            "password": "azerty",
            "birth_year": "2020",
            "track": "Z",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field in ("email", "password", "birth_year", "track"):
        assert f'id="{field}-error"' in html
    assert outbox() == []


def test_under_13_cannot_register_and_under_18_are_flagged(client, session):
    from dclic.core.db import utcnow

    year = utcnow().year
    too_young = post_form(
        client, "/register", {**FORM, "email": "a@example.org", "birth_year": str(year - 12)}
    )
    assert too_young.status_code == 422
    post_form(client, "/register", {**FORM, "email": "b@example.org", "birth_year": str(year - 15)})
    assert queries.get_user_by_email("b@example.org").is_minor
    client.post("/logout", data={})  # the session of b ends with the next registration anyway


@pytest.mark.parametrize(
    "spelling",
    ["AWA@EXAMPLE.ORG", "awa@EXAMPLE.org", " awa@example.org ", "awa@example．org"],
)
def test_an_address_already_registered_in_any_spelling_is_refused(client, create_user, spelling):
    create_user(email="awa@example.org")
    response = post_form(client, "/register", {**FORM, "email": spelling})
    assert response.status_code == 422
    assert "email-error" in response.get_data(as_text=True)


def test_the_registration_form_takes_addresses_browsers_would_refuse(client):
    html = client.get("/register").get_data(as_text=True)
    assert 'type="email"' not in html
    assert 'inputmode="email"' in html
    assert 'autocomplete="email"' in html
