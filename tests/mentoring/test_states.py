"""The state machine's table, checked for every state, action and person: what is listed is
allowed to exactly those people, everything else refused (403 wrong person, 409 wrong state)."""

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from dclic.core.errors import Conflict, NotAllowed
from dclic.mentoring import states
from dclic.mentoring.models import STATUSES, Appointment

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
NOTICE = timedelta(hours=12)


class Person:
    is_authenticated = True

    def __init__(self, id_):
        self.id = id_


MENTOR, LEARNER, STRANGER = Person(1), Person(2), Person(3)


def appointment(status, starts_in=timedelta(days=3)):
    start = NOW + starts_in
    return Appointment(
        id=9, mentor_id=1, learner_id=2, status=status, starts_at=start,
        ends_at=start + timedelta(minutes=30), topic="t",
    )  # fmt: skip


@pytest.mark.parametrize(("status", "action"), list(product(STATUSES, states.ACTIONS)))
def test_every_state_and_action_for_each_person(status, action):
    # Far in the past for a report or a rating, far ahead for the rest.
    starts_in = timedelta(days=-1) if action in ("report", "rate") else timedelta(days=3)
    subject = appointment(status, starts_in)
    allowed = states.TRANSITIONS.get((status, action), ())
    for person, role in ((MENTOR, "mentor"), (LEARNER, "learner"), (STRANGER, None)):
        if role is not None and role in allowed:
            assert states.check(person, subject, action, NOW, NOTICE) == role
        elif role is None or allowed:
            with pytest.raises(NotAllowed):
                states.check(person, subject, action, NOW, NOTICE)
        else:
            with pytest.raises(Conflict):
                states.check(person, subject, action, NOW, NOTICE)


def test_final_states_accept_nothing_but_report_and_rating_when_done():
    for status in ("declined", "cancelled"):
        assert states.allowed_actions(MENTOR, appointment(status), NOW, NOTICE) == frozenset()
        assert states.allowed_actions(LEARNER, appointment(status), NOW, NOTICE) == frozenset()
    done = appointment("done", timedelta(days=-1))
    assert states.allowed_actions(MENTOR, done, NOW, NOTICE) == {"report"}
    assert states.allowed_actions(LEARNER, done, NOW, NOTICE) == {"rate"}


def test_a_confirmed_appointment_changes_only_up_to_the_notice_period():
    soon = appointment("confirmed", timedelta(hours=11))
    later = appointment("confirmed", timedelta(hours=13))
    assert states.allowed_actions(LEARNER, later, NOW, NOTICE) == {"reschedule", "cancel"}
    assert states.allowed_actions(MENTOR, later, NOW, NOTICE) == {"propose", "cancel"}
    assert states.allowed_actions(LEARNER, soon, NOW, NOTICE) == frozenset()
    assert states.allowed_actions(MENTOR, soon, NOW, NOTICE) == frozenset()
    with pytest.raises(Conflict, match="12"):
        states.check(LEARNER, soon, "cancel", NOW, NOTICE)


def test_the_report_waits_for_the_start_and_acceptance_for_a_time_to_come():
    begun = appointment("confirmed", timedelta(minutes=-5))
    assert "report" in states.allowed_actions(MENTOR, begun, NOW, NOTICE)
    assert "report" not in states.allowed_actions(MENTOR, appointment("confirmed"), NOW, NOTICE)
    past_request = appointment("requested", timedelta(hours=-1))
    with pytest.raises(Conflict):
        states.check(MENTOR, past_request, "accept", NOW, NOTICE)
    free = appointment("requested")
    free.starts_at = free.ends_at = None
    with pytest.raises(Conflict):
        states.check(MENTOR, free, "accept", NOW, NOTICE)
    assert states.allowed_actions(MENTOR, free, NOW, NOTICE) == {"decline", "propose", "cancel"}


def test_an_anonymous_visitor_is_nobody():
    class Anonymous:
        is_authenticated = False

    with pytest.raises(NotAllowed):
        states.check(Anonymous(), appointment("requested"), "cancel", NOW, NOTICE)
