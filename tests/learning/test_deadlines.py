"""Due dates of enrolments: set when enrolling or afterwards by whoever manages the learner's
enrolments, shown on "My learning" (overdue said in words), gone once completed."""

from datetime import UTC, datetime, timedelta

import pytest

from dclic.core.errors import Invalid, NotAllowed
from dclic.learning import deadlines, queries, services
from tests.helpers import post_form


def html(response) -> str:
    return response.get_data(as_text=True)


def today():
    return datetime.now(UTC).date()


@pytest.fixture
def enrolment(learner, create_course):
    course = create_course(code="DUE-001", title="Cours daté")
    return services.enrol_in_course(learner, learner, course)


def test_whoever_manages_the_enrolments_sets_the_due_date(enrolment, mentor, admin, learner):
    day = today() + timedelta(days=10)
    assert deadlines.set_due_on(mentor, enrolment, day) == {"due_on": (None, day)}
    assert deadlines.set_due_on(admin, enrolment, day) == {}
    assert deadlines.set_due_on(admin, enrolment, None) == {"due_on": (day, None)}


def test_the_learner_and_strangers_may_not(enrolment, learner, create_user):
    for person in (learner, create_user()):
        with pytest.raises(NotAllowed):
            deadlines.set_due_on(person, enrolment, today())


def test_a_far_date_is_a_field_error(enrolment, mentor):
    with pytest.raises(Invalid) as refused:
        deadlines.set_due_on(mentor, enrolment, today() + timedelta(days=3 * 366))
    assert "due_on" in refused.value.errors


def test_completed_enrolments_are_no_longer_due(enrolment, mentor, learner):
    deadlines.set_due_on(mentor, enrolment, today() - timedelta(days=1))
    assert deadlines.due_state(enrolment) == "overdue"
    assert [e.id for e in deadlines.list_due(learner)] == [enrolment.id]
    enrolment.status = "completed"
    assert deadlines.due_state(enrolment) is None
    assert deadlines.list_due(learner) == []


def test_my_learning_marks_overdue_in_words(enrolment, mentor, learner, client, login, session):
    deadlines.set_due_on(mentor, enrolment, today() - timedelta(days=2))
    session.commit()
    login(learner)
    page = html(client.get("/my-learning?lang=en"))
    line = page.split(f'id="due-{enrolment.id}"', 1)[1].split("</p>", 1)[0]
    assert "Overdue" in line and 'class="due due-overdue"' in page
    assert 'name="due_on"' not in page  # the learner cannot change it


def test_a_mentor_enrols_with_a_due_date_then_changes_it(
    client, login, mentor, learner, create_course, session
):
    create_course(code="DUE-002")
    login(mentor)
    page = f"/learners/{learner.learner_code}/progress"
    day = today() + timedelta(days=30)
    response = post_form(
        client,
        f"/learners/{learner.learner_code}/enrolments",
        {"target": "course:DUE-002", "mentor": "", "due_on": day.isoformat()},
        page=page,
    )
    assert response.status_code == 302
    from dclic.courses.models import Course

    course = session.query(Course).filter_by(code="DUE-002").one()
    enrolment = queries.get_enrolment(learner, course=course)
    assert enrolment.due_on == day
    url = f"/learners/{learner.learner_code}/enrolments/{enrolment.id}/due"
    response = post_form(client, url, {"due_on": "pas une date"}, page=page)
    assert response.status_code == 422
    assert 'value="pas une date"' in html(response) and 'aria-invalid="true"' in html(response)
    later = day + timedelta(days=7)
    assert post_form(client, url, {"due_on": later.isoformat()}, page=page).status_code == 302
    session.expire_all()
    assert enrolment.due_on == later
    assert post_form(client, url, {"due_on": ""}, page=page).status_code == 302
    session.expire_all()
    assert enrolment.due_on is None


def test_a_mentor_of_another_group_may_not_change_it(
    client, login, enrolment, create_user, create_group, session
):
    other = create_user()
    create_group([create_user()], mentor=other)
    session.commit()
    login(other)
    url = f"/learners/{enrolment.user.learner_code}/enrolments/{enrolment.id}/due"
    data = {"due_on": today().isoformat()}
    assert post_form(client, url, data, page="/my-learning").status_code == 403
