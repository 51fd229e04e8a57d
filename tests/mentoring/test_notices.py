"""Mentoring notices go through the notification centre: each person's choice per kind
(in-app only, immediate mail, daily digest, off) applies to appointments, reminders,
announcements and virtual classes."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from dclic.mentoring import announcements, services, sessions, tasks
from dclic.notifications import services as centre
from dclic.notifications.models import Notification
from tests.mentoring.conftest import at


def notices(session, user, kind):
    return list(
        session.scalars(
            sa.select(Notification).where(
                Notification.user_id == user.id, Notification.kind == kind
            )
        )
    )


def test_the_kinds_are_declared_with_mail_at_once_by_default():
    from dclic.notifications import registry

    for name in (
        "appointment",
        "appointment_reminder",
        "class_session",
        "mentor_announcement",
        "agenda_event",
    ):
        assert registry.kind(name).default == "immediate"


def test_an_appointment_change_is_in_the_centre_and_mailed_at_once(
    booked, mentor, learner, outbox, session
):
    services.accept(mentor, booked)
    session.commit()
    [notice] = notices(session, learner, "appointment")
    assert notice.link == f"/appointments/{booked.id}" and notice.channel == "immediate"
    assert notice.mailed_at is not None
    assert [m["To"] for m in outbox() if m["To"] == learner.email] == [learner.email]


def test_appointment_notices_set_to_off_send_nothing(booked, mentor, learner, outbox, session):
    centre.set_preferences(learner, {"appointment": "off"})
    services.accept(mentor, booked)
    session.commit()
    assert notices(session, learner, "appointment") == []
    assert learner.email not in {m["To"] for m in outbox()}


def test_appointment_notices_in_the_digest_are_not_mailed_at_once(
    booked, mentor, learner, outbox, session
):
    centre.set_preferences(learner, {"appointment": "digest"})
    services.accept(mentor, booked)
    session.commit()
    [notice] = notices(session, learner, "appointment")
    assert notice.channel == "digest" and notice.mailed_at is None
    assert learner.email not in {m["To"] for m in outbox()}


@pytest.mark.parametrize("channel", ["off", "digest", "in_app"])
def test_reminders_follow_the_choice_and_go_once(channel, booked, mentor, learner, outbox, session):
    centre.set_preferences(learner, {"appointment_reminder": channel})
    services.accept(mentor, booked)
    session.commit()
    before = len(outbox())
    moment = booked.starts_at - timedelta(minutes=30)
    assert tasks.send_reminders(moment) == 1
    session.commit()
    assert tasks.send_reminders(moment) == 0
    session.commit()
    assert [m["To"] for m in outbox()[before:]] == [mentor.email]
    assert len(notices(session, mentor, "appointment_reminder")) == 1
    assert len(notices(session, learner, "appointment_reminder")) == (channel != "off")


def test_an_announcement_in_the_digest_is_not_mailed_at_once(
    pair, create_user, tutored, outbox, session
):
    mentor, learner = pair
    other = create_user()
    tutored(other, mentor)
    centre.set_preferences(learner, {"mentor_announcement": "digest"})
    centre.set_preferences(other, {"mentor_announcement": "off"})
    announcements.post_announcement(mentor, "all", "Atelier", "Samedi à 10 h.")
    session.commit()
    assert outbox() == []
    [notice] = notices(session, learner, "mentor_announcement")
    assert notice.channel == "digest" and notice.title.endswith("Atelier")
    assert notices(session, other, "mentor_announcement") == []


def test_a_member_who_turned_off_class_sessions_gets_no_mail(
    admin_group, mentor, learner, monday, outbox, session
):
    centre.set_preferences(learner, {"class_session": "off"})
    sessions.schedule_session(
        mentor, admin_group, "Atelier", at(monday, 14), at(monday, 15), "https://a.example.org/r"
    )
    session.commit()
    assert learner.email not in {m["To"] for m in outbox()}
    assert len(outbox()) == 1  # the other member


@pytest.fixture
def admin_group(create_user, mentor, learner):
    from dclic.accounts import groups

    admin = create_user(roles=("admin",))
    made = groups.create_group(admin, "Cohorte")
    for person in (learner, create_user()):
        groups.add_member(admin, made, person)
    groups.assign_role(admin, mentor, "mentor", "group", made.id)
    return made
