"""The forum pages without JavaScript: the course forum journey, quoting, preview, errors,
rights (404 for non-members), the moderation queue, the one-click unsubscribe, small pages
with a fixed number of queries."""

from __future__ import annotations

import gzip
import io
import re

import pytest

from dclic.forums import moderation, queries, services, subscriptions
from dclic.forums.models import ForumPost
from tests.helpers import csrf_token, post_form


def _size(response) -> int:
    return len(gzip.compress(response.get_data(), compresslevel=6))


def test_the_course_forum_journey_question_answer_acceptance(
    client, login, course, learner, mentor, session
):
    login(learner)
    response = client.get(f"/forums/course/{course.id}")
    assert response.status_code == 302
    forum_path = response.headers["Location"]
    forum_id = int(forum_path.rsplit("/", 1)[1])
    response = post_form(
        client,
        f"/forums/{forum_id}/new",
        {"title": "Comment centrer un titre ?", "body": "J'ai essayé `center`.", "follow": "y"},
    )
    assert response.status_code == 302
    thread_path = response.headers["Location"]
    thread_id = int(thread_path.rsplit("/", 1)[1])
    opening = queries.opening_post(queries.get_thread_for(learner, thread_id))

    client.post("/logout", data={"csrf_token": csrf_token(client, "/forums")})
    login(mentor)
    page = client.get(f"{thread_path}?quote={opening.id}").get_data(as_text=True)
    assert f"&gt; **{learner.display_name}**" in page  # the reply form holds the quote
    response = post_form(
        client, thread_path, {"body": "Utilise `text-align: center`."}, page=thread_path
    )
    assert response.status_code == 302 and "/forums/posts/" in response.headers["Location"]
    answer = session.query(ForumPost).filter_by(author_id=mentor.id).one()

    client.post("/logout", data={"csrf_token": csrf_token(client, "/forums")})
    login(learner)
    response = post_form(client, f"/forums/posts/{answer.id}/accept", {}, page=thread_path)
    assert response.status_code == 302
    page = client.get(thread_path).get_data(as_text=True)
    assert 'id="accepted"' in page and f'id="post-{answer.id}"' in page
    session.refresh(answer)
    assert answer.is_accepted


def test_the_preview_renders_without_saving_and_errors_keep_the_text(
    client, login, course_forum, learner
):
    login(learner)
    path = f"/forums/{course_forum.id}/new"
    response = post_form(client, path, {"title": "Essai", "body": "**gras**", "action": "preview"})
    assert response.status_code == 200
    assert "<strong>gras</strong>" in response.get_data(as_text=True)
    assert queries.list_threads(learner, course_forum).total == 0
    response = post_form(client, path, {"title": "", "body": "Mon texte à garder"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page and "Mon texte à garder" in page


def test_markup_in_posts_is_sanitized(client, login, course_forum, learner, write):
    thread = write(learner, course_forum, body="<script>alert(1)</script> [x](javascript:alert(1))")
    login(learner)
    page = client.get(f"/forums/threads/{thread.id}").get_data(as_text=True)
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_non_member_gets_404_everywhere(
    app, client, login, course_forum, learner, outsider, write
):
    import io

    from PIL import Image
    from werkzeug.datastructures import FileStorage

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    buffer.seek(0)
    thread = write(learner, course_forum, body="motsecret", upload=FileStorage(buffer, "a.png"))
    post = queries.opening_post(thread)
    with app.test_request_context():
        from dclic.files.urls import file_url

        attachment = file_url(post.attachments[0].file)
    login(outsider)
    for path in (
        f"/forums/{course_forum.id}",
        f"/forums/threads/{thread.id}",
        f"/forums/posts/{post.id}",
        f"/forums/posts/{post.id}/history",
        attachment,
    ):
        assert client.get(path).status_code in (403, 404), path
    token = csrf_token(client, "/forums")
    response = client.post(
        f"/forums/threads/{thread.id}/subscription", data={"mode": "immediate", "csrf_token": token}
    )
    assert response.status_code == 404
    assert 'id="result-' not in client.get("/forums/search?q=motsecret").get_data(as_text=True)


def test_search_finds_readable_posts_ignoring_accents(client, login, course_forum, learner, write):
    write(learner, course_forum, title="Sécurité des mots de passe", body="Un contenu")
    login(learner)
    page = client.get("/forums/search?q=securite").get_data(as_text=True)
    assert page.count('id="result-') == 1


def test_a_moderator_hides_a_reported_post_from_the_queue(
    client, login, course_forum, learner, mentor, moderator, write, session
):
    thread = write(learner, course_forum)
    answer = services.reply(mentor, thread, "Message douteux")
    login(learner)
    response = post_form(client, f"/forums/posts/{answer.id}/report", {"reason": "Pas correct"})
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/forums")})
    login(moderator)
    page = client.get("/forums/moderation").get_data(as_text=True)
    assert f'id="report-{answer.id}"' in page or 'id="report-' in page
    response = post_form(
        client,
        f"/forums/posts/{answer.id}/hide",
        {"next": "/forums/moderation"},
        page="/forums/moderation",
    )
    assert response.status_code == 302 and response.headers["Location"] == "/forums/moderation"
    session.refresh(answer)
    assert answer.status == "hidden"
    assert 'id="report-' not in client.get("/forums/moderation").get_data(as_text=True)


def test_the_queue_is_refused_to_learners(client, login, learner):
    login(learner)
    assert client.get("/forums/moderation").status_code == 403


def test_a_locked_thread_says_so_and_offers_no_reply_form(
    client, login, course_forum, learner, mentor, write
):
    thread = write(learner, course_forum)
    moderation.set_locked(mentor, thread, True)
    login(learner)
    page = client.get(f"/forums/threads/{thread.id}").get_data(as_text=True)
    assert 'id="locked-notice"' in page and 'id="reply"' not in page


def test_one_click_unsubscribe_works_without_a_session_nor_csrf_token(
    client, course_forum, learner, session
):
    subscription = subscriptions.subscribe(learner, "immediate", forum=course_forum)
    path = f"/forums/unsubscribe/{subscriptions.token_for(subscription)}"
    page = client.get(path)
    assert page.status_code == 200 and 'id="confirm-unsubscribe"' in page.get_data(as_text=True)
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert 'id="unsubscribed"' in response.get_data(as_text=True)
    session.expire_all()
    assert queries.subscription_of(learner, forum=course_forum) is None
    assert client.get("/forums/unsubscribe/forged-token").status_code == 404


def test_forum_pages_stay_small_and_ask_a_fixed_number_of_queries(
    client, login, course_forum, learner, mentor, moderator, write, count_queries
):
    thread = write(learner, course_forum, body="Question " + "texte " * 200)
    for n in range(3):
        services.reply(mentor, thread, f"Réponse {n} " + "mot " * 150)
    login(moderator)
    paths = (
        "/forums",
        f"/forums/{course_forum.id}",
        f"/forums/threads/{thread.id}",
        "/forums/moderation",
        "/forums/search?q=reponse",
    )
    for path in paths:  # the first look at a thread writes the reader's read mark
        client.get(path)
    counts = {}
    for path in paths:
        with count_queries() as counted:
            response = client.get(path)
        assert response.status_code == 200, path
        assert _size(response) <= 14 * 1024, path
        counts[path] = counted.n
    for n in range(3, 30):
        services.reply(mentor, thread, f"Réponse {n} " + "mot " * 150)
        write(learner, course_forum, title=f"Sujet {n}")
    for path in paths:
        client.get(path)  # the read mark moves to the newer posts of page 1: one write
    for path in paths:
        with count_queries() as counted:
            response = client.get(path)
        assert _size(response) <= 14 * 1024, path
        assert counted.n == counts[path], path
    page = client.get(f"/forums/threads/{thread.id}?page=2").get_data(as_text=True)
    assert 'rel="prev"' in page


@pytest.fixture
def limited(tmp_path):
    from dclic.accounts import services as accounts
    from dclic.core.db import db
    from dclic.learning import services as learning
    from tests.conftest import PASSWORD, make_migrated_app

    app = make_migrated_app(tmp_path, DCLIC_RATELIMIT_ENABLED="1", WTF_CSRF_ENABLED=False)
    with app.app_context():
        from dclic.courses import services as courses

        course = courses.create_course(
            None, code="LIM-1", title="Cours", summary="Un cours.", level="beginner", track="A",
            domain="web", duration_minutes=10,
        )  # fmt: skip
        courses.publish_course(None, course)
        learner = accounts.create_user(
            None, email="l@example.org", password=PASSWORD, display_name="L"
        )
        learning.enrol_in_course(learner, learner, course)
        forum = services.open_context_forum(learner, "course", course.id)
        thread = services.create_thread(learner, forum, "Sujet", "Texte")
        db.session.commit()
        thread_id = thread.id
    return app, thread_id


def test_a_flood_gets_a_friendly_page_that_keeps_the_text(limited):
    from tests.conftest import PASSWORD

    app, thread_id = limited
    client = app.test_client()
    client.post("/login", data={"email": "l@example.org", "password": PASSWORD})
    codes = [
        client.post(f"/forums/threads/{thread_id}", data={"body": f"Message {n}"}).status_code
        for n in range(6)
    ]
    assert codes == [302] * 6
    response = client.post(f"/forums/threads/{thread_id}", data={"body": "Mon texte précieux"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Mon texte précieux" in page
    assert re.search(rf'action="/forums/threads/{thread_id}"', page)


def test_long_posts_fold_so_a_full_thread_page_stays_small(
    client, login, course_forum, learner, mentor, write
):
    import random

    draw = random.Random(8)
    words = [f"mot{n}é" for n in range(400)]

    def long_text():
        return " ".join(draw.choice(words) for _ in range(3000))[:20_000]

    thread = write(learner, course_forum, body=long_text())
    answers = [services.reply(mentor, thread, long_text()) for _ in range(12)]
    login(learner)
    page = client.get(f"/forums/threads/{thread.id}")
    assert _size(page) <= 14 * 1024
    assert f'href="/forums/posts/{answers[0].id}/full"' in page.get_data(as_text=True)
    alone = client.get(f"/forums/posts/{answers[0].id}/full")
    assert alone.status_code == 200 and _size(alone) <= 14 * 1024


def test_the_course_page_helper_links_readers_only(app, course, learner, outsider):
    from dclic.forums.blueprint import course_forum_url

    with app.test_request_context():
        from flask_login import login_user

        login_user(learner)
        assert course_forum_url(course) == f"/forums/course/{course.id}"
        login_user(outsider)
        assert course_forum_url(course) is None


def test_unread_threads_are_marked_and_jump_to_the_first_unread_post(
    client, login, course_forum, learner, mentor, write
):
    thread = write(learner, course_forum)
    login(learner)
    client.get(f"/forums/threads/{thread.id}")
    page = client.get(f"/forums/{course_forum.id}").get_data(as_text=True)
    assert f'href="/forums/threads/{thread.id}/unread"' not in page
    replies = [services.reply(mentor, thread, f"Réponse {n}") for n in range(12)]
    page = client.get(f"/forums/{course_forum.id}").get_data(as_text=True)
    assert f'href="/forums/threads/{thread.id}/unread"' in page
    response = client.get(f"/forums/threads/{thread.id}/unread")
    assert response.headers["Location"] == f"/forums/posts/{replies[0].id}"
    location = client.get(response.headers["Location"]).headers["Location"]
    assert location == f"/forums/threads/{thread.id}?page=1#post-{replies[0].id}"
    client.get(f"/forums/threads/{thread.id}?page=2")  # the rest, read
    response = client.get(f"/forums/threads/{thread.id}/unread")
    assert response.headers["Location"] == f"/forums/posts/{replies[-1].id}"


def test_a_document_attachment_is_listed_with_its_name_and_size(
    client, login, course_forum, learner, write
):
    from werkzeug.datastructures import FileStorage

    from tests.files.samples import pdf

    upload = FileStorage(io.BytesIO(pdf()), filename="fiche.pdf", content_type="application/pdf")
    thread = write(learner, course_forum, upload=upload)
    login(learner)
    page = client.get(f"/forums/threads/{thread.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(
        r'<a href="[^"]+" download>fiche\.pdf</a> <small>\(\d+\s+octets\)</small>', html
    )
