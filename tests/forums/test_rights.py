"""Who reads and writes which forum; nothing leaks to a non-member (thread, search result,
attachment, subscription)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage

from dclic.accounts import groups
from dclic.core.db import db
from dclic.core.errors import NotAllowed, NotFound
from dclic.files.permissions import can_read_file
from dclic.forums import queries, services, subscriptions
from dclic.forums.permissions import can_moderate, can_read_forum
from dclic.learning import services as learning
from dclic.learning.models import Enrolment


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_a_course_forum_is_read_by_its_learners_mentors_and_moderators_only(
    course_forum, learner, mentor, moderator, outsider
):
    assert can_read_forum(learner, course_forum)
    assert can_read_forum(mentor, course_forum)
    assert can_read_forum(moderator, course_forum)
    assert not can_read_forum(outsider, course_forum)


def test_an_outsider_cannot_open_a_course_forum_that_does_not_exist_yet(course, outsider):
    with pytest.raises(NotFound):
        services.open_context_forum(outsider, "course", course.id)


def test_a_withdrawn_learner_loses_the_course_forum(course_forum, learner):
    enrolment = db.session.scalar(sa.select(Enrolment).where(Enrolment.user_id == learner.id))
    learning.withdraw(learner, enrolment)
    assert not can_read_forum(learner, course_forum)


def test_a_group_forum_is_for_its_members(create_user, admin):
    group = groups.create_group(admin, "Cohorte Dakar")
    member, other = create_user(), create_user()
    groups.add_member(admin, group, member)
    forum = services.open_context_forum(member, "group", group.id)
    assert can_read_forum(member, forum)
    assert not can_read_forum(other, forum)
    with pytest.raises(NotFound):
        services.open_context_forum(other, "group", group.id)


def test_the_course_mentor_moderates_the_course_forum_but_not_the_community(
    course_forum, community, mentor, learner, moderator
):
    assert can_moderate(mentor, course_forum)
    assert not can_moderate(mentor, community)
    assert not can_moderate(learner, course_forum)
    assert can_moderate(moderator, course_forum) and can_moderate(moderator, community)


def test_an_outsider_gets_not_found_for_thread_post_search_and_subscription(
    course_forum, learner, outsider, write
):
    thread = write(learner, course_forum, title="Secret du cours", body="zanzibar")
    post = queries.opening_post(thread)
    with pytest.raises(NotFound):
        queries.get_thread_for(outsider, thread.id)
    with pytest.raises(NotFound):
        queries.get_post_for(outsider, post.id)
    with pytest.raises(NotFound):
        subscriptions.subscribe(outsider, "immediate", thread=thread)
    assert queries.search(outsider, "zanzibar").total == 0
    assert queries.search(learner, "zanzibar").total == 1
    with pytest.raises(NotAllowed):
        services.reply(outsider, thread, "Je m'invite")


def test_an_attachment_is_readable_by_the_readers_of_the_thread_only(
    course_forum, learner, mentor, outsider, write
):
    upload = FileStorage(_png(), filename="schema.png", content_type="image/png")
    thread = write(learner, course_forum, upload=upload)
    stored = queries.opening_post(thread).attachments[0].file
    assert can_read_file(learner, stored)
    assert can_read_file(mentor, stored)
    assert not can_read_file(outsider, stored)
    assert not can_read_file(None, stored)


def test_the_community_forum_is_read_by_every_signed_in_account(community, outsider):
    assert can_read_forum(outsider, community)
    assert not can_read_forum(None, community)
