"""Mentors' pages: a learner's progress, a group's progress, enrolling by code or by group."""

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.learning import queries, services
from tests.helpers import post_form


@pytest.fixture
def followed(learner, course_with_steps):
    course, steps = course_with_steps(code="FOLLOW-001", title="Cours suivi")
    services.enrol_in_course(learner, learner, course)
    services.complete_step(learner, learner, steps[0])
    return course


def progress_url(person) -> str:
    return f"/learners/{person.learner_code}/progress"


def test_a_mentor_sees_a_learners_progress_and_the_look_is_recorded(
    client, login, mentor, learner, followed, session
):
    login(mentor)
    response = client.get(progress_url(learner) + "?lang=en")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Cours suivi" in body and "1 of 4 steps done" in body
    assert 'href="/courses/FOLLOW-001"' in body  # the course page, not the learner's player
    rows = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "view_progress")).all()
    assert [row.object_id for row in rows] == [str(learner.id)]


def test_a_sloppy_code_redirects_and_the_search_form_finds_the_learner(
    client, login, mentor, learner
):
    login(mentor)
    sloppy = learner.learner_code.lower().replace("-", "")
    response = client.get(f"/learners/{sloppy}/progress")
    assert response.status_code == 302 and response.headers["Location"] == progress_url(learner)
    response = client.get(f"/learners?code={sloppy}")
    assert response.headers["Location"] == progress_url(learner)
    response = client.get("/learners?code=AAA-AAA-AAA&lang=en")
    assert response.status_code == 422
    assert "No account has this learner code." in response.get_data(as_text=True)
    assert client.get("/learners/AAA-AAA-AAA/progress").status_code == 404


def test_learners_and_mentors_of_other_groups_are_refused(
    client, sign_in_as, create_user, create_group, learner, followed
):
    other_mentor = create_user()
    create_group(members=[create_user()], mentor=other_mentor)
    sign_in_as(other_mentor)
    assert client.get(progress_url(learner)).status_code == 403
    sign_in_as(create_user())  # a plain learner: refused before anything is looked up
    assert client.get(progress_url(learner)).status_code == 403
    assert client.get("/learners/AAA-AAA-AAA/progress").status_code == 403


def test_a_mentor_enrols_a_learner_in_a_tutored_path_from_the_page(
    client, login, mentor, learner, create_course, create_path
):
    course = create_course()
    path = create_path(courses=[(course, True)], code="FOLLOW-PATH", is_tutored=True)
    login(mentor)
    page = progress_url(learner)
    response = post_form(
        client,
        f"/learners/{learner.learner_code}/enrolments",
        {"target": "path:FOLLOW-PATH", "mentor": ""},
        page=page,
    )
    assert response.status_code == 302
    enrolment = queries.get_enrolment(learner, path=path)
    assert (enrolment.mode, enrolment.mentor_id) == ("assigned", mentor.id)
    body = client.get(page + "?lang=en").get_data(as_text=True)
    assert "Mentor: Koffi Mentor" in body


def test_a_bad_enrolment_form_is_explained_on_its_fields(client, login, mentor, learner):
    login(mentor)
    url = f"/learners/{learner.learner_code}/enrolments"
    response = post_form(
        client, url, {"target": "course:NOPE-000", "mentor": ""}, page=progress_url(learner)
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    response = post_form(
        client, url, {"target": "bogus", "mentor": "ZZZ"}, page=progress_url(learner)
    )
    assert response.status_code == 422


def test_a_mentor_withdraws_an_assigned_enrolment(
    client, login, mentor, learner, create_course, session
):
    enrolment = services.enrol_in_course(mentor, learner, create_course())
    login(mentor)
    url = f"/learners/{learner.learner_code}/enrolments/{enrolment.id}/withdraw"
    assert post_form(client, url, {}, page=progress_url(learner)).status_code == 302
    session.refresh(enrolment)
    assert enrolment.status == "withdrawn"


def test_a_group_mentor_sees_the_group_and_enrols_it(
    client, login, create_user, create_group, create_course
):
    group_mentor, member = create_user(), create_user(display_name="Membre Un")
    group = create_group(members=[member], mentor=group_mentor)
    other = create_group(members=[create_user()])
    course = create_course(code="GROUP-001")
    login(group_mentor)
    url = f"/groups/{group.id}/progress"
    body = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Membre Un" in body and "Follows no course yet." in body
    assert client.get(f"/groups/{other.id}/progress").status_code == 403
    assert client.get("/groups/999999/progress").status_code == 403  # learns nothing
    response = post_form(
        client, f"/groups/{group.id}/enrolments", {"target": "course:GROUP-001"}, page=url
    )
    assert response.status_code == 302
    assert queries.get_enrolment(member, course=course).mode == "assigned"
    body = client.get("/my-learning?lang=en").get_data(as_text=True)
    assert f'href="/groups/{group.id}/progress"' in body


def test_the_group_page_takes_a_fixed_number_of_queries(
    client, sign_in_as, admin, create_user, create_group, course_with_steps, count_queries
):
    counts = []
    for size in (1, 4):
        people = [create_user() for _ in range(size)]
        group = create_group(members=people)
        for person in people:
            course, steps = course_with_steps(steps=(1,))
            services.enrol_in_course(person, person, course)
            services.complete_step(person, person, steps[0])
        sign_in_as(admin)
        with count_queries() as counted:
            assert client.get(f"/groups/{group.id}/progress").status_code == 200
        counts.append(counted.n)
    assert counts[0] == counts[1], counts
