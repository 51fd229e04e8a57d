"""The editor's desk and course pages: wiring, rights, field errors, preview, CSRF, size."""

import io

import pytest
import sqlalchemy as sa

from dclic.core.db import db
from dclic.courses import content, queries, services
from dclic.courses.models import Course
from tests.courses.authoring import compressed_size, field_errors, fr, text, token
from tests.files import samples

NEW_COURSE = {
    "code": "",
    "title": "Créer sa première page web",
    "summary": "Des **titres**, des paragraphes et des liens.",
    "language": "fr",
    "level": "beginner",
    "track": "M",
    "domain": "web",
    "duration_minutes": "90",
    "licence": "CC BY-SA 4.0",
    "licence_other": "",
    "keywords": "HTML, web",
    "authors": "Awa Diop; Karim Benali",
}


@pytest.fixture
def signed_in_editor(client, login, editor):
    login(editor)
    return editor


def post(client, path, data, *, page=None, **kwargs):
    """POST ``data`` with the CSRF token of the form at ``page`` (default: ``path``)."""
    form_page = client.get(page or path)
    response = client.post(path, data={**data, "csrf_token": token(form_page)}, **kwargs)
    db.session.expire_all()  # the request wrote through its own session
    return response


def course_count(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Course))


# --- rights ----------------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client, create_course):
    course = create_course(status="draft")
    for path in ("/edit", "/edit/paths", "/edit/courses/new", f"/edit/courses/{course.code}"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_learners_are_refused_every_page_and_action(client, login, create_user, create_course):
    course = create_course(status="draft")
    module = content.create_module(None, course, title="M")
    step = content.create_step(None, module, kind="text", title="S", body="B")
    login(create_user())
    code = course.code
    pages = [
        "/edit",
        "/edit/paths",
        "/edit/courses/new",
        f"/edit/courses/{code}",
        f"/edit/courses/{code}/details",
        f"/edit/courses/{code}/preview",
        f"/edit/courses/{code}/modules/new",
        f"/edit/courses/{code}/modules/{module.id}",
        f"/edit/courses/{code}/modules/{module.id}/steps/new?kind=text",
        f"/edit/courses/{code}/steps/{step.id}",
        f"/edit/courses/{code}/steps/{step.id}/history",
        f"/edit/courses/{code}/modules/{module.id}/history",
        "/edit/paths/new",
    ]
    for path in pages:
        assert client.get(path).status_code == 403, path
    csrf = token(client.get("/account"))
    for path in (
        f"/edit/courses/{code}/publish",
        f"/edit/courses/{code}/modules/{module.id}/move",
        f"/edit/courses/{code}/steps/{step.id}/delete",
    ):
        assert client.post(path, data={"csrf_token": csrf}).status_code == 403, path
    assert course.status == "draft" and module.steps == [step]


def test_the_home_page_offers_the_desk_to_editors_only(client, login, create_user, editor):
    login(create_user())
    assert 'href="/edit"' not in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": token(client.get("/"))})
    login(editor)
    assert 'href="/edit"' in client.get("/").get_data(as_text=True)


# --- the desk --------------------------------------------------------------------------------


def test_the_desk_lists_every_status_and_filters(client, signed_in_editor, create_course):
    create_course(title="Tableur publié")
    create_course(title="Tableur brouillon", status="draft")
    create_course(title="Tableur archivé", status="archived")
    body = text(client.get("/edit"))
    for title in ("Tableur publié", "Tableur brouillon", "Tableur archivé"):
        assert title in body
    body = text(client.get("/edit?status=draft&q=tableur"))
    assert "Tableur brouillon" in body and "Tableur publié" not in body
    assert 'href="/edit/courses/new"' in body


def test_the_desk_does_not_grow_its_queries_with_its_courses(
    client, signed_in_editor, create_course, count_queries
):
    for n in range(3):
        create_course(title=f"Cours {n}")
    client.get("/edit")
    with count_queries() as few:
        client.get("/edit")
    for n in range(3, 15):
        create_course(title=f"Cours {n}", status="draft" if n % 2 else "published")
    with count_queries() as many:
        client.get("/edit")
    assert many.n == few.n


def test_an_unknown_status_filter_is_ignored(client, signed_in_editor, create_course):
    create_course(title="Visible")
    response = client.get("/edit?status=deleted")
    assert response.status_code == 200
    assert "Visible" in text(response)


# --- the course form -------------------------------------------------------------------------


def test_an_editor_creates_a_course_with_a_generated_code(client, signed_in_editor, session):
    response = post(client, "/edit/courses/new", NEW_COURSE)
    assert response.status_code == 302
    course = queries.get_course("DCLIC-WEB-001")
    assert response.headers["Location"].endswith("/edit/courses/DCLIC-WEB-001")
    assert course.status == "draft"
    assert course.authors == "Awa Diop; Karim Benali"
    assert course.summary == NEW_COURSE["summary"]


def test_bad_fields_are_answered_422_on_the_fields_keeping_what_was_typed(
    client, signed_in_editor, session
):
    typed = {**NEW_COURSE, "title": "", "duration_minutes": "une heure", "domain": "Web Design"}
    response = post(client, "/edit/courses/new", typed)
    assert response.status_code == 422
    assert set(field_errors(response)) == {"title", "duration_minutes", "domain"}
    body = text(response)
    assert 'value="une heure"' in body and 'value="Web Design"' in body
    assert NEW_COURSE["summary"] in body
    assert course_count(session) == 0


def test_a_code_already_taken_is_said_on_the_code_field(client, signed_in_editor, create_course):
    create_course(code="DCLIC-WEB-001", status="archived")
    response = post(client, "/edit/courses/new", {**NEW_COURSE, "code": "dclic-web-001"})
    assert response.status_code == 422
    assert field_errors(response) == ["code"]


def test_another_licence_is_written_in_its_own_field(client, signed_in_editor):
    data = {**NEW_COURSE, "licence": "other", "licence_other": "Licence Ouverte 2.0"}
    assert post(client, "/edit/courses/new", data).status_code == 302
    assert queries.get_course("DCLIC-WEB-001").licence == "Licence Ouverte 2.0"


def test_the_preview_button_renders_the_summary_without_saving(client, signed_in_editor, session):
    data = {**NEW_COURSE, "summary": "**Gras** <script>alert(1)</script>", "action": "preview"}
    response = post(client, "/edit/courses/new", data)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<strong>Gras</strong>" in body
    assert "<script>alert" not in body
    assert course_count(session) == 0
    assert 'value="Créer sa première page web"' in text(response)


def test_a_form_without_its_csrf_token_saves_nothing(client, signed_in_editor, session):
    response = client.post("/edit/courses/new", data=NEW_COURSE)
    assert response.status_code == 400
    assert course_count(session) == 0


def test_a_cover_is_sent_with_the_description(client, signed_in_editor, create_course):
    course = create_course(status="draft")
    data = {
        **NEW_COURSE,
        "code": None,
        "cover": (io.BytesIO(samples.image()), "couverture.png"),
    }
    del data["code"]
    page = f"/edit/courses/{course.code}/details"
    response = post(client, page, data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert course.cover.is_public and course.cover.is_image
    assert 'name="remove_cover"' in client.get(page).get_data(as_text=True)


def test_a_renamed_program_as_cover_is_refused_on_the_field(
    client, signed_in_editor, create_course
):
    course = create_course(status="draft")
    data = {**NEW_COURSE, "cover": (io.BytesIO(samples.windows_program()), "photo.png")}
    del data["code"]
    page = f"/edit/courses/{course.code}/details"
    response = post(client, page, data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert field_errors(response) == ["cover"]
    assert course.cover_file_id is None


def test_the_form_of_an_existing_course_shows_its_values(client, signed_in_editor, create_course):
    course = create_course(status="draft", licence="Licence Ouverte 2.0", duration_minutes=45)
    body = text(client.get(f"/edit/courses/{course.code}/details"))
    assert 'value="Licence Ouverte 2.0"' in body
    assert 'value="45"' in body
    assert '<option selected value="other">' in body


# --- the course page, publication and preview ------------------------------------------------


def test_the_course_page_shows_modules_steps_and_links(client, signed_in_editor, create_course):
    course = create_course(status="draft")
    module = content.create_module(None, course, title="Le clavier")
    content.create_step(None, module, kind="text", title="Les touches", body="Texte")
    content.create_step(
        None, module, kind="file", title="Fiche", upload=samples.pdf(), file_id=None
    )
    response = client.get(f"/edit/courses/{course.code}")
    assert response.status_code == 200
    body = text(response)
    assert "Le clavier" in body and "Les touches" in body
    assert f'href="/learn/{course.code}"' in body
    assert f'href="/courses/{course.code}/history"' in body
    assert fr("Move down") in body
    assert fr("Publish") in body


def test_publishing_from_the_desk_comes_back_to_the_desk(client, signed_in_editor, create_course):
    course = create_course(status="draft")
    response = post(
        client, f"/edit/courses/{course.code}/publish", {"next": "/edit?status=draft"}, page="/edit"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/edit?status=draft"
    assert course.status == "published"


def test_a_course_without_summary_cannot_be_published_and_says_why(
    client, signed_in_editor, create_course
):
    course = create_course(status="draft", summary="")
    page = f"/edit/courses/{course.code}"
    response = post(client, f"{page}/publish", {}, page=page)
    assert response.status_code == 422
    assert fr("A published course needs a summary.") in text(response)
    assert course.status == "draft"


def test_archive_and_back_to_draft(client, signed_in_editor, create_course):
    course = create_course()
    page = f"/edit/courses/{course.code}"
    assert post(client, f"{page}/archive", {}, page=page).status_code == 302
    assert course.status == "archived"
    assert post(client, f"{page}/unarchive", {}, page=page).status_code == 302
    assert course.status == "draft"
    response = post(client, f"{page}/unarchive", {}, page=page)
    assert response.status_code == 422


def test_the_syllabus_preview_of_a_draft_is_read_only(client, signed_in_editor, create_course):
    course = create_course(status="draft", summary="Un *résumé*")
    module = content.create_module(None, course, title="Partie 1", summary="**Important**")
    content.create_step(None, module, kind="text", title="Lire", body="x")
    response = client.get(f"/edit/courses/{course.code}/preview")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<em>résumé</em>" in body and "<strong>Important</strong>" in body
    assert "Lire" in body
    assert 'method="post"' not in body.split("<main")[1].split("</main>")[0]


def test_an_unknown_course_is_404(client, signed_in_editor):
    assert client.get("/edit/courses/NOPE-001").status_code == 404
    assert client.get("/edit/courses/NOPE-001/details").status_code == 404


def test_the_course_page_does_not_grow_its_queries_with_its_steps(
    client, signed_in_editor, create_course, count_queries
):
    course = create_course(status="draft")
    module = content.create_module(None, course, title="M1")
    content.create_step(None, module, kind="file", title="F", upload=samples.pdf())
    page = f"/edit/courses/{course.code}"
    client.get(page)
    with count_queries() as few:
        client.get(page)
    for n in range(4):
        more = content.create_module(None, course, title=f"M{n + 2}")
        content.create_step(None, more, kind="file", title=f"F{n}", upload=samples.pdf())
        content.create_step(None, more, kind="text", title=f"T{n}", body="x")
    with count_queries() as many:
        client.get(page)
    assert many.n == few.n


def test_a_big_course_page_stays_under_14_kb_compressed(client, signed_in_editor, create_course):
    course = create_course(status="draft")
    for m in range(8):
        module = content.create_module(None, course, title=f"Module numéro {m} du cours")
        for s in range(8):
            content.create_step(
                None, module, kind="text", title=f"Étape {s} : une leçon à lire", body="x"
            )
    response = client.get(f"/edit/courses/{course.code}")
    assert response.status_code == 200
    assert compressed_size(response) <= 14 * 1024
    for page in ("/edit", f"/edit/courses/{course.code}/preview", "/edit/courses/new"):
        assert compressed_size(client.get(page)) <= 14 * 1024, page


def test_services_are_reached_with_the_signed_in_editor_as_author(
    client, signed_in_editor, create_course
):
    course = create_course(status="draft")
    page = f"/edit/courses/{course.code}/details"
    data = {**NEW_COURSE, "title": "Nouveau titre"}
    del data["code"]
    assert post(client, page, data).status_code == 302
    from dclic.history import queries as history

    assert history.list_versions(course).items[0].author_id == signed_in_editor.id
    assert services  # imported for the fixtures' factories
