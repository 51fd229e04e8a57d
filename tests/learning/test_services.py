"""Enrolment rules (free or tutored, by code, by group, rights), withdrawal, completions."""

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.signals import course_completed, path_completed
from dclic.learning import queries, services
from dclic.learning.models import Enrolment, StepCompletion


def audit_rows(session, table, action=None):
    statement = sa.select(AuditEvent).where(AuditEvent.object_type == table)
    if action:
        statement = statement.where(AuditEvent.action == action)
    return session.scalars(statement.order_by(AuditEvent.id)).all()


@pytest.fixture
def received():
    """Collect the learning signals sent during the test."""
    events = []

    def on_course(sender, **kwargs):
        events.append(("course", sender, kwargs))

    def on_path(sender, **kwargs):
        events.append(("path", sender, kwargs))

    course_completed.connect(on_course)
    path_completed.connect(on_path)
    yield events
    course_completed.disconnect(on_course)
    path_completed.disconnect(on_path)


# --- self-enrolment ---------------------------------------------------------------------------


def test_a_learner_enrols_in_a_published_course_and_it_is_audited(session, learner, create_course):
    course = create_course()
    enrolment = services.enrol_in_course(learner, learner, course)
    assert (enrolment.status, enrolment.mode, enrolment.enrolled_by_id) == (
        "active",
        "self",
        learner.id,
    )
    [row] = audit_rows(session, "enrolments", "create")
    assert row.changes["course_id"] == [None, course.id]
    assert row.changes["mode"] == [None, "self"]


def test_enrolling_twice_keeps_one_enrolment(learner, create_course, session):
    course = create_course()
    first = services.enrol_in_course(learner, learner, course)
    assert services.enrol_in_course(learner, learner, course) is first
    assert session.scalar(sa.select(sa.func.count(Enrolment.id))) == 1


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_an_unpublished_course_takes_no_enrolment(learner, create_course, status):
    with pytest.raises(Invalid) as caught:
        services.enrol_in_course(learner, learner, create_course(status=status))
    assert "course" in caught.value.errors


def test_a_free_path_enrols_in_the_path_and_each_of_its_courses(
    learner, create_course, create_path
):
    first, second = create_course(), create_course()
    path = create_path(courses=[(first, True), (second, False)], is_tutored=False)
    enrolment = services.enrol_in_path(learner, learner, path)
    assert (enrolment.mode, enrolment.mentor_id) == ("self", None)
    for course in (first, second):
        row = queries.get_enrolment(learner, course=course)
        assert (row.status, row.mode) == ("active", "self")


def test_a_learner_cannot_enrol_in_a_tutored_path(learner, create_course, create_path):
    path = create_path(courses=[(create_course(), True)], is_tutored=True)
    with pytest.raises(NotAllowed, match="tutoré"):
        services.enrol_in_path(learner, learner, path)


def test_a_learner_cannot_enrol_someone_else(learner, create_user, create_course):
    with pytest.raises(NotAllowed):
        services.enrol_in_course(learner, create_user(), create_course())


# --- assigned enrolments ----------------------------------------------------------------------


def test_a_mentor_assigns_a_tutored_path_and_becomes_the_mentor(
    mentor, learner, create_course, create_path
):
    course = create_course()
    path = create_path(courses=[(course, True)], is_tutored=True)
    enrolment = services.enrol_in_path(mentor, learner, path)
    assert (enrolment.mode, enrolment.enrolled_by_id, enrolment.mentor_id) == (
        "assigned",
        mentor.id,
        mentor.id,
    )
    assert queries.get_enrolment(learner, course=course).mentor_id == mentor.id


def test_an_administrator_names_the_mentor_who_must_follow_the_learner(
    admin, mentor, learner, create_user, create_course, create_path
):
    path = create_path(courses=[(create_course(), True)], is_tutored=True)
    with pytest.raises(Invalid) as caught:
        services.enrol_in_path(admin, learner, path, mentor=create_user())  # a plain learner
    assert "mentor" in caught.value.errors
    assert services.enrol_in_path(admin, learner, path, mentor=mentor).mentor_id == mentor.id


def test_a_mentor_of_a_group_enrols_its_members_only(
    create_user, create_group, create_course, create_path
):
    group_mentor, member, outsider = create_user(), create_user(), create_user()
    create_group(members=[member], mentor=group_mentor)
    path = create_path(courses=[(create_course(), True)], is_tutored=True)
    enrolment = services.enrol_in_path(group_mentor, member, path)
    assert enrolment.mentor_id == group_mentor.id
    with pytest.raises(NotAllowed):
        services.enrol_in_path(group_mentor, outsider, path)


def test_enrol_by_learner_code_reads_the_code_however_typed(mentor, learner, create_course):
    course = create_course()
    typed = learner.learner_code.lower().replace("-", " ")
    enrolment = services.enrol_by_learner_code(mentor, typed, course)
    assert enrolment.user_id == learner.id and enrolment.mode == "assigned"
    with pytest.raises(Invalid) as caught:
        services.enrol_by_learner_code(mentor, "AAA-AAA-AAA", course)
    assert "learner_code" in caught.value.errors


def test_a_group_is_enrolled_at_once_and_those_already_enrolled_are_counted(
    admin, create_user, create_group, create_course
):
    course = create_course()
    already, fresh = create_user(), create_user()
    services.enrol_in_course(already, already, course)
    group = create_group(members=[already, fresh])
    result = services.enrol_group(admin, group, course)
    assert [e.user_id for e in result.enrolled] == [fresh.id]
    assert [e.user_id for e in result.already] == [already.id]


def test_only_managers_of_the_group_enrol_it(create_user, create_group, create_course):
    group_mentor, learner = create_user(), create_user()
    group = create_group(members=[learner], mentor=group_mentor)
    other = create_group(members=[create_user()])
    course = create_course()
    assert len(services.enrol_group(group_mentor, group, course).enrolled) == 1
    with pytest.raises(NotAllowed):
        services.enrol_group(group_mentor, other, course)
    with pytest.raises(NotAllowed):
        services.enrol_group(learner, group, course)


# --- withdrawal ---------------------------------------------------------------------------


def test_withdrawing_keeps_the_row_and_progress_and_re_enrolling_reactivates(
    session, learner, course_with_steps
):
    course, steps = course_with_steps()
    enrolment = services.enrol_in_course(learner, learner, course)
    services.complete_step(learner, learner, steps[0])
    assert services.withdraw(learner, enrolment) == {"status": ("active", "withdrawn")}
    assert audit_rows(session, "enrolments", "update")[-1].changes == {
        "status": ["active", "withdrawn"]
    }
    assert not queries.follows_course(learner, course)
    again = services.enrol_in_course(learner, learner, course)
    assert again.id == enrolment.id and again.status == "active"
    assert queries.done_step_ids(learner, course) == {steps[0].id}


def test_an_assigned_enrolment_is_withdrawn_by_the_mentor_not_the_learner(
    mentor, learner, create_course
):
    enrolment = services.enrol_in_course(mentor, learner, create_course())
    with pytest.raises(NotAllowed, match="mentor"):
        services.withdraw(learner, enrolment)
    services.withdraw(mentor, enrolment)
    assert enrolment.status == "withdrawn"


def test_a_course_of_a_followed_path_cannot_be_left_alone(learner, create_course, create_path):
    course = create_course()
    services.enrol_in_path(learner, learner, create_path(courses=[(course, True)]))
    with pytest.raises(Conflict):
        services.withdraw(learner, queries.get_enrolment(learner, course=course))


def test_leaving_a_path_withdraws_its_courses_not_started(learner, course_with_steps, create_path):
    (started, steps), (untouched, _) = course_with_steps(), course_with_steps()
    path = create_path(courses=[(started, True), (untouched, True)])
    enrolment = services.enrol_in_path(learner, learner, path)
    services.complete_step(learner, learner, steps[0])
    services.withdraw(learner, enrolment)
    assert queries.get_enrolment(learner, course=started).status == "active"
    assert queries.get_enrolment(learner, course=untouched).status == "withdrawn"
    services.enrol_in_path(learner, learner, path)
    assert queries.get_enrolment(learner, course=untouched).status == "active"


# --- steps, completion, signals ---------------------------------------------------------------


def test_completing_the_last_step_completes_the_course_and_sends_the_signal(
    session, learner, course_with_steps, received
):
    course, steps = course_with_steps(steps=(1, 1))
    enrolment = services.enrol_in_course(learner, learner, course)
    services.complete_step(learner, learner, steps[0])
    assert enrolment.status == "active" and not received
    services.complete_step(learner, learner, steps[1])
    assert enrolment.status == "completed" and enrolment.completed_at is not None
    [(kind, sender, kwargs)] = received
    assert (kind, sender, kwargs["user"], kwargs["course"]) == (
        "course",
        enrolment,
        learner,
        course,
    )
    services.complete_step(learner, learner, steps[1])  # again: nothing new
    assert len(received) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(StepCompletion)) == 2
    assert len(audit_rows(session, "step_completions", "create")) == 2


def test_the_path_completes_with_its_last_required_course(
    learner, course_with_steps, create_path, received
):
    (required, r_steps), (optional, _o) = course_with_steps(steps=(1,)), course_with_steps()
    path = create_path(courses=[(required, True), (optional, False)])
    enrolment = services.enrol_in_path(learner, learner, path)
    services.complete_step(learner, learner, r_steps[0])
    assert [kind for kind, *_ in received] == ["course", "path"]
    assert enrolment.status == "completed"
    assert received[1][2]["path"] is path


def test_a_text_step_is_done_when_viewed_other_kinds_need_the_button(learner, course_with_steps):
    course, steps = course_with_steps(steps=(2,), kinds=["text", "link"])
    services.enrol_in_course(learner, learner, course)
    enrolment = services.visit_step(learner, learner, steps[0])
    services.visit_step(learner, learner, steps[1])
    assert queries.done_step_ids(learner, course) == {steps[0].id}
    assert enrolment.last_step_id == steps[1].id and enrolment.last_activity_at


def test_steps_are_refused_without_enrolment_and_to_anyone_but_the_learner(
    learner, create_user, course_with_steps
):
    course, steps = course_with_steps()
    with pytest.raises(NotAllowed):
        services.complete_step(learner, learner, steps[0])
    services.enrol_in_course(learner, learner, course)
    with pytest.raises(NotAllowed):
        services.complete_step(create_user(roles=("admin",)), learner, steps[0])


def test_a_course_added_to_a_followed_path_later_is_opened_through_the_path(
    admin, learner, course_with_steps, create_course, create_path
):
    from dclic.courses import services as courses

    path = create_path(courses=[(create_course(), True)])
    services.enrol_in_path(learner, learner, path)
    later, steps = course_with_steps()
    courses.add_course_to_path(None, path, later)
    assert queries.get_enrolment(learner, course=later) is None
    assert queries.follows_course(learner, later)
    enrolment = services.complete_step(learner, learner, steps[0])
    assert (enrolment.course_id, enrolment.mode) == (later.id, "self")
