"""Virtual class sessions: scheduling for a followed group, invitations (agenda, iCalendar
feed, mail), attendance."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from dclic.core.errors import Invalid, NotAllowed
from dclic.mentoring import services, sessions
from dclic.mentoring.models import ClassSessionAttendance
from tests.helpers import post_form
from tests.mentoring.conftest import at


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def group(admin, mentor, learner, create_user):
    """A group of the learner and another member, whose mentor (in the group) is ``mentor``."""
    from dclic.accounts import groups

    made = groups.create_group(admin, "Cohorte Dakar")
    for person in (learner, create_user(display_name="Fatou Membre", locale="en")):
        groups.add_member(admin, made, person)
    groups.assign_role(admin, mentor, "mentor", "group", made.id)
    return made


@pytest.fixture
def scheduled(group, mentor, monday, app, monkeypatch):
    monkeypatch.setitem(app.config, "DCLIC_MEETING_BASE_URL", "https://meet.example.org")
    return sessions.schedule_session(
        mentor, group, "Atelier HTML", at(monday, 14), at(monday, 15, 30)
    )


def test_a_mentor_schedules_a_session_and_members_are_mailed(
    scheduled, learner, mentor, outbox, session
):
    assert scheduled.meeting_url.startswith("https://meet.example.org/dclic-")
    assert (scheduled.starts_at, scheduled.ends_at) != (None, None)
    session.commit()
    mails = outbox()
    assert len(mails) == 2 and learner.email in {m["To"] for m in mails}
    mine = next(m for m in mails if m["To"] == learner.email)
    assert "(Africa/Dakar, UTC+00:00)" in mine.get_content()  # the member's zone, named
    assert scheduled.meeting_url in mine.get_content()


def test_only_those_who_follow_the_group_schedule(group, create_user, learner, monday):
    for person in (learner, create_user(), create_user(roles=("pedagogical_admin",))):
        with pytest.raises(NotAllowed):
            sessions.schedule_session(
                person, group, "X", at(monday, 9), at(monday, 10), "https://a.example.org/r"
            )


def test_a_session_is_checked(group, mentor, monday, app, monkeypatch):
    monkeypatch.setitem(app.config, "DCLIC_MEETING_BASE_URL", None)
    cases = (
        ("", at(monday, 9), at(monday, 10), "https://a.example.org/r", "title"),
        ("T", at(monday, 10), at(monday, 9), "https://a.example.org/r", "end"),
        ("T", at(monday, 9), at(monday, 9) + timedelta(hours=9), "https://a.example.org/r", "end"),
        ("T", at(monday, 9), at(monday, 10), "pas un lien", "meeting_url"),
        ("T", at(monday, 9), at(monday, 10), "", "meeting_url"),  # no room to make one in
    )
    for title, start, end, url, field in cases:
        with pytest.raises(Invalid) as caught:
            sessions.schedule_session(mentor, group, title, start, end, url)
        assert field in caught.value.errors


def test_the_invitation_is_in_the_members_agenda_and_feed(
    client, sign_in, scheduled, learner, create_user, session
):
    sign_in(learner)
    page = html(client.get("/agenda"))
    assert f"/mentoring/sessions/{scheduled.id}" in page
    assert client.get(f"/mentoring/sessions/{scheduled.id}").status_code == 200
    feed = services.open_feed(learner)
    session.flush()
    from dclic.mentoring import feeds

    body = html(client.get(f"/calendar/{feeds.secret_of(feed)}.ics"))
    assert f"UID:class-session-{scheduled.id}@" in body
    assert scheduled.starts_at.strftime("DTSTART:%Y%m%dT%H%M%SZ") in body
    sign_in(create_user())  # not a member: not invited
    assert f"/mentoring/sessions/{scheduled.id}" not in html(client.get("/agenda"))
    assert client.get(f"/mentoring/sessions/{scheduled.id}").status_code == 403


def test_the_mentor_records_attendance(scheduled, mentor, learner, group, session):
    from dclic.accounts import groups

    other = next(m for m in groups.members(group) if m.id != learner.id)
    changes = sessions.record_attendance(mentor, scheduled, [str(learner.id), "x"])
    assert changes == {learner.id: (None, True), other.id: (None, False)}
    assert sessions.attendance_of(scheduled) == {learner.id: True, other.id: False}
    changes = sessions.record_attendance(mentor, scheduled, [other.id])
    assert changes == {learner.id: (True, False), other.id: (False, True)}
    with pytest.raises(NotAllowed):
        sessions.record_attendance(learner, scheduled, [learner.id])


def test_schedule_and_attendance_pages(
    client, sign_in, group, mentor, learner, monday, session, app, monkeypatch
):
    monkeypatch.setitem(app.config, "DCLIC_MEETING_BASE_URL", "https://meet.example.org")
    sign_in(mentor)
    data = {
        "group": str(group.id),
        "title": "",
        "date": monday.isoformat(),
        "start": "14:00",
        "end": "15:00",
        "meeting_url": "",
    }
    response = post_form(client, "/mentoring/sessions", data)
    assert response.status_code == 422 and 'id="title-error"' in html(response)
    response = post_form(client, "/mentoring/sessions", {**data, "title": "Atelier CSS"})
    assert response.status_code == 302
    path = response.headers["Location"]
    session_id = int(re.search(r"/mentoring/sessions/(\d+)$", path).group(1))
    page = html(client.get(path))
    assert f'id="present-{learner.id}"' in page
    response = post_form(client, f"{path}/attendance", {"present": str(learner.id)}, page=path)
    assert response.status_code == 302
    rows = session.scalars(
        sa.select(ClassSessionAttendance).where(ClassSessionAttendance.session_id == session_id)
    ).all()
    assert {(r.user_id, r.is_present) for r in rows} >= {(learner.id, True)}
    assert f'id="present-{learner.id}" checked' in html(client.get(path))
    sign_in(learner)
    assert 'id="present-' not in html(client.get(path))  # members see the session, not the roll
    response = post_form(client, f"{path}/attendance", {"present": str(learner.id)}, page=path)
    assert response.status_code == 403
