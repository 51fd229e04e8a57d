"""Group administration pages: who reaches them, groups, members, roles in a group, bad input."""

import re

import pytest
import sqlalchemy as sa

from dclic.accounts import groups
from dclic.accounts.models import Group, GroupMember, RoleAssignment
from tests.helpers import post_form

ALLOWED = ("admin", "pedagogical_admin")
REFUSED = ("learner", "mentor", "editor")


def _fr(message: str, **values) -> str:
    """``message`` as the pages show it to a visitor with no language chosen (French)."""
    from markupsafe import escape

    from dclic.core.i18n import force_locale
    from dclic.core.i18n import gettext as _

    with force_locale("fr"):
        return str(escape(_(message, **values)))


def _post(client, path, data=None):
    """Post with the session's CSRF token (taken from the groups page)."""
    return post_form(client, path, data or {}, page="/admin/groups")


@pytest.fixture
def admin(create_user, login):
    user = create_user(roles=("admin",), display_name="Admin")
    login(user)
    return user


@pytest.fixture
def group(admin):
    return groups.create_group(admin, "Cohorte Dakar 2026", "Les apprenants du centre de Dakar")


def _sloppy(code: str) -> str:
    """A learner code as someone types it on a phone: lower case, spaces for hyphens."""
    return " " + code.lower().replace("-", " ") + " "


# --- who reaches what ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED + REFUSED)
@pytest.mark.parametrize("page", ("/admin/groups", "/admin/groups/{id}"))
def test_group_pages_answer_group_managers_only(client, create_user, login, role, page):
    owner = create_user(roles=("admin",))
    group = groups.create_group(owner, "Groupe visible")
    login(create_user(roles=(role,)))
    response = client.get(page.format(id=group.id))
    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("role", REFUSED)
def test_changing_a_group_is_refused_without_the_right(client, create_user, login, session, role):
    owner = create_user(roles=("admin",))
    group = groups.create_group(owner, "Groupe fermé")
    person = create_user()
    groups.add_member(owner, group, person)
    assignment = groups.assign_role(owner, person, "mentor", "group", group.id)
    login(create_user(roles=(role,)))
    base = f"/admin/groups/{group.id}"
    for path, data in (
        ("/admin/groups", {"name": "Intrus"}),
        (f"{base}/members", {"learner_code": person.learner_code}),
        (f"{base}/members/{person.id}/remove", {}),
        (f"{base}/roles", {"learner_code": person.learner_code, "role": "admin"}),
        (f"{base}/roles/{assignment.id}/remove", {}),
    ):
        response = post_form(client, path, data, page="/account")
        assert response.status_code == 403, path
    assert session.scalar(sa.select(Group).where(Group.name == "Intrus")) is None
    assert session.get(GroupMember, (group.id, person.id)) is not None
    assert session.get(RoleAssignment, assignment.id) is not None


def test_anonymous_visitors_are_sent_to_sign_in(client, create_user):
    group = groups.create_group(create_user(roles=("admin",)), "Groupe anonyme")
    for path in ("/admin/groups", f"/admin/groups/{group.id}"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_the_administration_offers_the_groups_to_group_managers(client, admin):
    html = client.get("/admin").get_data(as_text=True)
    assert 'href="/admin/groups"' in html


# --- groups ------------------------------------------------------------------------------------


def test_a_group_is_created_then_listed_with_its_number_of_members(client, admin, session):
    response = _post(client, "/admin/groups", {"name": "  Cohorte  Thiès ", "description": "CM2"})
    assert response.status_code == 302
    group = session.scalar(sa.select(Group).where(Group.name == "Cohorte Thiès"))
    assert response.headers["Location"].endswith(f"/admin/groups/{group.id}")
    assert group.description == "CM2"
    groups.add_member(admin, group, admin)
    html = client.get("/admin/groups").get_data(as_text=True)
    assert "<bdi>Cohorte Thiès</bdi>" in html
    assert re.search(r"Cohorte Thiès</bdi></a></td>\s*<td>1</td>", html)


def test_a_duplicate_or_empty_name_is_shown_on_the_form(client, admin, group, session):
    response = _post(client, "/admin/groups", {"name": "  Cohorte   Dakar 2026 "})
    assert response.status_code == 422
    assert _fr("A group already has this name.") in response.get_data(as_text=True)
    response = _post(client, "/admin/groups", {"name": "   "})
    assert response.status_code == 422
    response = _post(client, "/admin/groups", {"name": "x" * 121})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(Group.id))) == 1


def test_the_group_page_shows_its_description_and_members(client, admin, group, create_user):
    person = create_user(display_name="Awa Diallo")
    groups.add_member(admin, group, person)
    html = client.get(f"/admin/groups/{group.id}").get_data(as_text=True)
    assert "Les apprenants du centre de Dakar" in html
    assert "<bdi>Awa Diallo</bdi>" in html
    assert person.learner_code in html


# --- members -----------------------------------------------------------------------------------


def test_a_member_is_added_by_a_sloppily_typed_learner_code(
    client, admin, group, create_user, session
):
    person = create_user(display_name="Moussa Ba")
    path = f"/admin/groups/{group.id}/members"
    response = _post(client, path, {"learner_code": _sloppy(person.learner_code)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/groups/{group.id}#members")
    assert session.get(GroupMember, (group.id, person.id)) is not None
    assert "<bdi>Moussa Ba</bdi>" in client.get(f"/admin/groups/{group.id}").get_data(as_text=True)


@pytest.mark.parametrize("code", ("", "ZZZ-ZZZ-ZZZ", "K7M-4XT-R9M", "x" * 500, "🙂"))
def test_an_unknown_learner_code_is_explained_on_the_form(client, admin, group, session, code):
    for action in ("members", "roles"):
        data = {"learner_code": code, "role": "mentor"}
        response = _post(client, f"/admin/groups/{group.id}/{action}", data)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert 'aria-invalid="true"' in html
        if code and len(code) < 40:
            assert _fr("No account has this learner code.") in html
    assert session.scalar(sa.select(sa.func.count()).select_from(GroupMember)) == 0
    assert session.scalar(sa.select(sa.func.count(RoleAssignment.id))) == 0


def test_a_member_is_removed(client, admin, group, create_user, session):
    person, other = create_user(), create_user()
    groups.add_member(admin, group, person)
    groups.add_member(admin, group, other)
    response = _post(client, f"/admin/groups/{group.id}/members/{person.id}/remove")
    assert response.status_code == 302
    assert session.get(GroupMember, (group.id, person.id)) is None
    assert session.get(GroupMember, (group.id, other.id)) is not None


# --- roles in the group ------------------------------------------------------------------------


def test_a_mentor_given_the_role_in_the_group_follows_its_members_only(
    client, admin, group, create_user, session
):
    mentor = create_user(display_name="Fatou Sow")
    member, outsider = create_user(), create_user()
    groups.add_member(admin, group, member)
    path = f"/admin/groups/{group.id}/roles"
    response = _post(client, path, {"learner_code": _sloppy(mentor.learner_code), "role": "mentor"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/groups/{group.id}#roles")
    assert groups.can_follow(mentor, member)
    assert not groups.can_follow(mentor, outsider)
    html = client.get(f"/admin/groups/{group.id}").get_data(as_text=True)
    assert "<bdi>Fatou Sow</bdi>" in html
    assert _fr("Mentor") in html


def test_a_role_in_the_group_is_removed_and_the_following_ends(
    client, admin, group, create_user, session
):
    mentor, member = create_user(), create_user()
    groups.add_member(admin, group, member)
    assignment = groups.assign_role(admin, mentor, "mentor", "group", group.id)
    response = _post(client, f"/admin/groups/{group.id}/roles/{assignment.id}/remove")
    assert response.status_code == 302
    assert session.scalar(sa.select(sa.func.count(RoleAssignment.id))) == 0
    assert not groups.can_follow(mentor, member)


def test_an_unknown_role_is_refused_on_the_form(client, admin, group, create_user, session):
    person = create_user()
    data = {"learner_code": person.learner_code, "role": "wizard"}
    response = _post(client, f"/admin/groups/{group.id}/roles", data)
    assert response.status_code == 422
    assert session.scalar(sa.select(sa.func.count(RoleAssignment.id))) == 0


def test_an_assignment_of_another_group_is_not_removed_from_this_one(
    client, admin, group, create_user, session
):
    other = groups.create_group(admin, "Autre groupe")
    assignment = groups.assign_role(admin, create_user(), "mentor", "group", other.id)
    response = _post(client, f"/admin/groups/{group.id}/roles/{assignment.id}/remove")
    assert response.status_code == 404
    assert session.get(RoleAssignment, assignment.id) is not None


# --- bad addresses and forms ---------------------------------------------------------------


@pytest.mark.parametrize("number", ("0", "999999", str(2**31), "9" * 30))
def test_unknown_groups_members_and_assignments_answer_404(client, admin, group, number):
    assert client.get(f"/admin/groups/{number}").status_code == 404
    for path in (
        f"/admin/groups/{number}/members",
        f"/admin/groups/{number}/roles",
        f"/admin/groups/{group.id}/members/{number}/remove",
        f"/admin/groups/{group.id}/roles/{number}/remove",
    ):
        response = _post(client, path, {"learner_code": admin.learner_code, "role": "mentor"})
        assert response.status_code == 404, path


def test_a_non_member_cannot_be_removed(client, admin, group, create_user):
    person = create_user()
    response = _post(client, f"/admin/groups/{group.id}/members/{person.id}/remove")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ("/admin/groups/abc", "/admin/groups/-1", "/admin/groups/1.5"))
def test_garbage_group_addresses_answer_404(client, admin, path):
    assert client.get(path).status_code == 404


def test_every_change_without_its_csrf_token_is_refused(client, admin, group, create_user, session):
    person = create_user()
    groups.add_member(admin, group, person)
    assignment = groups.assign_role(admin, person, "mentor", "group", group.id)
    base = f"/admin/groups/{group.id}"
    for path in (
        "/admin/groups",
        f"{base}/members",
        f"{base}/members/{person.id}/remove",
        f"{base}/roles",
        f"{base}/roles/{assignment.id}/remove",
    ):
        response = client.post(path, data={"name": "Sans jeton", "learner_code": "x"})
        assert response.status_code == 400, path
    assert session.get(GroupMember, (group.id, person.id)) is not None
    assert session.get(RoleAssignment, assignment.id) is not None


@pytest.mark.parametrize(
    "data",
    (
        {},
        {"name": "\x00"},
        {"name": "ok\x00", "learner_code": "K7M\x00"},
        {"name": "ok", "description": "a\x00b", "learner_code": "\x00"},
        {"name": "ok", "description": "x" * 5000},
        {"name": ["a", "b"], "description": "\u202eevil"},
    ),
)
def test_strange_input_never_causes_a_server_error(client, admin, group, data):
    # A NUL character anywhere is refused for the whole request (400, a friendly page).
    with_nul = any("\x00" in str(value) for value in data.values())
    expected = (400,) if with_nul else (302, 422)
    assert _post(client, "/admin/groups", data).status_code in expected
    for action in ("members", "roles"):
        response = _post(client, f"/admin/groups/{group.id}/{action}", {"role": "\x00", **data})
        assert response.status_code == 400
