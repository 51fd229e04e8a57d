"""Mentors' announcements: audience (their learners, a group they follow), mail (respecting
the preference), the home page (one query), the mentor's list, rights."""

import pytest

from dclic.core.errors import Invalid, NotAllowed
from dclic.mentoring import announcements
from dclic.mentoring.outreach_models import Announcement
from tests.helpers import post_form


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def group(admin, mentor, create_user):
    """A group of two members, whose mentor (in the group) is ``mentor``."""
    from dclic.accounts import groups

    made = groups.create_group(admin, "Cohorte Thiès")
    for n in range(2):
        groups.add_member(admin, made, create_user(display_name=f"Membre {n}", locale="en"))
    groups.assign_role(admin, mentor, "mentor", "group", made.id)
    return made


def test_to_all_my_learners_reaches_those_whose_enrolment_names_me(
    pair, create_user, tutored, outbox, session
):
    mentor, learner = pair
    quiet = create_user()
    quiet.mail_notifications = "off"
    tutored(quiet, mentor)
    stranger = create_user()
    found = announcements.post_announcement(mentor, "all", "Réunion", "Lundi à 10 h.\nMerci")
    assert found.group_id is None and found.author_id == mentor.id
    session.commit()
    assert [m["To"] for m in outbox()] == [learner.email]  # quiet one: home page only
    assert [a.id for a in announcements.latest_for(learner)] == [found.id]
    assert [a.id for a in announcements.latest_for(quiet)] == [found.id]
    assert announcements.latest_for(stranger) == []
    assert announcements.latest_for(mentor) == []


def test_to_a_group_reaches_its_members(group, mentor, outbox, session):
    from dclic.accounts import groups

    members = groups.members(group)
    found = announcements.post_announcement(mentor, str(group.id), "Atelier", "Texte")
    session.commit()
    assert sorted(m["To"] for m in outbox()) == sorted(p.email for p in members)
    for person in members:
        assert [a.id for a in announcements.latest_for(person)] == [found.id]


def test_only_to_ones_learners_or_followed_groups(group, create_user, learner):
    for person, audience in ((learner, "all"), (create_user(), str(group.id))):
        with pytest.raises(NotAllowed):
            announcements.post_announcement(person, audience, "T", "B")


def test_a_mentor_of_a_group_cannot_write_to_another(admin, group, create_user, outbox, session):
    from dclic.accounts import groups

    other = groups.create_group(admin, "Autre")
    local = create_user()  # a mentor only in `group`
    groups.assign_role(admin, local, "mentor", "group", group.id)
    with pytest.raises(NotAllowed):
        announcements.post_announcement(local, str(other.id), "T", "B")
    announcements.post_announcement(local, str(group.id), "T", "B")


def test_an_announcement_is_checked(pair):
    mentor, _learner = pair
    for title, body, field in (("", "B", "title"), ("T", "", "body"), ("T", "x" * 3001, "body")):
        with pytest.raises(Invalid) as caught:
            announcements.post_announcement(mentor, "all", title, body)
        assert field in caught.value.errors


def test_the_body_is_not_audited():
    assert "body" not in Announcement.__audited__


def test_the_home_page_shows_them_in_one_query(pair, client, sign_in, session, count_queries, app):
    mentor, learner = pair
    found = announcements.post_announcement(mentor, "all", "Réunion", "Lundi <b>10 h</b>")
    session.commit()
    sign_in(learner)
    page = html(client.get("/"))
    assert f'id="announcement-{found.id}"' in page
    assert "&lt;b&gt;" in page  # plain text, escaped
    session.refresh(learner)
    with count_queries() as counted:
        announcements.latest_for(learner)
    assert counted.n == 1


def test_the_mentor_lists_and_posts_them(pair, client, sign_in, session, outbox):
    mentor, _learner = pair
    sign_in(mentor)
    assert client.get("/mentoring/announcements").status_code == 200
    response = post_form(
        client, "/mentoring/announcements", {"audience": "all", "title": "Info", "body": "Texte"}
    )
    assert response.status_code == 302
    found = session.query(Announcement).filter_by(author_id=mentor.id).one()
    assert f'id="announcement-{found.id}"' in html(client.get("/mentoring/announcements"))
    bad = post_form(
        client, "/mentoring/announcements", {"audience": "all", "title": "", "body": "B"}
    )
    assert bad.status_code == 422


def test_learners_may_not_open_the_page(learner, client, sign_in):
    sign_in(learner)
    assert client.get("/mentoring/announcements").status_code == 403
