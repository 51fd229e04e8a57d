"""The history pages of courses and paths: editors only, differences, restore by a button."""

import pytest

from dclic.courses import services
from dclic.history import queries
from tests.helpers import post_form


@pytest.fixture
def edited_course(editor, create_course):
    course = create_course(status="draft", title="Tableur", summary="Les cellules et formules.")
    services.update_course(editor, course, summary="Les cellules et formules de calcul.")
    return course


def test_an_editor_sees_every_version_with_its_author(client, login, editor, edited_course):
    login(editor)
    response = client.get(f"/courses/{edited_course.code}/history")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Historique de Tableur" in body
    assert "2 versions" in body
    assert editor.display_name in body
    assert "(actuelle)" in body
    assert "Restaurer la version 1" in body
    assert "Restaurer la version 2" not in body  # the current one


def test_the_comparison_marks_removed_and_added_words(client, login, editor, edited_course):
    login(editor)
    response = client.get(f"/courses/{edited_course.code}/history/compare?from=1&to=2")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<del>formules.</del>" in body
    assert "<ins>formules de calcul.</ins>" in body
    assert "Inchangés" in body


def test_the_comparison_escapes_what_editors_wrote(client, login, editor, create_course):
    course = create_course(status="draft", summary="Avant")
    services.update_course(editor, course, summary="<script>alert(1)</script>")
    login(editor)
    body = client.get(f"/courses/{course.code}/history/compare?from=1&to=2").get_data(True)
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize("query", ["from=1&to=9", "from=x&to=2", "", "from=-1&to=2"])
def test_comparing_versions_that_do_not_exist_is_not_found(
    client, login, editor, edited_course, query
):
    login(editor)
    response = client.get(f"/courses/{edited_course.code}/history/compare?{query}")
    assert response.status_code == 404


def test_restoring_from_the_page_saves_a_new_version(client, login, session, editor, edited_course):
    login(editor)
    history = f"/courses/{edited_course.code}/history"
    response = post_form(client, f"{history}/1/restore", {}, page=history)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(history)
    session.expire_all()
    assert edited_course.summary == "Les cellules et formules."
    newest = queries.list_versions(edited_course).items[0]
    assert (newest.number, newest.restored_from) == (3, 1)
    assert "La version 1 a été restaurée." in client.get(history).get_data(as_text=True)


def test_restoring_the_current_version_is_refused_with_a_message(
    client, login, editor, edited_course
):
    login(editor)
    history = f"/courses/{edited_course.code}/history"
    response = post_form(client, f"{history}/2/restore", {}, page=history)
    assert response.status_code == 422
    assert "déjà la version actuelle" in response.get_data(as_text=True)


def test_a_restore_without_its_csrf_token_changes_nothing(client, login, editor, edited_course):
    login(editor)
    response = client.post(f"/courses/{edited_course.code}/history/1/restore")
    assert response.status_code == 400
    assert len(queries.list_versions(edited_course).items) == 2


def test_learners_cannot_see_or_restore_history(client, login, create_user, edited_course):
    login(create_user())
    code = edited_course.code
    assert client.get(f"/courses/{code}/history").status_code == 403
    assert client.get(f"/courses/{code}/history/compare?from=1&to=2").status_code == 403
    assert client.post(f"/courses/{code}/history/1/restore").status_code in (400, 403)


def test_visitors_are_sent_to_sign_in(client, edited_course):
    response = client.get(f"/courses/{edited_course.code}/history")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_path_has_its_history_page_too(client, login, editor, create_path):
    path = create_path(publish=False, title="Parcours bureautique")
    services.update_path(editor, path, title="Parcours bureautique complet")
    login(editor)
    response = client.get(f"/paths/{path.code}/history")
    assert response.status_code == 200
    assert "Restaurer la version 1" in response.get_data(as_text=True)
    assert client.get("/paths/NOPE/history").status_code == 404


@pytest.mark.parametrize(
    "role", ["learner", "mentor", "trainer", "editor", "pedagogical_admin", "moderator", "admin"]
)
def test_each_default_role_reaches_the_history_only_with_the_editing_right(
    client, login, create_user, edited_course, role
):
    login(create_user(roles=(role,)))
    expected = 200 if role in {"editor", "pedagogical_admin", "admin"} else 403
    assert client.get(f"/courses/{edited_course.code}/history").status_code == expected
