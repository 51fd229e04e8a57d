"""Universal acceptance end to end: addresses in every script, through the form and the API,
to a real mail server, and back in any equivalent spelling."""

import pytest

from tests.conftest import make_migrated_app
from tests.core.test_email_address import INVALID, VALID
from tests.helpers import post_form

STRONG = "une phrase de passe solide"
FORM = {
    "display_name": "Apprenant",
    "password": STRONG,
    "birth_year": "2006",
    "country": "MA",
    "track": "M",
    "path_type": "tutored",
}
SCRIPTS = [address for address, *_ in VALID][:14]


@pytest.mark.parametrize("address", SCRIPTS)
def test_registering_and_signing_in_through_the_api_in_every_script(client, address):
    response = client.post(
        "/api/v1/auth/register",
        json={"email": address, "password": STRONG, "display_name": "Apprenant"},
    )
    assert response.status_code == 201, response.get_json()
    canonical = response.get_json()["email"]
    login = client.post("/api/v1/auth/login", json={"email": address.upper(), "password": STRONG})
    assert login.status_code == 200, (address, login.get_json())
    assert login.get_json()["user"]["email"] == canonical


@pytest.mark.parametrize(("address", "code"), INVALID[:40])
def test_invalid_addresses_get_a_clear_message_on_the_form_and_in_the_api(client, address, code):
    page = post_form(client, "/register", {**FORM, "email": address})
    api = client.post(
        "/api/v1/auth/register",
        json={"email": address, "password": STRONG, "display_name": "Apprenant"},
    )
    if "\x00" in address:  # a NUL anywhere is refused for the whole request
        assert page.status_code == api.status_code == 400
        assert api.get_json()["code"] == "bad_request"
        return
    assert page.status_code == 422
    assert 'id="email-error"' in page.get_data(as_text=True)
    assert api.status_code == 422
    assert api.get_json()["errors"]["email"]


@pytest.mark.parametrize(
    "spelling",
    [
        "élève@école.fr",
        "Élève@école.fr",
        "élève@ÉCOLE.FR",
        "e\u0301le\u0300ve@e\u0301cole.fr",  # decomposed accents (NFD)
        "élève@xn--cole-9oa.fr",
        "élève@école\uff0efr",  # full-width dot
        "élève@école\u3002fr",  # ideographic full stop
        " élève@école.fr ",
    ],
)
def test_every_equivalent_spelling_signs_in_to_the_same_account(client, create_user, spelling):
    from tests.conftest import PASSWORD

    create_user(email="élève@école.fr")
    response = post_form(client, "/login", {"email": spelling, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def relay_app(tmp_path, smtp_server):
    def build(smtputf8: bool):
        handler, port = smtp_server(smtputf8=smtputf8)
        app = make_migrated_app(
            tmp_path, MAIL_URL=f"smtp://127.0.0.1:{port}", WTF_CSRF_ENABLED=False
        )
        return app, handler

    return build


def register_on(app, address):
    return app.test_client().post("/register", data={**FORM, "email": address})


def test_the_confirmation_mail_reaches_a_real_server_with_the_exact_envelope(relay_app):
    app, handler = relay_app(smtputf8=True)
    assert register_on(app, "مستخدم@مثال.مصر").status_code == 302
    assert register_on(app, "fatou@école.fr").status_code == 302
    assert handler.received.wait(5)
    recipients = {tuple(e.rcpt_tos): "SMTPUTF8" in e.mail_options for e in handler.envelopes}
    assert recipients == {("مستخدم@مثال.مصر",): True, ("fatou@xn--cole-9oa.fr",): False}


def test_a_relay_without_smtputf8_refuses_the_address_cleanly_and_still_serves_ascii_ones(
    relay_app,
):
    app, handler = relay_app(smtputf8=False)
    response = register_on(app, "مستخدم@مثال.مصر")
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert register_on(app, "fatou@école.fr").status_code == 302
    assert handler.received.wait(5)
    assert [e.rcpt_tos for e in handler.envelopes] == [["fatou@xn--cole-9oa.fr"]]
