"""The notification centre: stored, pushed after commit, mailed by each user's channel."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from dclic.core.db import utcnow
from dclic.core.errors import Invalid
from dclic.core.signals import course_completed
from dclic.notifications import queries, services, tasks
from dclic.notifications.models import Notification


@pytest.fixture
def user(create_user):
    return create_user(locale="en")


def _notify(user, kind="message", title="Titre"):
    return services.notify(user, kind, title, "/messages", mail_text="Texte")


def test_an_immediate_notification_is_stored_then_mailed_after_the_commit(user, session, outbox):
    before = len(outbox())
    notification = _notify(user)
    assert notification.channel == "immediate" and notification.read_at is None
    assert len(outbox()) == before  # nothing leaves before the commit
    session.commit()
    (mail,) = outbox()[before:]
    assert mail["To"] == user.email
    assert "/messages" in mail.get_content()


def test_off_stores_nothing_and_in_app_mails_nothing(user, session, outbox):
    before = len(outbox())
    services.set_preferences(user, {"message": "off", "course_completed": "in_app"})
    assert _notify(user) is None
    assert _notify(user, "course_completed").channel == "in_app"
    session.commit()
    assert len(outbox()) == before
    assert queries.count_unread(user) == 1


def test_the_general_mail_setting_shapes_the_defaults(create_user, session):
    quiet, summary = create_user(), create_user()
    quiet.mail_notifications, summary.mail_notifications = "off", "digest"
    session.flush()
    assert queries.channel_for(quiet, "message") == "in_app"
    assert queries.channel_for(summary, "message") == "digest"
    services.set_preferences(summary, {"message": "immediate"})
    assert queries.channel_for(summary, "message") == "immediate"


def test_a_digest_leaves_once_a_day_even_when_the_job_runs_twice(user, session, outbox):
    services.set_preferences(user, {"message": "digest"})
    for title in ("Un", "Deux"):
        assert _notify(user, title=title).channel == "digest"
    session.commit()
    before = len(outbox())
    now = utcnow() + timedelta(seconds=1)
    assert tasks.send_digests(now) == 1
    session.commit()
    assert tasks.send_digests(now) == 0
    _notify(user, title="Trois")
    assert tasks.send_digests(now + timedelta(seconds=1)) == 0  # today's left already
    session.commit()
    (mail,) = outbox()[before:]
    assert mail["To"] == user.email
    assert "Un" in mail.get_content() and "Deux" in mail.get_content()
    assert tasks.send_digests(now + timedelta(days=1)) == 1  # tomorrow's


def test_the_digest_command_is_idempotent(app, user, session, outbox):
    services.set_preferences(user, {"message": "digest"})
    _notify(user)
    session.commit()
    before = len(outbox())
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["dclic", "notifications", "send-digests"])
        assert result.exit_code == 0, result.output
    assert len(outbox()) == before + 1


def test_mark_all_as_read(user, session):
    _notify(user)
    _notify(user)
    assert services.mark_all_read(user) == 2
    assert queries.count_unread(user) == 0


def test_an_undeclared_kind_or_channel_is_refused(user, session):
    with pytest.raises(KeyError):
        _notify(user, kind="no-such-kind")
    with pytest.raises(Invalid) as refused:
        services.set_preferences(user, {"message": "carrier-pigeon", "nope": "off"})
    assert set(refused.value.errors) == {"message", "nope"}


def test_set_preferences_returns_its_changes(user, session):
    assert services.set_preferences(user, {"message": "digest"}) == {
        "message": ("immediate", "digest")
    }
    assert services.set_preferences(user, {"message": "digest"}) == {}


def test_a_completed_course_notifies_the_learner(user, create_course, session):
    course = create_course()
    course_completed.send(None, user=user, course=course, completed_at=utcnow())
    (notice,) = session.scalars(sa.select(Notification).where(Notification.user_id == user.id))
    assert notice.kind == "course_completed"
    assert notice.link == f"/learn/{course.code}"
