"""Shared agendas: events on a course, a path or a group (capability ``agenda.post``), seen in
the agendas and calendar feeds of those enrolled or members, and nobody else's."""

from datetime import timedelta

import pytest

from dclic.core.errors import Invalid, NotAllowed
from dclic.mentoring import events
from tests.helpers import post_form
from tests.mentoring.conftest import at


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def course_event(editor, create_course, learner, session, monday):
    from dclic.learning.models import Enrolment

    course = create_course()
    session.add(Enrolment(user_id=learner.id, course_id=course.id, mode="self"))
    session.flush()
    return events.post_event(editor, "course", course.id, "Live Q&A", at(monday, 9), at(monday, 10))


def test_those_enrolled_see_a_course_event(course_event, learner, create_user, editor):
    since = course_event.starts_at - timedelta(hours=1)
    assert [e.id for e in events.list_events_for(learner, since)] == [course_event.id]
    assert events.list_events_for(create_user(), since) == []
    assert [e.id for e in events.list_events_for(editor, since)] == [course_event.id]


def test_group_members_see_a_group_event(admin, mentor, learner, create_user, monday):
    from dclic.accounts import groups

    group = groups.create_group(admin, "Cohorte Agenda")
    groups.add_member(admin, group, learner)
    found = events.post_event(mentor, "group", group.id, "Atelier", at(monday, 9), at(monday, 10))
    since = at(monday, 0)
    assert [e.id for e in events.list_events_for(learner, since)] == [found.id]
    assert events.list_events_for(create_user(), since) == []


def test_a_path_event_and_its_rights(create_path, learner, create_user, monday, admin):
    from dclic.accounts import groups

    path = create_path(publish=False)
    for person in (learner, create_user(roles=("moderator",))):
        with pytest.raises(NotAllowed):
            events.post_event(person, "path", path.id, "X", at(monday, 9), at(monday, 10))
    trainer_here = create_user()  # a trainer of this path only
    groups.assign_role(admin, trainer_here, "trainer", "path", path.id)
    events.post_event(trainer_here, "path", path.id, "OK", at(monday, 9), at(monday, 10))
    other = create_path(publish=False)
    with pytest.raises(NotAllowed):
        events.post_event(trainer_here, "path", other.id, "X", at(monday, 9), at(monday, 10))


def test_an_event_is_checked(editor, create_course, monday):
    course = create_course()
    for title, start, end, field in (
        ("", at(monday, 9), at(monday, 10), "title"),
        ("T", at(monday, 10), at(monday, 9), "end"),
        ("T", at(monday, 0), at(monday, 13), "end"),
    ):
        with pytest.raises(Invalid) as caught:
            events.post_event(editor, "course", course.id, title, start, end)
        assert field in caught.value.errors


def test_the_agenda_and_the_feed_show_it(course_event, learner, client, sign_in, session):
    session.commit()
    sign_in(learner)
    assert f'id="event-{course_event.id}"' in client.get("/agenda").get_data(as_text=True)
    assert f'id="event-{course_event.id}"' in client.get("/agenda/events").get_data(as_text=True)
    post_form(client, "/agenda/feed", {}, page="/agenda")
    page = client.get("/agenda").get_data(as_text=True)
    address = page.split("/calendar/", 1)[1].split(".ics", 1)[0]
    feed = client.get(f"/calendar/{address}.ics").get_data(as_text=True)
    assert f"UID:agenda-event-{course_event.id}@" in feed


def test_learners_may_not_post(learner, create_course, client, sign_in, monday):
    course = create_course()
    sign_in(learner)
    data = {"target": f"course:{course.id}", "title": "X", "date": monday.isoformat()}
    data |= {"start": "09:00", "end": "10:00"}
    assert post_form(client, "/agenda/events", data, page="/agenda/events").status_code == 403


def test_an_editor_posts_from_the_page(editor, create_course, client, sign_in, monday, session):
    from dclic.mentoring.outreach_models import AgendaEvent

    course = create_course()
    sign_in(editor)
    page = client.get("/agenda/events").get_data(as_text=True)
    assert f'value="course:{course.id}"' in page
    data = {"target": f"course:{course.id}", "title": "Live", "date": monday.isoformat()}
    data |= {"start": "09:00", "end": "10:00", "place": ""}
    assert post_form(client, "/agenda/events", data).status_code == 302
    assert session.query(AgendaEvent).filter_by(context_id=course.id).count() == 1
    data["title"] = ""
    assert post_form(client, "/agenda/events", data).status_code == 422
