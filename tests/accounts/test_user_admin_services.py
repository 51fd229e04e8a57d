"""Account administration services: roles, suspension, listing, all behind rights."""

import pytest
import sqlalchemy as sa

from dclic.accounts import queries, services
from dclic.audit.models import AuditEvent
from dclic.core.errors import Invalid, NotAllowed
from tests.conftest import PASSWORD
from tests.helpers import post_form


def test_roles_are_set_by_administrators_and_recorded(create_user, session):
    admin, person = create_user(roles=("admin",)), create_user()
    assert services.set_roles(admin, person, ["mentor", "learner"]) == {
        "roles": (["learner"], ["learner", "mentor"])
    }
    assert person.role_codes == {"learner", "mentor"}
    row = session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.object_id == str(person.id))
        .order_by(AuditEvent.id.desc())
    )
    assert row.changes == {"roles": [["learner"], ["learner", "mentor"]]}
    assert services.set_roles(admin, person, ["mentor", "learner"]) == {}


def test_roles_cannot_be_set_by_others_nor_to_unknown_values(create_user):
    admin, editor, person = (
        create_user(roles=("admin",)),
        create_user(roles=("editor",)),
        create_user(),
    )
    with pytest.raises(NotAllowed):
        services.set_roles(editor, person, ["admin"])
    with pytest.raises(Invalid):
        services.set_roles(admin, person, ["wizard"])
    with pytest.raises(Invalid):
        services.set_roles(admin, admin, ["learner"])  # one's own admin role stays


def test_a_suspended_account_cannot_sign_in_and_can_be_reactivated(client, create_user, session):
    admin, person = create_user(roles=("admin",)), create_user(email="awa@example.org")
    services.suspend(admin, person)
    session.commit()
    refused = post_form(client, "/login", {"email": "awa@example.org", "password": PASSWORD})
    assert refused.status_code == 422
    services.reactivate(admin, person)
    session.commit()
    assert (
        post_form(client, "/login", {"email": "awa@example.org", "password": PASSWORD}).status_code
        == 302
    )
    with pytest.raises(Invalid):
        services.suspend(admin, admin)


def test_the_account_list_filters_by_role_status_and_code(create_user, session):
    admin = create_user(roles=("admin",))
    mentor = create_user(roles=("mentor",), display_name="Koffi Mensah")
    suspended = create_user(display_name="Suspendu")
    services.suspend(admin, suspended)
    assert [u.id for u in queries.list_users(admin, role="mentor").items] == [mentor.id]
    assert [u.id for u in queries.list_users(admin, status="suspended").items] == [suspended.id]
    assert [u.id for u in queries.list_users(admin, q=mentor.learner_code[:7]).items] == [mentor.id]
    assert [u.id for u in queries.list_users(admin, q="koffi").items] == [mentor.id]
    with pytest.raises(NotAllowed):
        queries.list_users(mentor)
