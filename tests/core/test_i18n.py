"""Languages: French by default, English and Arabic (right-to-left), and how one is chosen."""

from tests.helpers import csrf_token


def html_tag(client, path="/", **kwargs):
    html = client.get(path, **kwargs).get_data(as_text=True)
    return html[html.index("<html") : html.index(">", html.index("<html")) + 1]


def test_pages_are_in_french_by_default(client):
    assert html_tag(client) == '<html lang="fr" dir="ltr">'


def test_the_browser_language_is_used_when_nothing_else_is_chosen(client):
    tag = html_tag(client, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert tag == '<html lang="en" dir="ltr">'
    assert html_tag(client, headers={"Accept-Language": "de, ar;q=0.5"}) == (
        '<html lang="ar" dir="rtl">'
    )
    assert html_tag(client, headers={"Accept-Language": "de"}) == '<html lang="fr" dir="ltr">'


def test_lang_in_the_address_switches_and_is_remembered_for_the_next_pages(client):
    assert html_tag(client, "/?lang=ar") == '<html lang="ar" dir="rtl">'
    assert html_tag(client, "/login", headers={"Accept-Language": "en"}) == (
        '<html lang="ar" dir="rtl">'
    )


def test_an_unknown_lang_is_ignored(client):
    assert html_tag(client, "/?lang=xx") == '<html lang="fr" dir="ltr">'


def test_the_language_switch_form_remembers_the_choice_and_goes_back(client):
    token = csrf_token(client, "/login")
    response = client.post("/language", data={"lang": "en", "next": "/login", "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert html_tag(client, "/") == '<html lang="en" dir="ltr">'


def test_the_language_switch_never_redirects_off_site(client):
    token = csrf_token(client, "/")
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = client.post(
            "/language", data={"lang": "en", "next": target, "csrf_token": token}
        )
        assert response.headers["Location"] in ("/", "/evil.example")


def test_a_signed_in_users_setting_wins_and_the_switch_changes_it(
    client, create_user, login, session
):
    user = create_user(locale="ar")
    login(user)
    assert html_tag(client, headers={"Accept-Language": "en"}) == '<html lang="ar" dir="rtl">'
    token = csrf_token(client, "/")
    client.post("/language", data={"lang": "fr", "next": "/", "csrf_token": token})
    session.refresh(user)
    assert user.locale == "fr"
    assert html_tag(client) == '<html lang="fr" dir="ltr">'


def test_the_switch_without_its_csrf_token_changes_nothing(client):
    client.post("/language", data={"lang": "ar", "next": "/"})
    assert html_tag(client) == '<html lang="fr" dir="ltr">'
