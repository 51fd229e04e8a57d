"""Factories of the mentoring tests: a mentor and their learners, availability, a frozen clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

PARIS = "Europe/Paris"
DAKAR = "Africa/Dakar"


@pytest.fixture
def clock(monkeypatch):
    """``clock(datetime)`` freezes "now" for the mentoring code (services, views, jobs)."""
    from dclic.mentoring import agenda_views, availability, services, tasks, views

    def freeze(now: datetime):
        for module in (services, availability, views, agenda_views, tasks):
            monkeypatch.setattr(module, "utcnow", lambda: now)
        return now

    return freeze


@pytest.fixture
def mentor(create_user, session):
    # In English: the tests read the mentor's mails, whatever the catalogs say.
    user = create_user(roles=("mentor",), display_name="Koffi Mentor", locale="en")
    user.time_zone = PARIS
    session.flush()
    return user


@pytest.fixture
def learner(create_user, session):
    user = create_user(display_name="Awa Élève")
    user.time_zone = DAKAR
    session.flush()
    return user


@pytest.fixture
def sign_in(client, login):
    """``sign_in(user)``: signs out whoever is signed in on ``client``, then signs ``user`` in."""
    from tests.helpers import post_form

    state = {"signed_in": False}

    def switch(user):
        if state["signed_in"]:
            post_form(client, "/logout", {}, page="/")
        login(user)
        state["signed_in"] = True

    return switch


@pytest.fixture
def tutored(session):
    """``tutored(learner, mentor)``: the learner follows a (new) tutored path with this mentor."""
    from dclic.courses import services as courses
    from dclic.learning.models import Enrolment

    def link(learner, mentor, status="active"):
        path = courses.create_path(None, title="Parcours accompagné", track="M", is_tutored=True)
        enrolment = Enrolment(
            user_id=learner.id, path_id=path.id, mode="assigned", mentor_id=mentor.id, status=status
        )
        session.add(enrolment)
        session.flush()
        return enrolment

    return link


@pytest.fixture
def pair(mentor, learner, tutored):
    tutored(learner, mentor)
    return mentor, learner


def next_weekday(weekday: int, weeks_ahead: int = 1, today: date | None = None) -> date:
    """The date of ``weekday`` (0 = Monday) at least ``weeks_ahead`` weeks from today."""
    today = today or datetime.now(UTC).date()
    start = today + timedelta(weeks=weeks_ahead)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def at(day: date, hour: int, minute: int = 0, zone: str = PARIS) -> datetime:
    """The UTC instant of ``day`` ``hour:minute`` in ``zone``."""
    from dclic.mentoring.times import local_to_utc, zone_named

    return local_to_utc(day, time(hour, minute), zone_named(zone))


@pytest.fixture
def monday():
    return next_weekday(0)


@pytest.fixture
def available(session, pair, monday):
    """The mentor is available every Monday 09:00–12:00 (Paris), 30-minute slots, no break."""
    from dclic.mentoring import availability

    mentor, _learner = pair
    availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=4)
    availability.publish_weekly_window(mentor, 0, 9 * 60, 12 * 60)
    return mentor


@pytest.fixture
def booked(available, learner, monday):
    """A request of the learner for next Monday 09:00 Paris."""
    from dclic.mentoring import services

    return services.book(learner, available, at(monday, 9), "Mon CV", "Bonjour")
