"""Learners' pages: the player's wiring (resume, previous/next, mark done, preview, 403/404),
the printable course, enrolling from the course and path pages, and "My learning"."""

import re

import pytest
import sqlalchemy as sa

from dclic.learning import queries, services
from dclic.learning.models import Enrolment, StepCompletion
from tests.helpers import csrf_token, post_form


@pytest.fixture
def enrolled(learner, login, course_with_steps):
    """A learner signed in and enrolled in a published course of 2 + 2 text steps."""
    course, steps = course_with_steps(code="PLAY-001", title="Cours du lecteur")
    services.enrol_in_course(learner, learner, course)
    login(learner)
    return course, steps


def location(response) -> str:
    return response.headers["Location"]


def test_the_player_resumes_at_the_first_step_then_where_the_learner_stopped(client, enrolled):
    _course, steps = enrolled
    assert location(client.get("/learn/PLAY-001")) == f"/learn/PLAY-001/{steps[0].id}"
    client.get(f"/learn/PLAY-001/{steps[2].id}")  # read (text: done), so resume after it
    assert location(client.get("/learn/PLAY-001")) == f"/learn/PLAY-001/{steps[3].id}"


def test_a_step_page_shows_content_module_navigation_progress_and_contents(
    client, learner, enrolled
):
    course, steps = enrolled
    response = client.get(f"/learn/PLAY-001/{steps[1].id}?lang=en")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<h1>Étape 1.2</h1>" in body
    assert "Module 1: Module 1" in body
    assert "Contenu de l&#39;étape 1.2." in body or "Contenu de l'étape 1.2." in body
    assert f'href="/learn/PLAY-001/{steps[0].id}" rel="prev"' in body
    assert f'href="/learn/PLAY-001/{steps[2].id}" rel="next"' in body
    assert '<progress id="course-progress" max="100" value="25"' in body
    assert "1 of 4 steps done" in body
    assert 'aria-current="step">Étape 1.2<' in body
    assert "Step done" in body  # a text step is done once read
    assert queries.done_step_ids(learner, course) == {steps[1].id}


def test_mark_as_done_goes_to_the_next_step_and_the_last_completes_the_course(
    client, learner, session, course_with_steps, login
):
    course, steps = course_with_steps(code="PLAY-LINK", steps=(2,), kinds=["link", "link"])
    services.enrol_in_course(learner, learner, course)
    login(learner)
    first = f"/learn/PLAY-LINK/{steps[0].id}"
    page = client.get(first + "?lang=en").get_data(as_text=True)
    assert "Mark as done and continue" in page and "Step done" not in page
    assert 'rel="external noopener noreferrer"' in page and "fr.wikipedia.org" in page
    response = post_form(client, f"{first}/done", {}, page=first)
    assert location(response) == f"/learn/PLAY-LINK/{steps[1].id}"
    response = post_form(client, f"/learn/PLAY-LINK/{steps[1].id}/done", {}, page=first)
    assert location(response) == f"/learn/PLAY-LINK/{steps[1].id}"
    body = client.get(location(response) + "?lang=en").get_data(as_text=True)
    assert "Congratulations" in body and 'value="100"' in body
    assert "You completed this course on" in body
    assert session.scalar(sa.select(Enrolment.status).where(Enrolment.course_id == course.id)) == (
        "completed"
    )


def test_mark_as_done_needs_the_csrf_token(client, enrolled):
    _course, steps = enrolled
    assert client.post(f"/learn/PLAY-001/{steps[0].id}/done").status_code == 400


def test_anonymous_visitors_are_sent_to_sign_in(client, course_with_steps):
    course_with_steps(code="PLAY-ANON")
    response = client.get("/learn/PLAY-ANON")
    assert response.status_code == 302 and "/login" in location(response)


def test_a_learner_not_enrolled_is_refused_and_unknown_things_are_404(
    client, learner, login, course_with_steps, enrolled
):
    _other, other_steps = course_with_steps(code="PLAY-OTHER")
    course_with_steps(code="PLAY-DRAFT", status="draft")
    assert client.get("/learn/PLAY-OTHER").status_code == 403
    assert client.get(f"/learn/PLAY-OTHER/{other_steps[0].id}").status_code == 403
    assert client.get("/learn/PLAY-DRAFT").status_code == 404
    assert client.get("/learn/NOPE-404").status_code == 404
    assert client.get(f"/learn/PLAY-001/{other_steps[0].id}").status_code == 404
    token = csrf_token(client, "/my-learning")
    response = client.post(
        f"/learn/PLAY-OTHER/{other_steps[0].id}/done", data={"csrf_token": token}
    )
    assert response.status_code == 403


def test_editors_preview_any_course_and_nothing_is_recorded(
    client, editor, login, session, course_with_steps
):
    _course, steps = course_with_steps(code="PLAY-PREVIEW", status="draft")
    login(editor)
    response = client.get("/learn/PLAY-PREVIEW")
    assert location(response) == f"/learn/PLAY-PREVIEW/{steps[0].id}?preview=1"
    body = client.get(location(response) + "&lang=en").get_data(as_text=True)
    assert 'class="preview-banner"' in body and "nothing you do here is recorded" in body
    assert "Mark as done" not in body
    assert f"/learn/PLAY-PREVIEW/{steps[1].id}?preview=1" in body
    assert client.get("/learn/PLAY-PREVIEW/print?preview=1").status_code == 200
    assert session.scalar(sa.select(sa.func.count()).select_from(Enrolment)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(StepCompletion)) == 0


def test_a_video_step_shows_its_summary_and_size_before_any_video(
    client, learner, login, course_with_steps, session
):
    from dclic.files.models import StoredFile

    course, steps = course_with_steps(code="PLAY-VIDEO", steps=(1,), kinds=["video"])
    video = StoredFile(
        sha256="b" * 64, size=12_500_000, media_type="video/mp4", kind="video",
        original_name="cours.mp4",
    )  # fmt: skip
    session.add(video)
    session.flush()
    steps[0].file_id = video.id
    session.flush()
    services.enrol_in_course(learner, learner, course)
    login(learner)
    url = f"/learn/PLAY-VIDEO/{steps[0].id}"
    body = client.get(url + "?lang=en").get_data(as_text=True)
    assert "This video weighs 12 MB." in body
    assert body.index("Résumé de la vidéo.") < body.index("Watch the video in this page")
    assert "<video" not in body
    assert "(MP4, 12 MB)" in body
    body = client.get(url + "?lang=en&video=1").get_data(as_text=True)
    assert re.search(r'<video id="video" controls preload="none" src="/files/\d+/', body)
    printed = client.get("/learn/PLAY-VIDEO/print?lang=en").get_data(as_text=True)
    assert "Résumé de la vidéo." in printed and "<video" not in printed


def test_an_activity_step_shows_its_modules_rendering_or_a_neutral_notice(
    client, learner, login, course_with_steps
):
    course, steps = course_with_steps(code="PLAY-ACT", steps=(1,), kinds=["activity"])
    services.enrol_in_course(learner, learner, course)
    login(learner)
    body = client.get(f"/learn/PLAY-ACT/{steps[0].id}?lang=en").get_data(as_text=True)
    assert "<h1>Étape 1.1</h1>" in body
    assert "This activity is not available at the moment." in body
    assert "Mark as done" in body


def test_a_file_step_links_the_file_with_its_type_and_size_and_the_learner_may_read_it(
    client, learner, login, create_user, course_with_steps, session
):
    from dclic.files.models import StoredFile
    from dclic.files.permissions import can_read_file

    course, steps = course_with_steps(code="PLAY-FILE", steps=(1,), kinds=["file"])
    document = StoredFile(
        sha256="c" * 64, size=850_000, media_type="application/pdf", kind="document",
        original_name="fiche-mémo.pdf",
    )  # fmt: skip
    session.add(document)
    session.flush()
    steps[0].file_id = document.id
    session.flush()
    assert not can_read_file(learner, document)
    services.enrol_in_course(learner, learner, course)
    assert can_read_file(learner, document)
    assert not can_read_file(create_user(), document)
    login(learner)
    body = client.get(f"/learn/PLAY-FILE/{steps[0].id}?lang=en").get_data(as_text=True)
    assert "Download “fiche-mémo.pdf”" in body and "(PDF, 830 kB)" in body


def test_the_printable_course_has_every_step_and_the_print_stylesheet(client, enrolled):
    _course, steps = enrolled
    body = client.get("/learn/PLAY-001/print").get_data(as_text=True)
    for step in steps:
        assert f"<h3>{step.title}</h3>" in body
    assert re.search(r'href="/static/css/learning\.[0-9a-f]+\.css"', body)


def test_the_course_page_offers_to_enrol_then_to_resume(client, learner, login, course_with_steps):
    course_with_steps(code="PAGE-001")
    body = client.get("/courses/PAGE-001?lang=en").get_data(as_text=True)
    assert "Sign in to enrol" in body
    login(learner)
    body = client.get("/courses/PAGE-001?lang=en").get_data(as_text=True)
    assert 'action="/courses/PAGE-001/enrol"' in body
    response = post_form(client, "/courses/PAGE-001/enrol", {}, page="/courses/PAGE-001")
    assert location(response) == "/learn/PAGE-001"
    body = client.get("/courses/PAGE-001?lang=en").get_data(as_text=True)
    assert "Start the course" in body and "0 of 4 steps done" in body


def test_the_path_page_enrols_in_a_free_path_and_explains_a_tutored_one(
    client, learner, login, create_course, create_path
):
    course = create_course()
    create_path(courses=[(course, True)], code="PAGE-FREE", is_tutored=False)
    create_path(courses=[(course, True)], code="PAGE-TUTORED", is_tutored=True)
    login(learner)
    body = client.get("/paths/PAGE-TUTORED?lang=en").get_data(as_text=True)
    assert "ask your mentor" in body and "/paths/PAGE-TUTORED/enrol" not in body
    token = csrf_token(client, "/paths/PAGE-TUTORED")
    assert client.post("/paths/PAGE-TUTORED/enrol", data={"csrf_token": token}).status_code == 403
    response = post_form(client, "/paths/PAGE-FREE/enrol", {}, page="/paths/PAGE-FREE")
    assert location(response) == "/paths/PAGE-FREE"
    body = client.get("/paths/PAGE-FREE?lang=en").get_data(as_text=True)
    assert "0 of 1 required course completed" in body
    assert f"/learn/{course.code}" in body


def test_my_learning_lists_and_leaves(client, learner, login, course_with_steps):
    course, steps = course_with_steps(code="MINE-001", title="Mon cours à moi")
    services.enrol_in_course(learner, learner, course)
    services.complete_step(learner, learner, steps[0])
    login(learner)
    body = client.get("/my-learning?lang=en").get_data(as_text=True)
    assert "Mon cours à moi" in body and "1 of 4 steps done" in body and "Resume" in body
    assert 'action="/courses/MINE-001/withdraw"' in body
    response = post_form(client, "/courses/MINE-001/withdraw", {}, page="/my-learning")
    assert location(response) == "/my-learning"
    body = client.get("/my-learning?lang=en").get_data(as_text=True)
    assert "You do not follow any course yet." in body


def test_an_empty_course_says_so(client, learner, login, create_course):
    course = create_course(code="EMPTY-001")
    services.enrol_in_course(learner, learner, course)
    login(learner)
    response = client.get("/learn/EMPTY-001?lang=en")
    assert response.status_code == 200 and "being prepared" in response.get_data(as_text=True)
