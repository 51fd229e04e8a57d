"""Reminders before confirmed appointments: each once, even when the job runs twice."""

from datetime import timedelta

from dclic.mentoring import services, tasks
from tests.mentoring.conftest import at


def test_each_reminder_is_sent_once_even_if_the_job_runs_twice(
    booked, mentor, learner, outbox, session
):
    services.accept(mentor, booked)
    session.commit()
    before = len(outbox())
    day_before = booked.starts_at - timedelta(hours=23)
    assert tasks.send_reminders(day_before) == 1
    session.commit()
    assert tasks.send_reminders(day_before) == 0
    session.commit()
    assert sorted(m["To"] for m in outbox()[before:]) == sorted([mentor.email, learner.email])
    hour_before = booked.starts_at - timedelta(minutes=50)
    assert tasks.send_reminders(hour_before) == 1
    assert tasks.send_reminders(hour_before) == 0
    session.commit()
    assert len(outbox()[before:]) == 4  # two reminders, to two people
    assert (
        "Africa/Dakar"
        in next(m for m in outbox()[before:] if m["To"] == learner.email).get_content()
    )


def test_nothing_before_the_time_and_nothing_for_unconfirmed_appointments(booked, mentor):
    assert tasks.send_reminders(booked.starts_at - timedelta(hours=23)) == 0  # only requested
    services.accept(mentor, booked)
    assert tasks.send_reminders(booked.starts_at - timedelta(hours=25)) == 0
    assert tasks.send_reminders(booked.starts_at + timedelta(minutes=1)) == 0  # begun
    services.cancel(mentor, booked, "Empêchement")
    assert tasks.send_reminders(booked.starts_at - timedelta(hours=23)) == 0


def test_when_several_are_due_one_mail_covers_them(booked, mentor, outbox, session):
    services.accept(mentor, booked)
    session.commit()
    before = len(outbox())
    assert tasks.send_reminders(booked.starts_at - timedelta(minutes=30)) == 1
    assert tasks.send_reminders(booked.starts_at - timedelta(minutes=20)) == 0
    session.commit()
    assert len(outbox()[before:]) == 2


def test_a_reminder_whose_moment_passed_before_the_confirmation_is_skipped(booked, mentor, clock):
    clock(booked.starts_at - timedelta(hours=3))
    services.accept(mentor, booked)
    assert tasks.send_reminders(booked.starts_at - timedelta(hours=2)) == 0  # not the 24 h one
    assert tasks.send_reminders(booked.starts_at - timedelta(minutes=55)) == 1  # the 1 h one


def test_a_new_time_gets_new_reminders(booked, mentor, learner, monday):
    services.accept(mentor, booked)
    assert tasks.send_reminders(booked.starts_at - timedelta(hours=23)) == 1
    services.propose(mentor, booked, at(monday, 11), at(monday, 11, 30), "Changement")
    services.accept(learner, booked)
    assert tasks.send_reminders(booked.starts_at - timedelta(hours=23)) == 1


def test_reminders_can_be_turned_off(app, booked, mentor, monkeypatch):
    monkeypatch.setitem(app.config, "DCLIC_APPOINTMENT_REMINDERS", ())
    services.accept(mentor, booked)
    assert tasks.send_reminders(booked.starts_at - timedelta(minutes=30)) == 0


def test_the_cron_command(app, booked, mentor, session, monkeypatch):
    services.accept(mentor, booked)
    session.flush()
    monkeypatch.setattr(tasks, "utcnow", lambda: booked.starts_at - timedelta(minutes=30))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["dclic", "mentoring", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Reminders sent for 1 appointments." in result.output
    result = runner.invoke(args=["dclic", "mentoring", "send-reminders"])
    assert "Reminders sent for 0 appointments." in result.output
