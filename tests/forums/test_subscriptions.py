"""Following forums and threads: a mail per post or one digest a day, never the author's own
post, never a post one may not read, nothing before a held post is approved; the signed
one-click unsubscribe."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from dclic.core.db import db, utcnow
from dclic.forums import moderation, services, subscriptions
from dclic.learning import services as learning
from dclic.notifications import tasks
from dclic.notifications.models import Notification


def _forum_notices(user) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id, Notification.kind == "forum.post")
            .order_by(Notification.id)
        )
    )


@pytest.fixture
def classmate(create_user, course):
    user = create_user()
    learning.enrol_in_course(user, user, course)
    return user


def test_an_immediate_subscriber_gets_a_mail_per_post(
    course_forum, learner, mentor, classmate, write, session, outbox
):
    subscriptions.subscribe(classmate, "immediate", forum=course_forum)
    thread = write(learner, course_forum, title="Boucles en Python")
    services.reply(mentor, thread, "Utilise range()")
    before = len(outbox())
    session.commit()
    mails = [m for m in outbox()[before:] if m["To"] == classmate.email]
    assert len(mails) == 2
    notices = _forum_notices(classmate)
    assert [n.channel for n in notices] == ["immediate", "immediate"]
    assert all(n.unsubscribe_link.startswith("/forums/unsubscribe/") for n in notices)


def test_a_digest_subscriber_gets_one_mail_a_day_with_the_posts(
    course_forum, learner, mentor, classmate, write, session, outbox
):
    subscriptions.subscribe(classmate, "digest", forum=course_forum)
    thread = write(learner, course_forum, title="Variables et types")
    services.reply(mentor, thread, "Une variable nomme une valeur.")
    session.commit()
    before = len(outbox())
    now = utcnow() + timedelta(seconds=1)
    tasks.send_digests(now)
    session.commit()
    tasks.send_digests(now)  # the job ran twice: still one mail
    session.commit()
    mails = [m for m in outbox()[before:] if m["To"] == classmate.email]
    assert len(mails) == 1
    assert mails[0].get_content().count("Variables et types") == 2


def test_the_author_is_subscribed_to_their_thread_but_not_told_of_their_own_posts(
    course_forum, learner, mentor, write
):
    thread = write(learner, course_forum)
    services.reply(learner, thread, "Je précise ma question")
    assert _forum_notices(learner) == []
    services.reply(mentor, thread, "Voici la réponse")
    assert len(_forum_notices(learner)) == 1


def test_following_can_be_declined_when_posting(course_forum, learner, mentor, write):
    thread = write(learner, course_forum, follow=False)
    services.reply(mentor, thread, "Réponse")
    assert _forum_notices(learner) == []


def test_a_subscriber_who_lost_access_is_told_nothing(
    course_forum, learner, mentor, classmate, write
):
    from dclic.learning.models import Enrolment

    subscriptions.subscribe(classmate, "immediate", forum=course_forum)
    enrolment = db.session.scalar(sa.select(Enrolment).where(Enrolment.user_id == classmate.id))
    learning.withdraw(classmate, enrolment)
    write(learner, course_forum)
    assert _forum_notices(classmate) == []


def test_held_and_hidden_posts_are_announced_only_once_visible(
    app, course_forum, learner, mentor, classmate, write
):
    subscriptions.subscribe(classmate, "immediate", forum=course_forum)
    app.config["DCLIC_FORUM_HOLD_FIRST_POSTS"] = 1
    try:
        thread = write(learner, course_forum)
    finally:
        app.config["DCLIC_FORUM_HOLD_FIRST_POSTS"] = 0
    assert _forum_notices(classmate) == []
    from dclic.forums import queries

    moderation.approve_post(mentor, queries.opening_post(thread))
    assert len(_forum_notices(classmate)) == 1


def test_the_signed_token_removes_the_subscription_and_a_forged_one_is_refused(
    course_forum, classmate
):
    from dclic.core.errors import NotFound

    subscription = subscriptions.subscribe(classmate, "digest", forum=course_forum)
    token = subscriptions.token_for(subscription)
    with pytest.raises(NotFound):
        subscriptions.unsubscribe_by_token(token[:-2] + "xx")
    assert subscriptions.unsubscribe_by_token(token) is subscription
    assert subscriptions.unsubscribe_by_token(token) is None  # already gone: no error


def test_choosing_none_stops_following(course_forum, classmate):
    from dclic.forums import queries

    subscriptions.subscribe(classmate, "immediate", forum=course_forum)
    subscriptions.subscribe(classmate, "digest", forum=course_forum)
    assert queries.subscription_of(classmate, forum=course_forum).mode == "digest"
    subscriptions.subscribe(classmate, "none", forum=course_forum)
    assert queries.subscription_of(classmate, forum=course_forum) is None
