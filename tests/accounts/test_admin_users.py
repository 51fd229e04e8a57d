"""User administration pages: who reaches them, filters, creation, changes, and bad input."""

import pytest
import sqlalchemy as sa

from dclic.accounts import rights
from dclic.accounts.models import User
from dclic.audit.models import AuditEvent
from dclic.core.permissions import all_capabilities
from tests.conftest import PASSWORD, IsolatedClient
from tests.helpers import csrf_token, post_form

REFUSED = ("learner", "mentor", "editor")
ROLES = ("admin", "pedagogical_admin", *REFUSED)


def _signed_in_client(app, user) -> IsolatedClient:
    """Another browser, signed in as ``user``."""
    other = IsolatedClient(app, app.response_class, use_cookies=True)
    response = post_form(other, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return other


def _post(client, path, data=None):
    """Post with the session's CSRF token (taken from the account page)."""
    return post_form(client, path, data or {}, page="/account")


def _label(code: str) -> str:
    """A role's label as the pages show it to a visitor with no language chosen (French)."""
    from dclic.accounts.labels import ROLE_LABELS
    from dclic.core.i18n import force_locale

    with force_locale("fr"):
        return str(ROLE_LABELS[code])


def _audit_rows(session, user, action):
    return session.scalars(
        sa.select(AuditEvent)
        .where(
            AuditEvent.object_type == "users",
            AuditEvent.object_id == str(user.id),
            AuditEvent.action == action,
        )
        .order_by(AuditEvent.id)
    ).all()


# --- who reaches what ------------------------------------------------------------------------

PAGES = {
    "/admin/users": {"admin", "pedagogical_admin"},
    "/admin/users/new": {"admin", "pedagogical_admin"},
    "/admin/users/{id}": {"admin", "pedagogical_admin"},
    "/admin/users/{id}/edit": {"admin"},
    "/admin/users/{id}/delete": {"admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_answers_each_role(client, create_user, login, role, page):
    person = create_user()
    login(create_user(roles=(role,)))
    response = client.get(page.format(id=person.id))
    assert response.status_code == (200 if role in PAGES[page] else 403)


ACTIONS = ("roles", "suspend", "reactivate", "sign-out", "delete", "edit")


@pytest.mark.parametrize("role", ("pedagogical_admin", *REFUSED))
@pytest.mark.parametrize("action", ACTIONS)
def test_changing_an_account_is_refused_without_the_right(
    client, create_user, login, session, role, action
):
    person = create_user(display_name="Awa Diallo")
    login(create_user(roles=(role,)))
    data = {"roles": ["admin"], "display_name": "Changed", "mail_notifications": "off"}
    response = _post(client, f"/admin/users/{person.id}/{action}", data)
    assert response.status_code == 403
    assert "<html" in response.get_data(as_text=True)  # the friendly page
    session.expire_all()
    assert person.display_name == "Awa Diallo" and person.is_active
    assert person.role_codes == {"learner"}


def test_anonymous_visitors_are_sent_to_sign_in(client, create_user):
    person = create_user()
    for page in PAGES:
        response = client.get(page.format(id=person.id))
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_administration_lists_accounts_only_to_those_who_may_list_them(app, create_user):
    staff = _signed_in_client(app, create_user(roles=("pedagogical_admin",)))
    assert 'href="/admin"' in staff.get("/account").get_data(as_text=True)
    assert 'href="/admin/users"' in staff.get("/admin").get_data(as_text=True)
    assert 'href="/admin/users"' in staff.get("/").get_data(as_text=True)  # the home's tools
    mentor = _signed_in_client(app, create_user(roles=("mentor",)))
    assert 'href="/admin"' not in mentor.get("/account").get_data(as_text=True)
    assert mentor.get("/admin").status_code == 403
    assert 'href="/people"' in mentor.get("/").get_data(as_text=True)


# --- the list ----------------------------------------------------------------------------------


def test_the_list_filters_by_role_status_and_learner_code(client, create_user, login, session):
    from dclic.accounts import services

    admin = create_user(roles=("admin",), display_name="Zoé Admin")
    mentor = create_user(roles=("mentor",), display_name="Koffi Mensah")
    suspended = create_user(display_name="Fatou Sow")
    other = create_user(display_name="Jean Dupont")
    services.suspend(admin, suspended)
    login(admin)

    html = client.get("/admin/users?role=mentor").get_data(as_text=True)
    assert "Koffi Mensah" in html and "Jean Dupont" not in html

    html = client.get("/admin/users?status=suspended").get_data(as_text=True)
    assert "Fatou Sow" in html and "Jean Dupont" not in html and "Koffi Mensah" not in html

    prefix = mentor.learner_code.replace("-", "")[:6]
    html = client.get(f"/admin/users?q={prefix.lower()}").get_data(as_text=True)
    assert "Koffi Mensah" in html and other.display_name not in html


def test_the_list_shows_roles_status_and_addresses_to_those_who_may_read_them(
    app, client, create_user, login
):
    admin = create_user(roles=("admin",))
    create_user(roles=("mentor", "learner"), display_name="Koffi Mensah", email="koffi@example.org")
    login(admin)
    html = client.get("/admin/users").get_data(as_text=True)
    assert "<bdi>Koffi Mensah</bdi>" in html and f"{_label('learner')}, {_label('mentor')}" in html
    assert "koffi@example.org" in html

    # Without user.read.email, the pedagogical administrators see the list without addresses.
    held = {(r, c.name) for c in all_capabilities() for r in c.default_roles}
    rights.set_matrix(admin, held - {("pedagogical_admin", "user.read.email")})
    staff = _signed_in_client(app, create_user(roles=("pedagogical_admin",)))
    html = staff.get("/admin/users").get_data(as_text=True)
    assert "Koffi Mensah" in html and "koffi@example.org" not in html


@pytest.mark.parametrize(
    "query",
    [
        "role=wizard",
        "status=gone",
        "country=XX",
        "track=Z",
        "q=" + "x" * 300,
    ],
)
def test_bad_filters_are_shown_on_the_form_never_a_server_error(client, create_user, login, query):
    login(create_user(roles=("admin",)))
    response = client.get(f"/admin/users?{query}")
    assert response.status_code == 422
    assert 'class="form-errors"' in response.get_data(as_text=True)


def test_a_nul_character_in_a_filter_gets_the_friendly_bad_request_page(client, create_user, login):
    login(create_user(roles=("admin",)))
    response = client.get("/admin/users?country=fr%00")
    assert response.status_code == 400
    assert 'name="viewport"' in response.get_data(as_text=True)


def test_a_garbage_page_number_shows_the_first_page(client, create_user, login):
    login(create_user(roles=("admin",)))
    for page in ("abc", "-3", "0", "99999999999999999999"):
        assert client.get(f"/admin/users?page={page}").status_code == 200


def test_the_list_has_fifty_accounts_a_page_and_its_links_keep_the_filters(
    client, create_user, login
):
    login(create_user(roles=("admin",)))
    for n in range(51):
        create_user(roles=("trainer",), display_name=f"Zed {n:02d}")
    html = client.get("/admin/users?role=trainer").get_data(as_text=True)
    assert html.count("<bdi>Zed ") == 50
    assert "/admin/users?page=2&amp;role=trainer" in html
    html = client.get("/admin/users?page=2&role=trainer").get_data(as_text=True)
    assert html.count("<bdi>Zed ") == 1 and "<bdi>Zed 50</bdi>" in html


def test_the_list_costs_the_same_number_of_queries_for_more_accounts(
    client, create_user, login, count_queries
):
    login(create_user(roles=("admin",)))

    def queries_of_the_list():
        with count_queries() as counted:
            assert client.get("/admin/users").status_code == 200
        return counted.n

    create_user(roles=("mentor",))
    few = queries_of_the_list()
    for _n in range(8):
        create_user(roles=("mentor", "learner"))
    assert queries_of_the_list() == few


# --- creating an account ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ("admin", "pedagogical_admin"))
def test_an_account_with_an_internationalised_address_is_created(
    client, create_user, login, session, role
):
    login(create_user(roles=(role,)))
    response = post_form(
        client,
        "/admin/users/new",
        {
            "email": "ուսանող@օրինակ.հայ",
            "display_name": "Անի Սարգսյան",
            "password": "a long enough secret phrase",
            "roles": ["learner", "mentor"],
            "locale": "en",
        },
    )
    assert response.status_code == 302
    user = session.scalar(sa.select(User).where(User.display_name == "Անի Սարգսյան"))
    assert user.email == "ուսանող@օրինակ.հայ" and user.role_codes == {"learner", "mentor"}
    assert user.locale == "en" and user.is_confirmed
    assert response.headers["Location"].endswith(f"/admin/users/{user.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ուսանող@օրինակ.հայ" in page and 'class="flash flash-success"' in page


def test_creating_an_account_shows_the_problems_on_the_form(client, create_user, login):
    login(create_user(roles=("admin",)))
    taken = create_user(email="taken@example.org")
    response = post_form(
        client,
        "/admin/users/new",
        {
            "email": taken.email,
            "display_name": "Someone",
            "password": "a long enough secret phrase",
            "roles": ["learner"],
        },
    )
    assert response.status_code == 422 and 'class="form-errors"' in response.get_data(as_text=True)
    response = post_form(
        client,
        "/admin/users/new",
        {
            "email": "new@example.org",
            "display_name": "Someone",
            "password": "a long enough secret phrase",
            "roles": ["wizard"],
        },
    )
    assert response.status_code == 422 and 'id="roles-error"' in response.get_data(as_text=True)
    response = post_form(
        client,
        "/admin/users/new",
        {"email": "new@example.org", "display_name": "Someone", "password": "short"},
    )
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)


# --- one account ---------------------------------------------------------------------------------


def test_the_account_page_says_what_a_mentor_can_do_and_the_look_is_recorded(
    client, create_user, login, session
):
    mentor = create_user(roles=("mentor",), display_name="Koffi Mensah")
    login(create_user(roles=("pedagogical_admin",)))
    html = client.get(f"/admin/users/{mentor.id}").get_data(as_text=True)
    assert "<code>user.search</code>" in html and "<code>user.update</code>" not in html
    assert "/suspend" not in html  # no buttons without user.update
    assert len(_audit_rows(session, mentor, "view_personal")) == 1


def test_roles_are_set_from_the_page_and_recorded(client, create_user, login, session):
    person = create_user()
    login(create_user(roles=("admin",)))
    response = _post(client, f"/admin/users/{person.id}/roles", {"roles": ["learner", "mentor"]})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/users/{person.id}")
    session.expire_all()
    assert person.role_codes == {"learner", "mentor"}
    (row,) = [r for r in _audit_rows(session, person, "update") if "roles" in (r.changes or {})]
    assert row.changes["roles"] == [["learner"], ["learner", "mentor"]]


def test_an_unknown_role_is_refused_on_the_page(client, create_user, login, session):
    person = create_user()
    login(create_user(roles=("admin",)))
    response = _post(client, f"/admin/users/{person.id}/roles", {"roles": ["wizard"]})
    assert response.status_code == 422 and 'id="roles-error"' in response.get_data(as_text=True)
    session.expire_all()
    assert person.role_codes == {"learner"}


def test_administrators_keep_their_own_admin_role_and_cannot_suspend_themselves(
    client, create_user, login, session
):
    admin = create_user(roles=("admin",))
    login(admin)
    response = _post(client, f"/admin/users/{admin.id}/roles", {"roles": ["learner"]})
    assert response.status_code == 422
    assert "retirer votre propre rôle d’administrateur" in response.get_data(as_text=True)
    response = _post(client, f"/admin/users/{admin.id}/suspend")
    assert response.status_code == 422
    assert "suspendre votre propre compte" in response.get_data(as_text=True)
    session.expire_all()
    assert admin.role_codes == {"admin"} and admin.is_active


def test_a_suspended_person_is_signed_out_and_cannot_sign_in_until_reactivated(
    app, client, create_user, login, session
):
    person = create_user(email="awa@example.org")
    theirs = _signed_in_client(app, person)
    assert theirs.get("/account").status_code == 200
    login(create_user(roles=("admin",)))

    assert _post(client, f"/admin/users/{person.id}/suspend").status_code == 302
    assert theirs.get("/account").status_code == 302  # their session ended
    refused = post_form(theirs, "/login", {"email": "awa@example.org", "password": PASSWORD})
    assert refused.status_code == 422
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "/reactivate" in page

    assert _post(client, f"/admin/users/{person.id}/reactivate").status_code == 302
    assert (
        post_form(theirs, "/login", {"email": person.email, "password": PASSWORD}).status_code
        == 302
    )


def test_signing_someone_out_everywhere_ends_their_sessions(app, client, create_user, login):
    person = create_user()
    theirs = _signed_in_client(app, person)
    login(create_user(roles=("admin",)))
    assert _post(client, f"/admin/users/{person.id}/sign-out").status_code == 302
    assert theirs.get("/account").status_code == 302


def test_deleting_an_account_asks_first_then_anonymises_it(client, create_user, login, session):
    person = create_user(email="fatou@example.org", display_name="Fatou Sow")
    login(create_user(roles=("admin",)))
    page = client.get(f"/admin/users/{person.id}/delete").get_data(as_text=True)
    assert "Fatou Sow" in page
    response = post_form(client, f"/admin/users/{person.id}/delete", {})
    assert response.status_code == 302
    session.expire_all()
    assert person.deleted_at is not None and not person.is_active
    assert person.email == f"deleted-{person.id}@invalid" and person.display_name != "Fatou Sow"
    html = client.get("/admin/users?status=deleted").get_data(as_text=True)
    assert "fatou@example.org" not in html and person.learner_code in html
    # A second deletion does nothing (and mails no one).
    assert client.get(f"/admin/users/{person.id}/delete").status_code == 302


def test_an_administrator_edits_someone_s_profile(client, create_user, login, session):
    person = create_user(display_name="Awa")
    login(create_user(roles=("admin",)))
    fields = {
        "display_name": "Awa Diallo",
        "locale": "fr",
        "country": "SN",
        "birth_year": "1990",
        "track": "M",
        "path_type": "tutored",
        "mail_notifications": "digest",
        "profile_visibility": "members",
    }
    response = post_form(client, f"/admin/users/{person.id}/edit", fields)
    assert response.status_code == 302
    session.expire_all()
    assert (person.display_name, person.country, person.track) == ("Awa Diallo", "SN", "M")

    response = post_form(
        client, f"/admin/users/{person.id}/edit", {**fields, "birth_year": "year two thousand"}
    )
    assert response.status_code == 422 and 'id="birth_year-error"' in response.get_data(
        as_text=True
    )


# --- bad input --------------------------------------------------------------------------------


def test_unknown_accounts_answer_404(client, create_user, login):
    login(create_user(roles=("admin",)))
    for path in (
        "/admin/users/abc",
        "/admin/users/999999",
        "/admin/users/99999999999999999999",
        "/admin/users/-1",
        "/admin/users/999999/edit",
    ):
        assert client.get(path).status_code == 404, path
    assert _post(client, "/admin/users/999999/suspend").status_code == 404


def test_a_refused_person_learns_nothing_of_which_accounts_exist(client, create_user, login):
    login(create_user(roles=("mentor",)))
    assert client.get("/admin/users/999999").status_code == 403


def test_a_change_without_the_form_token_is_refused(client, create_user, login, session):
    person = create_user()
    login(create_user(roles=("admin",)))
    for action in ACTIONS:
        response = client.post(f"/admin/users/{person.id}/{action}", data={"roles": ["admin"]})
        assert response.status_code == 400, action
    response = client.post("/admin/users/new", data={"email": "x@example.org", "display_name": "X"})
    assert response.status_code == 400
    session.expire_all()
    assert person.is_active and person.role_codes == {"learner"}


def test_a_get_on_an_action_is_not_allowed(client, create_user, login):
    person = create_user()
    login(create_user(roles=("admin",)))
    assert client.get(f"/admin/users/{person.id}/suspend").status_code == 405
    assert csrf_token(client, f"/admin/users/{person.id}")
