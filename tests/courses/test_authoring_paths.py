"""The pages of a learning path: create, describe, add, order, toggle and publish courses."""

import re

import pytest

from dclic.core.db import db
from dclic.courses import queries
from tests.courses.authoring import field_errors, fr, text, token


@pytest.fixture
def signed_in(client, login, editor):
    login(editor)
    return editor


def post(client, path, data, *, page=None):
    response = client.post(path, data={**data, "csrf_token": token(client.get(page or path))})
    db.session.expire_all()
    return response


def order(path):
    return [(entry.course.title, entry.is_required) for entry in path.entries]


def test_an_editor_creates_a_path_with_a_generated_code(client, signed_in):
    data = {"code": "", "title": "Métiers du web", "summary": "Vers l'emploi.", "track": "M"}
    response = post(client, "/edit/paths/new", {**data, "is_tutored": "y"})
    assert response.status_code == 302
    path = queries.get_path("DCLIC-PATH-001")
    assert response.headers["Location"].endswith("/edit/paths/DCLIC-PATH-001")
    assert path.is_tutored and path.status == "draft"


def test_a_path_without_title_is_422_on_the_field(client, signed_in):
    response = post(client, "/edit/paths/new", {"title": "", "summary": "Texte", "track": "A"})
    assert response.status_code == 422
    assert field_errors(response) == ["title"]
    assert "Texte" in text(response)


def test_the_description_is_changed_and_previewed(client, signed_in, create_path):
    path = create_path(publish=False, title="Avant")
    page = f"/edit/paths/{path.code}/details"
    form = text(client.get(page))
    assert 'value="Avant"' in form
    preview = post(client, page, {"title": "Après", "summary": "**gras**", "track": "M",
                                  "action": "preview"})  # fmt: skip
    assert "<strong>gras</strong>" in preview.get_data(as_text=True)
    assert path.title == "Avant"
    assert post(client, page, {"title": "Après", "summary": "", "track": "M"}).status_code == 302
    assert path.title == "Après" and not path.is_tutored


def test_courses_are_found_added_ordered_toggled_and_removed(
    client, signed_in, create_course, create_path
):
    path = create_path(publish=False)
    create_course(title="Tableur pour débuter", status="draft")
    create_course(title="Tableur avancé")
    create_course(title="Tableur archivé", status="archived")
    page = f"/edit/paths/{path.code}"
    found = text(client.get(f"{page}?q=tableur"))
    assert "Tableur pour débuter" in found and "Tableur avancé" in found
    assert "Tableur archivé" not in found
    for code in _codes_of(found):
        assert post(client, f"{page}/courses", {"course": code}, page=page).status_code == 302
    assert order(path) == [("Tableur avancé", True), ("Tableur pour débuter", True)]

    entry = f"{page}/courses/{path.entries[1].course.code}"
    assert post(client, f"{entry}/move", {"direction": "up"}, page=page).status_code == 302
    assert [title for title, _ in order(path)] == ["Tableur pour débuter", "Tableur avancé"]
    assert post(client, f"{entry}/required", {"required": "0"}, page=page).status_code == 302
    assert order(path)[0] == ("Tableur pour débuter", False)
    assert post(client, f"{entry}/remove", {}, page=page).status_code == 302
    assert order(path) == [("Tableur avancé", True)]


def _codes_of(body: str) -> list[str]:
    return re.findall(r'name="course" value="([A-Z0-9-]+)"', body)


def test_adding_an_unknown_or_archived_course_is_422(client, signed_in, create_course, create_path):
    path = create_path(publish=False)
    page = f"/edit/paths/{path.code}"
    response = post(client, f"{page}/courses", {"course": "NOPE"}, page=page)
    assert response.status_code == 422
    assert fr("This course does not exist.") in text(response)
    archived = create_course(status="archived")
    response = post(client, f"{page}/courses", {"course": archived.code}, page=page)
    assert response.status_code == 422
    assert fr("An archived course cannot join a path.") in text(response)
    assert path.entries == []


def test_publishing_a_path_follows_the_rules(client, signed_in, create_course, create_path):
    draft = create_course(status="draft")
    path = create_path(courses=[(draft, True)], publish=False)
    page = f"/edit/paths/{path.code}"
    response = post(client, f"{page}/publish", {}, page=page)
    assert response.status_code == 422
    assert draft.code in text(response)
    draft.status = "published"
    db.session.flush()
    assert post(client, f"{page}/publish", {}, page=page).status_code == 302
    assert path.status == "published"
    assert post(client, f"{page}/archive", {}, page=page).status_code == 302
    assert post(client, f"{page}/unarchive", {}, page=page).status_code == 302
    assert path.status == "draft"


def test_the_paths_desk_lists_paths_of_every_status(client, signed_in, create_course, create_path):
    create_path(title="Parcours brouillon", publish=False)
    create_path(title="Parcours publié", courses=[(create_course(), True)])
    body = text(client.get("/edit/paths"))
    assert "Parcours brouillon" in body and "Parcours publié" in body
    assert "Parcours publié" not in text(client.get("/edit/paths?status=draft"))


def test_learners_cannot_reach_path_pages(client, login, create_user, create_path):
    path = create_path(publish=False)
    login(create_user())
    assert client.get(f"/edit/paths/{path.code}").status_code == 403
    assert client.get(f"/edit/paths/{path.code}/details").status_code == 403
    response = client.post(
        f"/edit/paths/{path.code}/courses", data={"csrf_token": token(client.get("/account"))}
    )
    assert response.status_code == 403
