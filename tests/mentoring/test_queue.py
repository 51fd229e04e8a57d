"""Mentors' capacity, the queue of learners of tutored paths without a mentor, taking one
(the loser of a race gets a Conflict), assignment by the pedagogical team with its history."""

import pytest

from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.mentoring import availability, queue
from dclic.mentoring.outreach_models import MentorAssignment
from tests.helpers import post_form


@pytest.fixture
def waiting(learner, session):
    """``learner`` enrolled (active) in a tutored path, without a mentor."""
    from dclic.courses import services as courses
    from dclic.learning.models import Enrolment

    path = courses.create_path(None, title="Parcours accompagné", track="M", is_tutored=True)
    enrolment = Enrolment(user_id=learner.id, path_id=path.id, mode="assigned", mentor_id=None)
    session.add(enrolment)
    session.flush()
    return enrolment


@pytest.fixture
def other_mentor(create_user):
    return create_user(roles=("mentor",), display_name="Second Mentor")


@pytest.fixture
def pedagogue(create_user):
    return create_user(roles=("pedagogical_admin",))


def test_the_queue_lists_tutored_enrolments_without_mentor(
    waiting, mentor, pair, create_user, session
):
    from dclic.courses import services as courses
    from dclic.learning.models import Enrolment

    free = courses.create_path(None, title="Libre", track="A", is_tutored=False)
    session.add(Enrolment(user_id=create_user().id, path_id=free.id, mode="self"))
    session.flush()
    assert [e.id for e in queue.list_queue(mentor)] == [waiting.id]


def test_learners_do_not_see_the_queue(learner):
    with pytest.raises(NotAllowed):
        queue.list_queue(learner)


def test_a_mentor_takes_a_learner_and_the_history_starts(waiting, mentor):
    period = queue.take_learner(mentor, waiting)
    assert waiting.mentor_id == mentor.id
    assert (period.mentor_id, period.assigned_by_id, period.until_at) == (
        mentor.id,
        mentor.id,
        None,
    )
    assert queue.list_queue(mentor) == []


def test_the_second_mentor_gets_a_conflict(waiting, mentor, other_mentor, session):
    from dclic.learning.models import Enrolment

    stale = session.get(Enrolment, waiting.id)
    queue.take_learner(mentor, waiting)
    with pytest.raises(Conflict):
        queue.take_learner(other_mentor, stale)
    assert session.get(Enrolment, waiting.id).mentor_id == mentor.id
    assert session.query(MentorAssignment).filter_by(enrolment_id=waiting.id).count() == 1


def test_the_capacity_is_respected(waiting, pair, session):
    mentor, _learner = pair  # already follows one learner (the `pair` enrolment)
    availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4, capacity=1)
    with pytest.raises(Conflict):
        queue.take_learner(mentor, waiting)
    availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4, capacity=2)
    queue.take_learner(mentor, waiting)


def test_a_capacity_is_checked(mentor):
    for wrong in (0, 501):
        with pytest.raises(Invalid) as caught:
            availability.save_settings(
                mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4, capacity=wrong
            )
        assert "capacity" in caught.value.errors


def test_reassignment_keeps_the_history(waiting, mentor, other_mentor, pedagogue, session):
    queue.take_learner(mentor, waiting)
    assert queue.assign_mentor(pedagogue, waiting, other_mentor, "Charge") == {
        "mentor_id": (mentor.id, other_mentor.id)
    }
    periods = queue.history(waiting)
    assert [(p.mentor_id, p.assigned_by_id) for p in periods] == [
        (mentor.id, mentor.id),
        (other_mentor.id, pedagogue.id),
    ]
    assert periods[0].until_at is not None and periods[1].until_at is None
    queue.assign_mentor(pedagogue, waiting, None, "Départ")  # back in the queue
    assert waiting.mentor_id is None and queue.history(waiting)[-1].until_at is not None


def test_an_older_mentor_gets_a_period_when_reassigned(pair, other_mentor, pedagogue):
    from dclic.learning.models import Enrolment

    mentor, learner = pair
    enrolment = Enrolment.query.filter_by(user_id=learner.id).one()
    queue.assign_mentor(pedagogue, enrolment, other_mentor, "Charge")
    assert [p.mentor_id for p in queue.history(enrolment)] == [mentor.id, other_mentor.id]


def test_only_the_pedagogical_team_assigns(waiting, mentor, other_mentor, learner, pedagogue):
    for person in (mentor, learner):
        with pytest.raises(NotAllowed):
            queue.assign_mentor(person, waiting, other_mentor)
    with pytest.raises(Invalid):
        queue.assign_mentor(pedagogue, waiting, learner)  # no mentor


def test_the_queue_pages(waiting, mentor, other_mentor, learner, pedagogue, client, sign_in):
    sign_in(learner)
    assert client.get("/mentoring/queue").status_code == 403
    sign_in(mentor)
    page = client.get("/mentoring/queue").get_data(as_text=True)
    assert f'id="enrolment-{waiting.id}"' in page
    take = f"/mentoring/queue/{waiting.id}/take"
    assert post_form(client, take, {}, page="/mentoring/queue").status_code == 302
    sign_in(other_mentor)
    assert post_form(client, take, {}, page="/mentoring/queue").status_code == 409
    assign = f"/mentoring/enrolments/{waiting.id}/mentor"
    data = {"mentor": other_mentor.learner_code, "reason": "Charge"}  # it replaces a mentor
    assert post_form(client, assign, data, page="/mentoring/queue").status_code == 403
    sign_in(pedagogue)
    assert post_form(client, assign, data, page="/mentoring/queue").status_code == 302
