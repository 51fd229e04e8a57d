"""Chat fixtures: a course with enrolled learners and their mentor, a group, a moderator."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dclic.accounts.models import Group, GroupMember
from dclic.core.db import db
from dclic.learning import services as learning


def enrol(learner, course, mentor=None):
    """``learner`` enrols in ``course`` themselves; ``mentor`` is named on the enrolment."""
    enrolment = learning.enrol(learner, learner, course)
    if mentor is not None:
        enrolment.mentor_id = mentor.id
        db.session.flush()
    return enrolment


@pytest.fixture
def person(create_user):
    """``person(name, birth_year=1990, **overrides)``: a flushed user (an adult by default)."""

    def factory(name, birth_year=1990, **overrides):
        user = create_user(display_name=name, **overrides)
        user.birth_year = birth_year
        db.session.flush()
        return user

    return factory


@pytest.fixture
def world(person, create_course):
    """Two learners of one course (followed by a mentor), an outsider, a moderator, a group."""
    course = create_course()
    mentor = person("Aminata", roles=("mentor",))
    awa, moussa, outsider = person("Awa"), person("Moussa"), person("Jean")
    moderator = person("Modératrice", roles=("moderator",))
    awa_enrolment = enrol(awa, course, mentor)
    enrol(moussa, course)
    group = Group(name=f"Cohorte {course.id}")
    db.session.add(group)
    db.session.flush()
    db.session.add(GroupMember(group_id=group.id, user_id=awa.id))
    db.session.flush()
    return SimpleNamespace(
        course=course,
        room=f"course:{course.id}",
        group=group,
        mentor=mentor,
        awa=awa,
        awa_enrolment=awa_enrolment,
        moussa=moussa,
        outsider=outsider,
        moderator=moderator,
    )


@pytest.fixture
def bearer(session):
    """``bearer(user)`` → the headers of an API call as ``user``."""
    from dclic.accounts.tokens import issue_api_token

    def headers(user):
        secret, _token = issue_api_token(user, "tests")
        session.flush()
        return {"Authorization": f"Bearer {secret}"}

    return headers
