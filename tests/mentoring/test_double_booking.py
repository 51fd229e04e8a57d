"""No double booking, ever: two learners clicking the same slot at the same moment on the real
PostgreSQL, each in their own connection, committed for real. Exactly one wins; the other is
told the time was just taken (a Conflict on the ``slot`` field).

These tests cannot run inside the rolled-back transaction of the ``session`` fixture: each gets
a PostgreSQL schema of its own (migrated from empty, dropped afterwards), so nothing they commit
reaches other tests.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from dclic.core.db import db
from dclic.core.errors import Conflict
from tests.conftest import PASSWORD, POSTGRES_URL, TEST_SCHEMA, make_app, service_missing
from tests.mentoring.conftest import at, next_weekday

SCHEMA = f"{TEST_SCHEMA}_booking"


@pytest.fixture
def pg_app(tmp_path):
    """An app on a PostgreSQL schema of its own, migrated; the schema is dropped after."""
    from flask_migrate import upgrade

    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    except sa.exc.OperationalError as exc:
        service_missing("PostgreSQL", exc)
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={SCHEMA}')}"
    app = make_app(tmp_path, url)
    try:
        with app.app_context():
            upgrade()
            db.session.remove()
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        engine.dispose()


@pytest.fixture
def people(pg_app):
    """A mentor available on Mondays 09:00–12:00 (Paris) and two of their learners, committed."""
    from dclic.accounts import services as accounts
    from dclic.courses import services as courses
    from dclic.learning.models import Enrolment
    from dclic.mentoring import availability

    with pg_app.app_context():
        mentor = accounts.create_user(
            None, email="mentor@example.org", password=PASSWORD, display_name="Mentor",
            roles=("mentor",),
        )  # fmt: skip
        mentor.time_zone = "Europe/Paris"
        learners = [
            accounts.create_user(
                None, email=f"l{n}@example.org", password=PASSWORD, display_name=f"L{n}"
            )
            for n in (1, 2)
        ]
        path = courses.create_path(None, title="Tutored", track="M", is_tutored=True)
        for learner in learners:
            db.session.add(
                Enrolment(user_id=learner.id, path_id=path.id, mode="assigned", mentor_id=mentor.id)
            )
        availability.save_settings(mentor, slot_minutes=30, buffer_minutes=0, max_per_day=8)
        availability.publish_weekly_window(mentor, 0, 9 * 60, 12 * 60)
        db.session.commit()
        ids = mentor.id, [learner.id for learner in learners]
        db.session.remove()
    return ids


def _book_at_once(app, mentor_id, learner_ids, start):
    """Both learners book ``start`` in two threads released together; their outcomes."""
    from dclic.accounts.models import User
    from dclic.mentoring import services

    gate = threading.Barrier(len(learner_ids), timeout=20)
    outcomes = {}

    def attempt(learner_id):
        with app.app_context():
            try:
                learner, mentor = db.session.get(User, learner_id), db.session.get(User, mentor_id)
                gate.wait()
                services.book(learner, mentor, start, "Entretien")
                db.session.commit()
                outcomes[learner_id] = "booked"
            except Conflict as exc:
                db.session.rollback()
                outcomes[learner_id] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in learner_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _active_at(app, mentor_id, start) -> int:
    from dclic.mentoring.models import Appointment

    with app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count()).where(
                Appointment.mentor_id == mentor_id,
                Appointment.starts_at == start,
                Appointment.status.in_(("requested", "proposed", "confirmed")),
            )
        )
        db.session.remove()
    return count


def _exactly_one_won(outcomes):
    assert sorted(outcomes.values(), key=str).count("booked") == 1, outcomes
    [loser] = [value for value in outcomes.values() if value != "booked"]
    assert isinstance(loser, Conflict)
    assert list(loser.errors) == ["slot"] and loser.message


def test_two_learners_clicking_the_same_slot_at_once_one_wins(pg_app, people):
    mentor_id, learner_ids = people
    start = at(next_weekday(0), 10)
    outcomes = _book_at_once(pg_app, mentor_id, learner_ids, start)
    _exactly_one_won(outcomes)
    assert _active_at(pg_app, mentor_id, start) == 1


def test_without_the_mentor_lock_the_database_alone_still_lets_one_win(pg_app, people, monkeypatch):
    """Both requests pass every check in Python before either writes: the unique index and the
    exclusion constraint are what refuse the second."""
    from dclic.mentoring import queries, services
    from dclic.mentoring.models import MentorSettings

    both_checked = threading.Barrier(2, timeout=20)
    original = queries.find_free_slot

    def checked_then_wait(*args, **kwargs):
        slot = original(*args, **kwargs)
        both_checked.wait()
        return slot

    monkeypatch.setattr(queries, "find_free_slot", checked_then_wait)
    monkeypatch.setattr(
        services, "_lock_mentor", lambda mentor: db.session.get(MentorSettings, mentor.id)
    )
    mentor_id, learner_ids = people
    start = at(next_weekday(0), 11)
    outcomes = _book_at_once(pg_app, mentor_id, learner_ids, start)
    _exactly_one_won(outcomes)
    assert _active_at(pg_app, mentor_id, start) == 1


def test_overlapping_times_are_refused_by_the_exclusion_constraint_while_in_flight(pg_app, people):
    """A 10:00–10:30 being written and a 10:15–10:45 of another learner: the second waits for
    the first transaction, then is refused."""
    from dclic.mentoring.models import Appointment

    mentor_id, (first, second) = people
    day = next_weekday(0, weeks_ahead=2)
    written, outcomes = threading.Event(), {}

    def insert(learner_id, start, wait_for=None, hold=0.0):
        with pg_app.app_context():
            try:
                if wait_for is not None:
                    wait_for.wait(timeout=20)
                db.session.add(
                    Appointment(
                        mentor_id=mentor_id,
                        learner_id=learner_id,
                        status="requested",
                        starts_at=start,
                        ends_at=start + timedelta(minutes=30),
                        topic="x",
                    )
                )
                db.session.flush()
                written.set()
                time.sleep(hold)  # the other insert is now waiting on this transaction
                db.session.commit()
                outcomes[learner_id] = "written"
            except sa.exc.IntegrityError as exc:
                db.session.rollback()
                outcomes[learner_id] = exc
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=insert, args=(first, at(day, 10)), kwargs={"hold": 0.5}),
        threading.Thread(target=insert, args=(second, at(day, 10, 15), written)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes[first] == "written"
    assert isinstance(outcomes[second], sa.exc.IntegrityError)
    assert "ex_appointments_mentor_time" in str(outcomes[second])


def test_two_reminder_runs_at_the_same_moment_send_each_reminder_once(pg_app, people):
    from pathlib import Path

    from dclic.accounts.models import User
    from dclic.mentoring import services, tasks

    mentor_id, (learner_id, _other) = people
    with pg_app.app_context():
        mentor, learner = db.session.get(User, mentor_id), db.session.get(User, learner_id)
        appointment = services.book(learner, mentor, at(next_weekday(0), 9), "Rappels")
        services.accept(mentor, appointment)
        db.session.commit()
        moment = appointment.starts_at - timedelta(minutes=30)
        db.session.remove()
    outbox = Path(pg_app.config["DCLIC_MAIL"]["path"])
    before = set(outbox.glob("*.eml"))
    gate = threading.Barrier(2, timeout=20)
    counts = []

    def run():
        with pg_app.app_context():
            gate.wait()
            counts.append(tasks.send_reminders(moment))
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(counts) == [0, 1]
    assert len(set(outbox.glob("*.eml")) - before) == 2  # one mail to each of the two people
