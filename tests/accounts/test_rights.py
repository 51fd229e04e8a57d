"""Rights: the default matrix, administrators' changes, and every protected page × every role."""

import pytest

from dclic.accounts import rights
from dclic.accounts.models import ROLE_CODES
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.permissions import all_capabilities
from tests.helpers import post_form

# Every protected page, and the roles that reach it with the default rights.
MANAGING = {"pedagogical_admin", "admin"}
PROTECTED = {
    "/people": {"mentor", "trainer", "pedagogical_admin", "moderator", "admin"},
    "/admin": {"pedagogical_admin", "admin"},
    "/admin/audit": {"admin"},
    "/admin/audit/export.csv": {"admin"},
    "/admin/audit/verify": {"admin"},
    "/admin/rights": {"admin"},
    "/admin/settings": {"admin"},
    "/admin/users": MANAGING,
    "/admin/users/new": MANAGING,
    "/admin/users/import": MANAGING,
    "/admin/groups": MANAGING,
}


@pytest.mark.parametrize("role", ROLE_CODES)
@pytest.mark.parametrize("path", list(PROTECTED))
def test_each_protected_page_answers_each_default_role(client, create_user, login, role, path):
    login(create_user(roles=(role,)))
    expected = 200 if role in PROTECTED[path] else 403
    assert client.get(path).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in PROTECTED:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_capability_is_described_and_held_by_someone():
    for capability in all_capabilities():
        assert str(capability.description)
        assert capability.default_roles <= set(ROLE_CODES)
        assert capability.default_roles, capability.name


def _defaults() -> set[tuple[str, str]]:
    return {(role, c.name) for c in all_capabilities() for role in c.default_roles}


def test_an_administrator_grants_and_withdraws_and_it_takes_effect(create_user, session):
    admin = create_user(roles=("admin",))
    mentor = create_user(roles=("mentor",))
    assert rights.has_capability(mentor, "user.search")
    assert not rights.has_capability(mentor, "audit.view")
    held = (_defaults() | {("mentor", "audit.view")}) - {("mentor", "user.search")}
    changes = rights.set_matrix(admin, held)
    assert changes == {"mentor:audit.view": (False, True), "mentor:user.search": (True, False)}
    assert rights.has_capability(mentor, "audit.view")
    assert not rights.has_capability(mentor, "user.search")
    rights.set_matrix(admin, _defaults())  # back to the defaults: no row left
    from dclic.accounts.models import RoleCapability

    assert session.query(RoleCapability).count() == 0


def test_only_holders_of_rights_manage_change_rights_and_admins_keep_it(create_user):
    admin, editor = create_user(roles=("admin",)), create_user(roles=("editor",))
    with pytest.raises(NotAllowed):
        rights.set_matrix(editor, _defaults())
    with pytest.raises(Invalid):
        rights.set_matrix(admin, _defaults() - {("admin", "rights.manage")})
    with pytest.raises(Invalid):
        rights.set_matrix(admin, _defaults() | {("wizard", "user.search")})


def test_a_misspelt_capability_fails_loudly(create_user):
    with pytest.raises(KeyError):
        rights.has_capability(create_user(), "cours.edit")


def test_the_rights_page_saves_the_matrix_and_the_change_is_audited(
    client, create_user, login, session
):
    import sqlalchemy as sa

    from dclic.audit.models import AuditEvent

    login(create_user(roles=("admin",)))
    html = client.get("/admin/rights").get_data(as_text=True)
    assert 'value="mentor:user.search"' in html and "checked" in html
    grants = sorted(f"{r}:{c}" for r, c in _defaults() | {("moderator", "audit.view")})
    response = post_form(client, "/admin/rights", {"grant": grants})
    assert response.status_code == 302
    moderator = create_user(roles=("moderator",))
    assert rights.has_capability(moderator, "audit.view")
    row = session.scalar(sa.select(AuditEvent).where(AuditEvent.object_type == "role_capabilities"))
    assert row.action == "create" and row.changes["granted"] == [None, True]
