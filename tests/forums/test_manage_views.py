"""Administrators arrange the community forums; moderators pin, lock, move and delete
threads from the thread page (forms, no JS); learners may do neither."""

from __future__ import annotations

from dclic.forums import queries
from dclic.forums.models import Forum, ForumCategory
from tests.helpers import post_form


def test_an_administrator_creates_a_category_and_a_forum(client, login, admin, session):
    login(admin)
    response = post_form(
        client, "/forums/manage", {"category-title": "Entraide", "category-position": "2"}
    )
    assert response.status_code == 302
    category = session.query(ForumCategory).filter_by(title="Entraide").one()
    response = post_form(
        client,
        "/forums/manage/new",
        {
            "title": "Stages",
            "description": "Offres",
            "category_id": str(category.id),
            "position": "1",
        },
    )
    assert response.status_code == 302
    forum = session.query(Forum).filter_by(title="Stages").one()
    assert forum.kind == "community" and forum.category_id == category.id and not forum.is_qa
    assert "Stages" in client.get("/forums").get_data(as_text=True)


def test_bad_settings_are_refused_with_field_errors(client, login, admin):
    login(admin)
    response = post_form(client, "/forums/manage/new", {"title": "", "position": "beaucoup"})
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('aria-invalid="true"') == 2


def test_learners_cannot_arrange_the_forums(client, login, learner):
    login(learner)
    assert client.get("/forums/manage").status_code == 403
    assert client.get("/forums/manage/new").status_code == 403


def test_a_moderator_pins_locks_moves_and_deletes_from_the_pages(
    client, login, course_forum, community, learner, moderator, write, session
):
    thread = write(learner, course_forum)
    login(moderator)
    page = f"/forums/threads/{thread.id}"
    for action in ("pin", "lock"):
        assert post_form(client, f"{page}/{action}", {}, page=page).status_code == 302
    response = post_form(client, f"{page}/move", {"forum": str(community.id)})
    assert response.status_code == 302
    session.refresh(thread)
    assert thread.is_pinned and thread.is_locked and thread.forum_id == community.id
    response = post_form(client, f"{page}/move", {"forum": "999999"})
    assert response.status_code == 422
    response = post_form(client, f"{page}/delete", {"reason": "Doublon"}, page=page)
    assert response.headers["Location"] == f"/forums/{community.id}"
    session.refresh(thread)
    assert thread.deleted_at is not None


def test_a_learner_cannot_use_the_moderation_actions(client, login, course_forum, learner, write):
    thread = write(learner, course_forum)
    login(learner)
    page = f"/forums/threads/{thread.id}"
    assert post_form(client, f"{page}/pin", {}, page=page).status_code == 403
    post = queries.opening_post(thread)
    assert post_form(client, f"/forums/posts/{post.id}/hide", {}, page=page).status_code == 403
