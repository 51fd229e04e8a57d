"""Groups and roles within a context: a mentor of group G follows G's learners, nobody else's."""

import pytest
import sqlalchemy as sa

from dclic.accounts import groups
from dclic.accounts.rights import has_capability
from dclic.audit.models import AuditEvent
from dclic.core.errors import Conflict, Invalid, NotAllowed


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


def test_a_mentor_of_a_group_follows_its_learners_and_nobody_else(admin, create_user):
    group_mentor = create_user(roles=("learner",), display_name="Mentor of G")
    in_group, outside = create_user(), create_user()
    group = groups.create_group(admin, "Cohorte Dakar 2026")
    groups.add_member(admin, group, in_group)
    groups.assign_role(admin, group_mentor, "mentor", "group", group.id)
    assert groups.can_follow(group_mentor, in_group)
    assert not groups.can_follow(group_mentor, outside)
    assert has_capability(group_mentor, "progress.view", ("group", group.id))
    assert not has_capability(group_mentor, "progress.view")


def test_a_site_mentor_follows_everyone(admin, create_user):
    assert groups.can_follow(create_user(roles=("mentor",)), create_user())


def test_leaving_the_group_ends_the_following(admin, create_user):
    mentor, learner = create_user(), create_user()
    group = groups.create_group(admin, "Groupe A")
    groups.add_member(admin, group, learner)
    groups.assign_role(admin, mentor, "mentor", "group", group.id)
    groups.remove_member(admin, group, learner)
    assert not groups.can_follow(mentor, learner)


def test_only_group_managers_change_groups(admin, create_user):
    mentor = create_user(roles=("mentor",))
    with pytest.raises(NotAllowed):
        groups.create_group(mentor, "Mon groupe")
    group = groups.create_group(admin, "Groupe B")
    with pytest.raises(NotAllowed):
        groups.add_member(mentor, group, mentor)


def test_bad_input_is_refused_with_field_errors(admin, create_user):
    groups.create_group(admin, "Groupe C")
    with pytest.raises(Conflict):
        groups.create_group(admin, "  Groupe   C ")
    with pytest.raises(Invalid):
        groups.create_group(admin, "")
    with pytest.raises(Invalid):
        groups.assign_role(admin, create_user(), "wizard", "group", 1)
    with pytest.raises(Invalid):
        groups.assign_role(admin, create_user(), "mentor", "planet", 1)


def test_membership_and_assignments_are_audited(admin, create_user, session):
    learner, mentor = create_user(), create_user()
    group = groups.create_group(admin, "Groupe D")
    groups.add_member(admin, group, learner)
    groups.assign_role(admin, mentor, "mentor", "group", group.id)
    types = set(
        session.scalars(sa.select(AuditEvent.object_type).where(AuditEvent.action == "create"))
    )
    assert {"groups", "group_members", "role_assignments"} <= types


def test_deleted_accounts_and_control_characters_are_refused(admin, create_user):
    from dclic.accounts import services

    person = create_user()
    services.delete_account(admin, person, None)
    group = groups.create_group(admin, "Groupe E")
    with pytest.raises(Invalid):
        groups.add_member(admin, group, person)
    with pytest.raises(Invalid):
        groups.assign_role(admin, person, "mentor", "group", group.id)
    with pytest.raises(Invalid):
        groups.create_group(admin, "Bell\x07")


def test_what_a_person_may_do_in_each_place_lists_only_what_the_place_adds(admin, create_user):
    from dclic.accounts.rights import rights_by_context

    mentor = create_user(display_name="Awa")
    group = groups.create_group(admin, "Cohorte Dakar")
    groups.assign_role(admin, mentor, "mentor", "group", group.id)
    [here] = rights_by_context(mentor)
    assert (here.context_type, here.name, here.roles) == ("group", "Cohorte Dakar", ("mentor",))
    gained = {capability.name for capability in here.capabilities}
    assert "progress.view" in gained
    assert not any(has_capability(mentor, name) for name in gained)  # not site-wide
    assert rights_by_context(create_user()) == []


def test_the_account_page_shows_the_rights_held_in_a_group(client, login, admin, create_user):
    mentor = create_user(display_name="Awa")
    group = groups.create_group(admin, "Cohorte Dakar")
    groups.assign_role(admin, mentor, "mentor", "group", group.id)
    login(admin)
    body = client.get(f"/admin/users/{mentor.id}").get_data(as_text=True)
    assert "Cohorte Dakar" in body
    assert "progress.view" in body
