"""Threads, replies, quoting, editing with history, Q&A and the hold queue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.forums import queries, services
from dclic.forums.models import ForumPostRevision


def test_a_thread_opens_with_its_first_post_and_replies_count(course_forum, learner, mentor, write):
    thread = write(learner, course_forum, title="  Mon   code  ", body="**Aide**")
    assert thread.title == "Mon code" and thread.reply_count == 0
    services.reply(mentor, thread, "Voici une piste.")
    assert thread.reply_count == 1
    page = queries.list_posts(learner, thread)
    assert [p.author_id for p in page.items] == [learner.id, mentor.id]


def test_empty_or_too_long_input_is_refused_field_by_field(course_forum, learner, write):
    with pytest.raises(Invalid) as refused:
        write(learner, course_forum, title=" ", body="")
    assert set(refused.value.errors) == {"title", "body"}
    with pytest.raises(Invalid) as refused:
        write(learner, course_forum, body="x" * 20_001)
    assert set(refused.value.errors) == {"body"}


def test_a_course_forum_is_in_qa_mode_and_its_threads_are_questions(course_forum, learner, write):
    assert course_forum.is_qa
    assert write(learner, course_forum).is_question


def test_quoting_makes_a_markdown_blockquote_with_the_author(course_forum, learner, write):
    thread = write(learner, course_forum, body="Ligne un\n\nLigne deux")
    quote = queries.quote_of(queries.opening_post(thread))
    assert quote.startswith(f"> **{learner.display_name}**\n")
    assert "> Ligne un\n>\n> Ligne deux" in quote


def test_the_asker_accepts_one_answer_and_can_change_it(
    course_forum, learner, mentor, write, create_user
):
    thread = write(learner, course_forum)
    first = services.reply(mentor, thread, "Réponse 1")
    second = services.reply(mentor, thread, "Réponse 2")
    services.accept_answer(learner, first)
    assert queries.accepted_answer(thread) == first
    services.accept_answer(learner, second)
    assert queries.accepted_answer(thread) == second and not first.is_accepted
    assert queries.list_threads(learner, course_forum, only="unanswered").total == 0


def test_a_mentor_may_accept_but_another_learner_may_not(
    course_forum, learner, mentor, course, create_user, write
):
    from dclic.learning import services as learning

    other = create_user()
    learning.enrol_in_course(other, other, course)
    thread = write(learner, course_forum)
    answer = services.reply(other, thread, "Essaie ceci")
    with pytest.raises(NotAllowed):
        services.accept_answer(other, answer)
    services.accept_answer(mentor, answer)
    assert answer.is_accepted


def test_the_opening_post_cannot_be_the_accepted_answer(course_forum, learner, write):
    thread = write(learner, course_forum)
    with pytest.raises(Conflict):
        services.accept_answer(learner, queries.opening_post(thread))


def test_unanswered_questions_are_listed_apart(course_forum, learner, mentor, write):
    open_question = write(learner, course_forum, title="Sans réponse")
    answered = write(learner, course_forum, title="Résolue")
    services.accept_answer(learner, services.reply(mentor, answered, "Voilà"))
    page = queries.list_threads(learner, course_forum, only="unanswered")
    assert [t.id for t in page.items] == [open_question.id]


def test_an_edit_keeps_the_former_text_in_the_history(course_forum, learner, write, session):
    post = queries.opening_post(write(learner, course_forum, body="Avant"))
    changes = services.edit_post(learner, post, "Après")
    assert changes == {"body": ("Avant", "Après")} and post.edited_at is not None
    (revision,) = queries.revisions(post)
    assert isinstance(revision, ForumPostRevision) and revision.body == "Avant"
    assert revision.edited_by_id == learner.id


def test_an_author_edits_within_the_window_only_and_a_moderator_always(
    course_forum, learner, moderator, write, session
):
    post = queries.opening_post(write(learner, course_forum))
    post.created_at = post.created_at - services.EDIT_WINDOW - timedelta(minutes=1)
    session.flush()
    with pytest.raises(NotAllowed):
        services.edit_post(learner, post, "Trop tard")
    services.edit_post(moderator, post, "Corrigé par la modération")
    assert post.body == "Corrigé par la modération"


def test_a_locked_thread_refuses_replies(course_forum, learner, mentor, write):
    from dclic.forums import moderation

    thread = write(learner, course_forum)
    moderation.set_locked(mentor, thread, True)
    with pytest.raises(Conflict):
        services.reply(learner, thread, "Encore moi")


def test_a_new_accounts_first_posts_wait_for_approval(app, course_forum, learner, mentor, write):
    from dclic.forums import moderation

    app.config["DCLIC_FORUM_HOLD_FIRST_POSTS"] = 1
    try:
        thread = write(learner, course_forum)
        assert thread.is_held and queries.opening_post(thread).status == "held"
        assert queries.list_threads(mentor, course_forum).total == 1  # moderators see it
        assert queries.list_threads(learner, course_forum).total == 1  # its author too
        moderation.approve_post(mentor, queries.opening_post(thread))
        assert not thread.is_held
        reply = services.reply(learner, thread, "Deuxième message")
        assert reply.status == "visible"  # one approved post is enough
    finally:
        app.config["DCLIC_FORUM_HOLD_FIRST_POSTS"] = 0


def test_a_held_thread_is_invisible_to_other_readers(
    app, course_forum, learner, course, create_user, write
):
    from dclic.core.errors import NotFound
    from dclic.learning import services as learning

    other = create_user()
    learning.enrol_in_course(other, other, course)
    app.config["DCLIC_FORUM_HOLD_FIRST_POSTS"] = 1
    try:
        thread = write(learner, course_forum)
    finally:
        app.config["DCLIC_FORUM_HOLD_FIRST_POSTS"] = 0
    assert queries.list_threads(other, course_forum).total == 0
    with pytest.raises(NotFound):
        queries.get_thread_for(other, thread.id)
