"""Changing and cancelling shared-agenda events and virtual class sessions: who may, who is
told, the audit trail, and the calendar feed (STATUS:CANCELLED, a higher SEQUENCE)."""

import pytest
import sqlalchemy as sa

from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.learning.models import Enrolment
from dclic.mentoring import changes, events, sessions
from tests.helpers import post_form
from tests.mentoring.conftest import at


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def course(create_course, learner, session):
    found = create_course()
    session.add(Enrolment(user_id=learner.id, course_id=found.id, mode="self"))
    session.flush()
    return found


@pytest.fixture
def event(editor, course, monday):
    return events.post_event(editor, "course", course.id, "Direct", at(monday, 9), at(monday, 10))


@pytest.fixture
def group(admin, mentor, learner):
    from dclic.accounts import groups

    made = groups.create_group(admin, "Cohorte")
    groups.add_member(admin, made, learner)
    groups.assign_role(admin, mentor, "mentor", "group", made.id)
    return made


@pytest.fixture
def class_session(group, mentor, monday):
    return sessions.schedule_session(
        mentor, group, "Atelier", at(monday, 14), at(monday, 15), "https://a.example.org/r"
    )


def test_the_author_changes_an_event_and_those_enrolled_are_told(
    event, editor, learner, monday, outbox, session
):
    session.commit()
    found = changes.update_event(editor, event, "Direct (salle B)", at(monday, 10), at(monday, 11))
    assert found["title"] == ("Direct", "Direct (salle B)")
    assert event.sequence == 1
    session.commit()
    assert [m["To"] for m in outbox()] == [learner.email]
    assert changes.update_event(editor, event, event.title, event.starts_at, event.ends_at) == {}
    assert event.sequence == 1  # nothing changed, nothing told


def test_who_may_change_or_cancel_an_event(event, course, editor, learner, admin, create_user):
    from dclic.accounts import groups

    other_mentor = create_user()
    made = groups.create_group(admin, "Ailleurs")
    groups.assign_role(admin, other_mentor, "mentor", "group", made.id)
    course_trainer = create_user()
    groups.assign_role(admin, course_trainer, "trainer", "course", course.id)
    for person in (learner, create_user(), other_mentor):
        assert not changes.can_manage_event(person, event)
        with pytest.raises(NotAllowed):
            changes.update_event(person, event, "X", event.starts_at, event.ends_at)
        with pytest.raises(NotAllowed):
            changes.cancel_event(person, event, "Non")
    for person in (editor, admin, course_trainer):
        assert changes.can_manage_event(person, event)


def test_cancelling_needs_a_reason_and_happens_once(event, editor):
    with pytest.raises(Invalid) as refused:
        changes.cancel_event(editor, event, "  ")
    assert "reason" in refused.value.errors
    changes.cancel_event(editor, event, "Reporté")
    assert event.is_cancelled and event.sequence == 1
    with pytest.raises(Conflict):
        changes.cancel_event(editor, event, "Encore")
    with pytest.raises(Conflict):
        changes.update_event(editor, event, "X", event.starts_at, event.ends_at)


def test_event_changes_are_audited(event, editor, session):
    from dclic.audit.models import AuditEvent

    changes.cancel_event(editor, event, "Reporté")
    rows = session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "agenda_events", AuditEvent.object_id == str(event.id))
        .order_by(AuditEvent.id)
    ).all()
    assert [row.action for row in rows] == ["create", "update"]
    assert rows[1].changes["cancel_reason"] == ["", "Reporté"]
    assert rows[1].changes["cancelled_at"][0] is None


def test_a_cancelled_event_is_cancelled_in_the_feed(
    event, editor, learner, client, sign_in, session
):
    session.commit()
    sign_in(learner)
    post_form(client, "/agenda/feed", {}, page="/agenda")
    address = html(client.get("/agenda")).split("/calendar/", 1)[1].split(".ics", 1)[0]
    before = html(client.get(f"/calendar/{address}.ics"))
    assert "SEQUENCE:0" in before and "STATUS:CONFIRMED" in before
    changes.cancel_event(editor, event, "Reporté")
    session.commit()
    feed = html(client.get(f"/calendar/{address}.ics"))
    block = feed.split(f"UID:agenda-event-{event.id}@", 1)[1].split("END:VEVENT", 1)[0]
    assert "STATUS:CANCELLED" in block and "SEQUENCE:1" in block
    assert f'id="event-{event.id}"' not in html(client.get("/agenda"))
    assert f'id="event-{event.id}"' not in html(client.get("/agenda/events"))


def test_the_event_page_offers_the_forms_to_its_managers_only(
    event, editor, learner, create_user, client, sign_in, monday, session
):
    session.commit()
    sign_in(learner)
    page = html(client.get(f"/agenda/events/{event.id}"))
    assert 'id="edit-form"' not in page and 'id="cancel-form"' not in page
    url = f"/agenda/events/{event.id}/cancel"
    assert post_form(client, url, {"reason": "Non"}, page="/agenda").status_code == 403
    sign_in(create_user())
    assert client.get(f"/agenda/events/{event.id}").status_code == 403
    assert client.get("/agenda/events/999999").status_code == 404
    sign_in(editor)
    page = html(client.get(f"/agenda/events/{event.id}"))
    assert 'id="edit-form"' in page and 'value="Direct"' in page
    assert 'id="cancel-form"' in page


def test_the_edit_form_answers_bad_input_with_field_errors(
    event, editor, client, sign_in, monday, session
):
    session.commit()
    sign_in(editor)
    url = f"/agenda/events/{event.id}/edit"
    page = f"/agenda/events/{event.id}"
    data = {"title": "Nouveau", "date": monday.isoformat(), "start": "11:00", "end": "10:00"}
    response = post_form(client, url, data, page=page)
    assert response.status_code == 422
    assert 'id="end-error"' in html(response) and 'value="Nouveau"' in html(response)
    response = post_form(client, url, {**data, "date": "pas une date"}, page=page)
    assert response.status_code == 422
    response = post_form(client, url, {**data, "end": "12:00"}, page=page)
    assert response.status_code == 302
    session.expire_all()
    assert event.title == "Nouveau" and event.starts_at == at(monday, 11, zone="UTC")
    response = post_form(client, f"/agenda/events/{event.id}/cancel", {"reason": ""}, page=page)
    assert response.status_code == 422 and 'id="reason-error"' in html(response)
    response = post_form(client, f"/agenda/events/{event.id}/cancel", {"reason": "Fin"}, page=page)
    assert response.status_code == 302
    session.expire_all()
    assert event.is_cancelled


def test_the_organizer_moves_a_session_and_the_members_are_told(
    class_session, mentor, learner, monday, outbox, session
):
    session.commit()
    before = len(outbox())
    url = class_session.meeting_url
    found = changes.update_session(mentor, class_session, "Atelier", at(monday, 16), at(monday, 17))
    assert set(found) == {"starts_at", "ends_at"} and class_session.meeting_url == url
    session.commit()
    assert [m["To"] for m in outbox()[before:]] == [learner.email]
    assert class_session.sequence == 1


def test_who_may_change_or_cancel_a_session(class_session, mentor, learner, admin, create_user):
    for person in (learner, create_user()):
        with pytest.raises(NotAllowed):
            changes.update_session(person, class_session, "X", class_session.starts_at,
                                   class_session.ends_at)  # fmt: skip
        with pytest.raises(NotAllowed):
            changes.cancel_session(person, class_session, "Non")
    assert changes.can_manage_session(admin, class_session)
    changes.cancel_session(admin, class_session, "Fermeture")
    assert class_session.is_cancelled and class_session.sequence == 1


def test_a_cancelled_session_leaves_the_agenda_and_is_cancelled_in_the_feed(
    class_session, mentor, learner, client, sign_in, session, outbox
):
    session.commit()
    sign_in(learner)
    post_form(client, "/agenda/feed", {}, page="/agenda")
    address = html(client.get("/agenda")).split("/calendar/", 1)[1].split(".ics", 1)[0]
    sign_in(mentor)
    page = f"/mentoring/sessions/{class_session.id}"
    assert 'id="cancel-form"' in html(client.get(page))
    before = len(outbox())
    response = post_form(client, f"{page}/cancel", {"reason": "Le formateur est malade"}, page=page)
    assert response.status_code == 302
    assert [m["To"] for m in outbox()[before:]] == [learner.email]
    assert "Le formateur est malade" in outbox()[-1].get_content()
    sign_in(learner)
    assert f'id="session-{class_session.id}"' not in html(client.get("/agenda"))
    assert 'id="cancelled"' in html(client.get(page))
    feed = html(client.get(f"/calendar/{address}.ics"))
    block = feed.split(f"UID:class-session-{class_session.id}@", 1)[1].split("END:VEVENT", 1)[0]
    assert "STATUS:CANCELLED" in block and "SEQUENCE:1" in block


def test_a_member_may_not_change_a_session_from_the_page(
    class_session, learner, client, sign_in, monday, session
):
    session.commit()
    sign_in(learner)
    page = f"/mentoring/sessions/{class_session.id}"
    assert 'id="edit-form"' not in html(client.get(page))
    data = {"title": "X", "date": monday.isoformat(), "start": "10:00", "end": "11:00"}
    assert post_form(client, f"{page}/edit", data, page=page).status_code == 403
