"""Changing a learner's mentor from a page: eligible mentors with their load and capacity, a
search that narrows them, a reason kept in the history, rights."""

import pytest

from dclic.core.errors import Invalid
from dclic.mentoring import availability, queue, reassign
from tests.helpers import post_form


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def pedagogue(create_user):
    return create_user(roles=("pedagogical_admin",))


@pytest.fixture
def other_mentor(create_user):
    return create_user(roles=("mentor",), display_name="Binta Mentor")


@pytest.fixture
def enrolment(pair):
    from dclic.learning.models import Enrolment

    _mentor, learner = pair
    return Enrolment.query.filter_by(user_id=learner.id).one()


def test_replacing_a_mentor_needs_a_reason_kept_in_the_history(enrolment, other_mentor, pedagogue):
    with pytest.raises(Invalid) as refused:
        queue.assign_mentor(pedagogue, enrolment, other_mentor, "  ")
    assert "reason" in refused.value.errors
    queue.assign_mentor(pedagogue, enrolment, other_mentor, "Trop de charge")
    assert queue.history(enrolment)[-1].reason == "Trop de charge"


def test_eligible_mentors_show_their_load_against_their_capacity(
    enrolment, mentor, other_mentor, learner, create_user
):
    availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4, capacity=1)
    found, total = reassign.eligible_mentors(learner)
    by_id = {c.user.id: c for c in found}
    assert total == len(found) and learner.id not in by_id
    assert (by_id[mentor.id].load, by_id[mentor.id].capacity, by_id[mentor.id].is_full) == (
        1, 1, True,
    )  # fmt: skip
    assert (by_id[other_mentor.id].load, by_id[other_mentor.id].capacity) == (0, None)
    assert create_user().id not in by_id  # not a mentor
    found, total = reassign.eligible_mentors(learner, "binta")
    assert [c.user.id for c in found] == [other_mentor.id] and total == 1


def test_the_page_takes_a_fixed_number_of_queries(
    enrolment, pedagogue, create_user, client, sign_in, session, count_queries
):
    session.commit()
    sign_in(pedagogue)
    url = f"/mentoring/enrolments/{enrolment.id}/mentor"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for _ in range(30):
        create_user(roles=("mentor",))
    session.commit()
    with count_queries() as many:
        page = html(client.get(url))
    assert many.n == few.n
    assert page.count('class="choice candidate"') == reassign.SHOWN  # the rest: search
    compressed = client.get(url, headers={"Accept-Encoding": "br"}).get_data()
    assert len(compressed) <= 14 * 1024


def test_the_pedagogical_team_changes_the_mentor_from_the_page(
    enrolment, mentor, other_mentor, learner, pedagogue, client, sign_in, session
):
    session.commit()
    sign_in(pedagogue)
    assert f"/mentoring/enrolments/{enrolment.id}/mentor" in html(
        client.get(f"/mentoring/learners/{learner.learner_code}")
    )
    url = f"/mentoring/enrolments/{enrolment.id}/mentor"
    page = html(client.get(url))
    assert f'id="candidate-{other_mentor.id}"' in page
    response = post_form(client, url, {"mentor": other_mentor.learner_code, "reason": ""})
    assert response.status_code == 422 and 'id="reason-error"' in html(response)
    assert post_form(client, url, {"reason": "x"}).status_code == 422  # nobody chosen
    response = post_form(client, url, {"mentor": other_mentor.learner_code, "reason": "Charge"})
    assert response.status_code == 302
    session.expire_all()
    assert enrolment.mentor_id == other_mentor.id
    page = html(client.get(url))
    assert "Charge" in page.split('id="periods"', 1)[1]
    response = post_form(client, url, {"mentor": "-", "reason": "Départ"})
    session.expire_all()
    assert response.status_code == 302 and enrolment.mentor_id is None


def test_mentors_and_learners_may_not_change_mentors(
    enrolment, mentor, other_mentor, learner, client, sign_in, session
):
    session.commit()
    url = f"/mentoring/enrolments/{enrolment.id}/mentor"
    for person in (mentor, learner):
        sign_in(person)
        assert client.get(url).status_code == 403
        data = {"mentor": other_mentor.learner_code, "reason": "Moi"}
        assert post_form(client, url, data, page="/mentoring").status_code == 403
    session.expire_all()
    assert enrolment.mentor_id == mentor.id
