"""The demo forums: a community in categories, a course Q&A with an accepted answer; twice is
once."""

import sqlalchemy as sa

from dclic.accounts import queries as accounts
from dclic.demo import seed
from dclic.forums import queries
from dclic.forums.models import Forum, ForumPost, ForumThread


def _counts(session):
    return [
        session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Forum, ForumThread, ForumPost)
    ]


def test_the_demo_forums_hold_a_course_question_with_its_accepted_answer(session):
    first = seed(admin_email="admin@dclic.example", admin_password="apprendre-le-numerique")
    assert first.created["forums"] == 4 and first.created["forum threads"] == 3
    before = _counts(session)
    second = seed(admin_email="admin@dclic.example")
    assert "forums" not in second.created and _counts(session) == before

    moussa = accounts.get_user_by_email("moussa.traore@dclic.example")
    aminata = accounts.get_user_by_email("aminata.diallo@dclic.example")
    course_forum = session.scalar(sa.select(Forum).where(Forum.kind == "course"))
    [question] = queries.list_threads(moussa, course_forum).items
    answer = queries.accepted_answer(question)
    assert answer.author_id == aminata.id and question.author_id == moussa.id
    assert [
        title for category, _forums in queries.community_forums() for title in [category.title]
    ] == [
        "Entraide",
        "Vie de la communauté",
    ]
