"""The pages of modules and steps: add, change, preview, move, delete, history, restore."""

import io

import pytest

from dclic.core.db import db
from dclic.courses import content
from dclic.courses.models import Step
from dclic.history import queries as history
from tests.courses.authoring import field_errors, fr, text, token
from tests.files import samples


@pytest.fixture
def course(client, login, editor, create_course):
    login(editor)
    return create_course(status="draft", title="Premiers pas")


@pytest.fixture
def module(course):
    return content.create_module(None, course, title="L'écran")


def post(client, path, data, *, page=None, **kwargs):
    response = client.post(
        path, data={**data, "csrf_token": token(client.get(page or path))}, **kwargs
    )
    db.session.expire_all()
    return response


def base(course):
    return f"/edit/courses/{course.code}"


# --- modules ---------------------------------------------------------------------------------


def test_a_module_is_added_and_the_course_page_opens_at_it(client, course):
    response = post(client, f"{base(course)}/modules/new", {"title": "Le clavier", "summary": ""})
    assert response.status_code == 302
    [module] = course.modules
    assert response.headers["Location"].endswith(f"{base(course)}#module-{module.id}")


def test_a_module_without_title_is_422_on_the_field(client, course):
    response = post(client, f"{base(course)}/modules/new", {"title": " ", "summary": "Résumé"})
    assert response.status_code == 422
    assert field_errors(response) == ["title"]
    assert "Résumé" in text(response)
    assert course.modules == []


def test_a_module_summary_is_previewed_without_saving(client, course, module):
    page = f"{base(course)}/modules/{module.id}"
    response = post(client, page, {"title": "Autre", "summary": "*vu*", "action": "preview"})
    assert response.status_code == 200
    assert "<em>vu</em>" in response.get_data(as_text=True)
    assert module.title == "L'écran"


def test_a_module_is_deleted_after_a_confirmation_page(client, course, module):
    content.create_step(None, module, kind="text", title="T", body="B")
    page = f"{base(course)}/modules/{module.id}/delete"
    confirmation = client.get(page)
    assert confirmation.status_code == 200
    assert fr("Delete for good") in text(confirmation)
    assert post(client, page, {}).status_code == 302
    assert course.modules == []


def test_modules_move_with_buttons_and_the_page_reopens_there(client, course, module):
    second = content.create_module(None, course, title="Deuxième")
    response = post(
        client, f"{base(course)}/modules/{second.id}/move", {"direction": "up"}, page=base(course)
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#module-{second.id}")
    assert [m.title for m in course.modules] == ["Deuxième", "L'écran"]


def test_a_move_past_the_edge_is_422_with_a_message(client, course, module):
    response = post(
        client, f"{base(course)}/modules/{module.id}/move", {"direction": "up"}, page=base(course)
    )
    assert response.status_code == 422
    assert fr("This module cannot move further.") in text(response)


def test_a_module_of_another_course_is_not_found(client, course, create_course):
    elsewhere = content.create_module(None, create_course(status="draft"), title="Ailleurs")
    assert client.get(f"{base(course)}/modules/{elsewhere.id}").status_code == 404
    assert client.get(f"{base(course)}/modules/99999999999").status_code == 404


# --- steps -----------------------------------------------------------------------------------


def test_the_kinds_of_step_are_offered_first(client, course, module):
    body = text(client.get(f"{base(course)}/modules/{module.id}/steps/new"))
    for kind in ("text", "file", "link", "video"):
        assert f"kind={kind}" in body
    assert "kind=activity" not in body  # no activity type registered


def test_a_text_step_is_added_with_its_markdown_sanitized(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=text"
    body = "Appuyez sur **Entrée**.\n\n<img src=x onerror=alert(1)>"
    response = post(client, page, {"title": "Valider", "body": body, "duration_minutes": "5"})
    assert response.status_code == 302
    [step] = module.steps
    assert response.headers["Location"].endswith(f"#step-{step.id}")
    assert "<strong>Entrée</strong>" in step.body_html
    assert "<img" not in step.body_html  # raw HTML is shown as text, never as markup
    assert step.duration_minutes == 5


def test_previewing_a_step_saves_nothing_and_keeps_the_text(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=text"
    response = post(client, page, {"title": "T", "body": "# Titre\n\n- un", "action": "preview"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h2>Titre</h2>" in html and "<li>un</li>" in html
    assert "# Titre" in text(response)  # still in the text area
    assert module.steps == []


def test_a_step_with_missing_fields_is_422_on_them(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=link"
    response = post(client, page, {"title": "Site", "url": "javascript:alert(1)", "body": ""})
    assert response.status_code == 422
    assert set(field_errors(response)) == {"url", "body"}
    assert module.steps == []


def test_a_file_step_is_uploaded_and_its_size_shown(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=file"
    data = {"title": "Fiche", "file": (io.BytesIO(samples.pdf()), "fiche.pdf"), "alternative": ""}
    response = post(client, page, data, content_type="multipart/form-data")
    assert response.status_code == 302
    [step] = module.steps
    assert step.file.original_name == "fiche.pdf"
    assert fr("%(n)d bytes", n=step.file.size) in text(client.get(base(course)))


def test_a_renamed_program_is_refused_on_the_file_field(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=file"
    data = {"title": "Cours", "file": (io.BytesIO(samples.windows_program()), "cours.pdf")}
    response = post(client, page, data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert field_errors(response) == ["file"]
    assert module.steps == []


def test_a_chosen_file_lost_by_another_error_is_said(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=file"
    data = {"title": "", "file": (io.BytesIO(samples.pdf()), "fiche.pdf")}
    response = post(client, page, data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert field_errors(response) == ["title"]
    assert fr(
        "The file you chose was not kept because the form had a problem: choose it again "
        "before saving."
    ) in text(response)


def test_an_external_video_takes_its_size_in_megabytes(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=video"
    data = {
        "title": "Démonstration",
        "url": "https://videos.example.org/v/1",
        "media_bytes": "12,5",
        "alternative": "On ouvre l'application.",
    }
    assert post(client, page, data).status_code == 302
    [step] = module.steps
    assert step.media_bytes == 13_107_200
    assert fr("%(size)s MB", size="12,5") in text(client.get(base(course)))
    edit = text(client.get(f"{base(course)}/steps/{step.id}"))
    assert 'value="12.5"' in edit


def test_a_video_size_that_is_no_number_is_422(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=video"
    data = {
        "title": "V",
        "url": "https://v.example.org/1",
        "media_bytes": "gros",
        "alternative": "x",
    }
    response = post(client, page, data)
    assert response.status_code == 422
    assert field_errors(response) == ["media_bytes"]
    assert 'value="gros"' in text(response)


def test_an_unknown_kind_shows_the_choice_of_kinds(client, course, module):
    response = client.get(f"{base(course)}/modules/{module.id}/steps/new?kind=quiz")
    assert response.status_code == 200
    assert "kind=text" in text(response)


def test_a_step_is_changed_and_its_history_restored(client, course, module):
    step = content.create_step(None, module, kind="text", title="T", body="Première version")
    page = f"{base(course)}/steps/{step.id}"
    assert post(client, page, {"title": "T", "body": "Seconde version"}).status_code == 302
    assert step.body == "Seconde version"
    history_page = f"{page}/history"
    listing = client.get(history_page)
    assert listing.status_code == 200
    assert fr("Restore version %(number)d", number=1) in text(listing)
    compared = client.get(f"{history_page}/compare?from=1&to=2")
    assert "<del>Première </del>" in compared.get_data(as_text=True)
    response = post(client, f"{history_page}/1/restore", {}, page=history_page)
    assert response.status_code == 302
    assert step.body == "Première version"
    assert history.list_versions(step).items[0].restored_from == 1
    refused = post(client, f"{history_page}/3/restore", {}, page=history_page)
    assert refused.status_code == 422


def test_a_module_history_page_lists_its_versions(client, course, module):
    content.update_module(None, module, title="Le nouvel écran")
    page = f"{base(course)}/modules/{module.id}/history"
    body = text(client.get(page))
    assert fr("History of %(title)s", title="Le nouvel écran") in body
    assert post(client, f"{page}/1/restore", {}, page=page).status_code == 302
    assert module.title == "L'écran"


def test_steps_move_with_buttons_across_modules(client, course, module):
    a = content.create_step(None, module, kind="text", title="a", body="a")
    second = content.create_module(None, course, title="Deuxième")
    response = post(
        client, f"{base(course)}/steps/{a.id}/move", {"direction": "down"}, page=base(course)
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#step-{a.id}")
    assert db.session.get(Step, a.id).module_id == second.id


def test_a_step_moves_to_a_chosen_module(client, course, module):
    a = content.create_step(None, module, kind="text", title="a", body="a")
    second = content.create_module(None, course, title="Deuxième")
    page = f"{base(course)}/steps/{a.id}"
    response = post(client, f"{page}/module", {"module": str(second.id)}, page=page)
    assert response.status_code == 302
    assert db.session.get(Step, a.id).module_id == second.id
    assert post(client, f"{page}/module", {"module": "999"}, page=page).status_code == 404


def test_a_step_is_deleted_after_a_confirmation_page(client, course, module):
    step = content.create_step(None, module, kind="text", title="T", body="B")
    page = f"{base(course)}/steps/{step.id}/delete"
    assert client.get(page).status_code == 200
    response = post(client, page, {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#module-{module.id}")
    assert module.steps == []


def test_a_step_without_its_csrf_token_is_not_saved(client, course, module):
    page = f"{base(course)}/modules/{module.id}/steps/new?kind=text"
    assert client.post(page, data={"title": "T", "body": "B"}).status_code == 400
    assert module.steps == []


def test_editors_read_the_files_of_steps_they_did_not_send(
    client, login, create_user, course, module
):
    colleague = create_user(roles=("editor",))
    step = content.create_step(colleague, module, kind="file", title="F", upload=samples.pdf())
    from dclic.files.urls import file_url

    with client.application.test_request_context():
        address = file_url(step.file)
    # The rule is dclic.learning's (editors preview every course in the player).
    assert client.get(address).status_code == 200  # the signed-in editor
    client.post("/logout", data={"csrf_token": token(client.get("/"))})
    login(create_user())
    assert client.get(address).status_code == 403  # a learner: the player's rule, not ours
