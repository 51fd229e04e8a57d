"""One agenda source: appointments, virtual classes, shared-agenda events and due days in the
list, week and month views and in the feed, marked by kind, in the viewer's zone, in a fixed
number of queries."""

import re
from datetime import timedelta

import pytest

from dclic.learning import deadlines
from dclic.learning.models import Enrolment
from dclic.mentoring import changes, events, services, sessions
from tests.helpers import post_form
from tests.mentoring.conftest import at


def html(response) -> str:
    return response.get_data(as_text=True)


def kinds_in(page: str) -> list[str]:
    return re.findall(r'data-kind="(\w+)"', page)


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def group(admin, mentor, learner):
    from dclic.accounts import groups

    made = groups.create_group(admin, "Cohorte")
    groups.add_member(admin, made, learner)
    groups.assign_role(admin, mentor, "mentor", "group", made.id)
    return made


@pytest.fixture
def everything(booked, group, mentor, learner, editor, admin, create_course, monday, session):
    """On next Monday: an appointment (09:00 Paris), a class session, a course event and a
    due day for the learner."""
    course = create_course()
    enrolment = Enrolment(user_id=learner.id, course_id=course.id, mode="assigned")
    session.add(enrolment)
    session.flush()
    deadlines.set_due_on(admin, enrolment, monday)
    found = {
        "appointment": booked,
        "session": sessions.schedule_session(
            mentor, group, "Classe", at(monday, 14), at(monday, 15), "https://a.example.org/r"
        ),
        "event": events.post_event(
            editor, "course", course.id, "Questions", at(monday, 17), at(monday, 18)
        ),
        "deadline": enrolment,
    }
    session.commit()
    return found


@pytest.mark.parametrize("view", ["list", "week", "month"])
def test_every_view_shows_every_kind(view, everything, learner, client, sign_in, monday):
    sign_in(learner)
    page = html(client.get(f"/agenda?view={view}&date={monday.isoformat()}"))
    if view == "month":  # the month links each day to its week, with the number of items
        assert f'href="/agenda?view=week&amp;date={monday.isoformat()}' in page
        page = html(client.get(f"/agenda?view=week&date={monday.isoformat()}"))
    assert sorted(kinds_in(page)) == ["appointment", "deadline", "event", "session"]
    for kind, item in everything.items():
        assert f'id="{kind}-{item.id}"' in page
    assert page.count('class="kind"') == 4  # each marked with a word, not only a colour


def test_the_month_counts_every_item_of_a_day(everything, learner, client, sign_in, monday):
    sign_in(learner)
    page = html(client.get(f"/agenda?view=month&date={monday.isoformat()}"))
    assert "•4" in page


def test_the_week_is_in_the_viewers_zone(mentor, editor, create_course, client, sign_in, monday):
    """An event at 00:30 in Paris is on Sunday evening in UTC, on Monday for a Paris viewer."""
    course = create_course()
    found = events.post_event(mentor, "course", course.id, "Tôt", at(monday, 0, 30), at(monday, 1))
    assert found.starts_at.date() < monday
    sign_in(mentor)  # Europe/Paris
    page = html(client.get(f"/agenda?view=week&date={monday.isoformat()}"))
    monday_section = page.split(f'id="d-{monday.isoformat()}"', 1)[1].split("</section>", 1)[0]
    assert f'id="event-{found.id}"' in monday_section


def test_cancelled_sessions_and_events_leave_every_view(
    everything, mentor, editor, learner, client, sign_in, monday, session
):
    changes.cancel_session(mentor, everything["session"], "Malade")
    changes.cancel_event(editor, everything["event"], "Reporté")
    session.commit()
    sign_in(learner)
    for view in ("list", "week"):
        page = html(client.get(f"/agenda?view={view}&date={monday.isoformat()}"))
        assert sorted(kinds_in(page)) == ["appointment", "deadline"]


def test_a_completed_course_is_no_longer_due(everything, learner, client, sign_in, monday, session):
    everything["deadline"].status = "completed"
    session.commit()
    sign_in(learner)
    page = html(client.get(f"/agenda?view=week&date={monday.isoformat()}"))
    assert "deadline" not in kinds_in(page)


def test_the_feed_carries_every_kind(everything, learner, client, sign_in, monday, session):
    sign_in(learner)
    post_form(client, "/agenda/feed", {}, page="/agenda")
    address = html(client.get("/agenda")).split("/calendar/", 1)[1].split(".ics", 1)[0]
    feed = html(client.get(f"/calendar/{address}.ics"))
    for uid in ("appointment", "class-session", "agenda-event", "deadline"):
        assert f"UID:{uid}-" in feed
    due = monday.strftime("%Y%m%d")
    assert f"DTSTART;VALUE=DATE:{due}" in feed  # all day
    assert f"DTEND;VALUE=DATE:{(monday + timedelta(days=1)).strftime('%Y%m%d')}" in feed


def _fill(mentor, editor, group, course, monday, session, n):
    for i in range(n):
        sessions.schedule_session(
            mentor, group, f"C{i}", at(monday, 8 + i), at(monday, 8 + i, 30), "https://a.b/r"
        )
        events.post_event(editor, "course", course.id, f"E{i}", at(monday, 8), at(monday, 9))
    session.commit()


@pytest.mark.parametrize("view", ["list", "week", "month"])
def test_the_views_take_a_fixed_number_of_queries(
    view, available, group, mentor, learner, editor, create_course, create_path, client,
    sign_in, monday, session, count_queries,
):  # fmt: skip
    course = create_course()
    session.add(Enrolment(user_id=learner.id, course_id=course.id, mode="self", due_on=monday))
    services.book(learner, mentor, at(monday, 9), "Un")
    _fill(mentor, editor, group, course, monday, session, 1)
    sign_in(learner)
    url = f"/agenda?view={view}&date={monday.isoformat()}"

    def measure():
        client.get(url)  # warm
        with count_queries() as counted:
            assert client.get(url).status_code == 200
        return counted.n

    few = measure()
    _fill(mentor, editor, group, course, monday, session, 8)
    for hour in (10, 11):
        services.book(learner, mentor, at(monday, hour), "Encore")
    for _ in range(5):
        path = create_path(courses=[(course, True)])
        session.add(Enrolment(user_id=learner.id, path_id=path.id, mode="self", due_on=monday))
    session.commit()
    assert measure() == few
