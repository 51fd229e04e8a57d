"""Moderation: reports and their queue, hiding, deleting, pinning, locking, moving; every
action in the audit trail with its moderator."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dclic.audit.context import Actor, acting_as
from dclic.audit.models import AuditEvent
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed, NotFound
from dclic.forums import moderation, queries, services
from dclic.forums.models import ForumPostRevision


def _audited(action: str, object_id) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action == action, AuditEvent.object_id == str(object_id)
            )
        )
    )


@pytest.fixture
def thread(course_forum, learner, write):
    return write(learner, course_forum)


@pytest.fixture
def answer(thread, mentor):
    return services.reply(mentor, thread, "Une réponse discutable")


def test_a_report_reaches_the_queue_of_the_forums_moderators_only(
    thread, answer, learner, mentor, moderator, create_user
):
    report = moderation.report_post(learner, answer, "Propos blessants")
    assert [r.id for r in queries.open_reports(mentor).items] == [report.id]
    assert [r.id for r in queries.open_reports(moderator).items] == [report.id]
    assert queries.open_reports(learner).total == 0
    assert queries.open_reports(create_user(roles=("mentor",))).total == 0  # not of this course


def test_a_report_needs_a_reason_and_is_not_repeated(answer, learner):
    with pytest.raises(Invalid):
        moderation.report_post(learner, answer, "  ")
    moderation.report_post(learner, answer, "Spam")
    with pytest.raises(Conflict):
        moderation.report_post(learner, answer, "Spam encore")


def test_hiding_a_reported_post_resolves_its_reports_and_is_audited(
    answer, learner, mentor, create_user
):
    report = moderation.report_post(learner, answer, "Hors sujet")
    with acting_as(Actor(kind="user", id=mentor.id, name=mentor.display_name)):
        moderation.set_hidden(mentor, answer, True, "Hors sujet")
    assert answer.status == "hidden" and report.status == "resolved"
    assert report.handled_by_id == mentor.id
    (event,) = _audited("forum.hide_post", answer.id)
    assert event.actor_id == mentor.id and event.changes == {"reason": "Hors sujet"}
    # Hidden: its author and moderators still see it, other readers do not.
    assert queries.get_post_for(mentor, answer.id) == answer
    assert answer not in queries.list_posts(learner, answer.thread).items
    with pytest.raises(NotFound):
        queries.get_post_for(learner, answer.id)


def test_a_learner_cannot_moderate(answer, learner):
    for action in (
        lambda: moderation.set_hidden(learner, answer, True),
        lambda: moderation.delete_post(learner, answer),
        lambda: moderation.set_locked(learner, answer.thread, True),
        lambda: moderation.set_pinned(learner, answer.thread, True),
        lambda: moderation.delete_thread(learner, answer.thread),
    ):
        with pytest.raises(NotAllowed):
            action()


def test_a_deleted_post_leaves_a_tombstone_without_text_nor_history(thread, answer, moderator):
    services.edit_post(moderator, answer, "Texte modifié")
    moderation.delete_post(moderator, answer, "Insultes")
    assert answer.is_deleted and answer.body == "" and answer.body_folded == ""
    assert answer in queries.list_posts(moderator, thread).items  # shown as a tombstone
    revisions = db.session.scalars(
        sa.select(ForumPostRevision).where(ForumPostRevision.post_id == answer.id)
    ).all()
    assert revisions == [] and thread.reply_count == 0
    assert len(_audited("forum.delete_post", answer.id)) == 1
    assert len(_audited("forum.edit_post", answer.id)) == 1


def test_the_opening_post_goes_only_with_its_thread(thread, moderator, learner):
    with pytest.raises(Conflict):
        moderation.delete_post(moderator, queries.opening_post(thread))
    moderation.delete_thread(moderator, thread, "Doublon")
    with pytest.raises(NotFound):
        queries.get_thread_for(learner, thread.id)
    assert len(_audited("forum.delete_thread", thread.id)) == 1


def test_pinned_threads_come_first_and_pinning_is_audited(course_forum, learner, mentor, write):
    first = write(learner, course_forum, title="Premier")
    write(learner, course_forum, title="Second")
    moderation.set_pinned(mentor, first, True)
    assert queries.list_threads(learner, course_forum).items[0] == first
    assert len(_audited("forum.pin_thread", first.id)) == 1


def test_a_moderator_moves_a_thread_to_a_forum_they_moderate(thread, moderator, mentor, community):
    assert community in moderation.move_targets(moderator, thread)
    with pytest.raises(Invalid):
        moderation.move_thread(mentor, thread, community)  # the mentor does not moderate it
    moderation.move_thread(moderator, thread, community)
    assert thread.forum_id == community.id
    (event,) = _audited("forum.move_thread", thread.id)
    assert event.changes["to_forum"] == community.id


def test_closing_a_report_is_audited_and_happens_once(answer, learner, mentor):
    report = moderation.report_post(learner, answer, "Spam")
    moderation.close_report(mentor, report, "dismissed")
    assert report.status == "dismissed"
    with pytest.raises(Conflict):
        moderation.close_report(mentor, report, "resolved")
    assert len(_audited("forum.close_report", report.id)) == 1
