"""Writing a course's content: modules and steps through the services (rights, validation,
order, Markdown, files, versions and audit rows)."""

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from dclic.audit.models import AuditEvent
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.courses import activities, content, services
from dclic.courses.models import CourseModule, Step
from dclic.history import queries as history
from tests.files import samples


@pytest.fixture
def course(create_course):
    return create_course(status="draft", title="Premiers pas")


@pytest.fixture
def module(editor, course):
    return content.create_module(editor, course, title="Comprendre l'écran")


def titles(items):
    return [item.title for item in items]


def audit_rows(object_type, object_id, action=None):
    statement = sa.select(AuditEvent).where(
        AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id)
    )
    if action:
        statement = statement.where(AuditEvent.action == action)
    from dclic.core.db import db

    return list(db.session.scalars(statement.order_by(AuditEvent.id)))


def upload(data: bytes, name: str) -> FileStorage:
    import io

    return FileStorage(io.BytesIO(data), filename=name)


# --- rights ----------------------------------------------------------------------------------


def test_a_learner_can_neither_add_change_move_nor_delete_content(create_user, course, module):
    learner = create_user()
    step = content.create_step(None, module, kind="text", title="Lire", body="Bonjour")
    attempts = [
        lambda: content.create_module(learner, course, title="Piraté"),
        lambda: content.update_module(learner, module, title="Piraté"),
        lambda: content.move_module(learner, module, "down"),
        lambda: content.delete_module(learner, module),
        lambda: content.create_step(learner, module, kind="text", title="x", body="y"),
        lambda: content.update_step(learner, step, title="Piraté"),
        lambda: content.move_step(learner, step, "down"),
        lambda: content.delete_step(learner, step),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    assert module.title == "Comprendre l'écran"
    assert step.title == "Lire"


# --- modules ---------------------------------------------------------------------------------


def test_modules_are_numbered_in_order_and_versioned_under_their_author(editor, course, module):
    second = content.create_module(editor, course, title="Les applications", summary="*Installer*")
    assert [m.position for m in course.modules] == [1, 2]
    assert second.summary == "*Installer*"
    [version] = history.list_versions(second).items
    assert version.author_id == editor.id
    assert version.snapshot == {"title": "Les applications", "summary": "*Installer*"}
    [created] = audit_rows("course_modules", second.id, "create")
    assert created.changes["title"] == [None, "Les applications"]


def test_a_module_needs_a_title(editor, course):
    with pytest.raises(Invalid) as caught:
        content.create_module(editor, course, title="   ")
    assert list(caught.value.errors) == ["title"]
    with pytest.raises(Invalid) as caught:
        content.create_module(editor, course, summary="Sans titre")
    assert list(caught.value.errors) == ["title"]


def test_updating_a_module_returns_its_changes_and_writes_a_version(editor, module):
    changes = content.update_module(editor, module, title="L'écran d'accueil", summary="")
    assert changes == {"title": ("Comprendre l'écran", "L'écran d'accueil")}
    assert content.update_module(editor, module, title="L'écran d'accueil") == {}
    assert [v.number for v in history.list_versions(module).items] == [2, 1]


def test_content_changes_move_the_course_up_the_desk(editor, course, module):
    before = course.updated_at
    content.create_step(editor, module, kind="text", title="Lire", body="Bonjour")
    assert course.updated_at > before


def test_modules_move_up_and_down_one_place_at_a_time(editor, course, module):
    b = content.create_module(editor, course, title="B")
    c = content.create_module(editor, course, title="C")
    content.move_module(editor, c, "up")
    assert titles(course.modules) == ["Comprendre l'écran", "C", "B"]
    content.move_module(editor, module, "down")
    assert titles(course.modules) == ["C", "Comprendre l'écran", "B"]
    assert [m.position for m in course.modules] == [1, 2, 3]
    with pytest.raises(Conflict):
        content.move_module(editor, b, "down")
    with pytest.raises(Conflict):
        content.move_module(editor, c, "up")
    with pytest.raises(Conflict):
        content.move_module(editor, c, "sideways")


def test_deleting_a_module_deletes_its_steps_and_closes_the_gap(session, editor, course, module):
    step = content.create_step(editor, module, kind="text", title="Lire", body="Bonjour")
    step_id = step.id
    second = content.create_module(editor, course, title="Suite")
    content.delete_module(editor, module)
    assert titles(course.modules) == ["Suite"]
    assert second.position == 1
    assert session.get(Step, step_id) is None
    assert audit_rows("course_steps", step_id, "delete")
    assert audit_rows("course_modules", second.id, "update")[-1].changes["position"] == [2, 1]


# --- steps -----------------------------------------------------------------------------------


def test_a_text_step_keeps_its_markdown_and_its_sanitized_html(editor, module):
    body = "## Écran\n\n**Appuyez** sur <script>alert(1)</script> [ici](javascript:alert(1))"
    step = content.create_step(editor, module, kind="text", title="L'écran", body=body)
    assert step.body == body
    assert "<h3>Écran</h3>" in step.body_html
    assert "<strong>Appuyez</strong>" in step.body_html
    assert "<script" not in step.body_html
    assert 'href="javascript' not in step.body_html
    content.update_step(editor, step, body="*Nouveau*")
    assert step.body_html.strip() == "<p><em>Nouveau</em></p>"


def test_each_kind_says_what_it_lacks(editor, module):
    expected = {
        "text": {"body"},
        "file": {"file"},
        "link": {"url", "body"},
        "video": {"file", "alternative"},
    }
    for kind, missing in expected.items():
        with pytest.raises(Invalid) as caught:
            content.create_step(editor, module, kind=kind, title="Étape")
        assert set(caught.value.errors) == missing, kind
    assert module.steps == []


def test_a_link_needs_an_http_or_https_address(editor, module):
    for url in (
        "javascript:alert(1)",
        "ftp://example.org/x",
        "example.org",
        "https://",
        "http://a b",
    ):
        with pytest.raises(Invalid) as caught:
            content.create_step(editor, module, kind="link", title="Lien", url=url, body="Voir")
        assert list(caught.value.errors) == ["url"], url
    step = content.create_step(
        editor,
        module,
        kind="link",
        title="Lien",
        url=" https://www.francophonie.org/ ",
        body="Voir",
    )
    assert step.url == "https://www.francophonie.org/"


def test_fields_of_another_kind_are_refused(editor, module):
    with pytest.raises(Invalid) as caught:
        content.create_step(editor, module, kind="text", title="T", body="B", url="https://a.org")
    assert list(caught.value.errors) == ["url"]
    with pytest.raises(Invalid) as caught:
        content.create_step(editor, module, kind="quiz", title="T")
    assert list(caught.value.errors) == ["kind"]


def test_a_file_step_stores_its_upload_privately_and_shows_its_size(editor, module):
    data = samples.pdf()
    step = content.create_step(
        editor, module, kind="file", title="Fiche", upload=upload(data, "fiche.pdf")
    )
    assert step.file.media_type == "application/pdf"
    assert step.file.size == len(data)
    assert step.file.is_public is False
    assert step.file.uploaded_by_id == editor.id
    [version] = history.list_versions(step).items
    assert version.snapshot["file_id"] == step.file_id


def test_a_renamed_program_is_refused_and_nothing_is_added(editor, module):
    with pytest.raises(Invalid) as caught:
        content.create_step(
            editor,
            module,
            kind="file",
            title="Cours",
            upload=upload(samples.windows_program(), "cours.pdf"),
        )
    assert list(caught.value.errors) == ["file"]
    assert module.steps == []


def test_a_recording_needs_its_transcript(editor, module):
    with pytest.raises(Invalid) as caught:
        content.create_step(
            editor, module, kind="file", title="Podcast", upload=upload(samples.mp3(), "a.mp3")
        )
    assert list(caught.value.errors) == ["alternative"]


def test_an_image_goes_through_the_image_checks(editor, module):
    step = content.create_step(
        editor, module, kind="file", title="Schéma", upload=upload(samples.image(), "s.png")
    )
    assert step.file.is_image and step.file.variants


def test_an_external_video_needs_its_size_and_a_transcript(editor, module):
    with pytest.raises(Invalid) as caught:
        content.create_step(
            editor, module, kind="video", title="Vidéo", url="https://videos.example.org/v/1"
        )
    assert set(caught.value.errors) == {"media_bytes", "alternative"}
    step = content.create_step(
        editor,
        module,
        kind="video",
        title="Vidéo",
        url="https://videos.example.org/v/1",
        media_bytes=45_000_000,
        alternative="Transcription : bonjour.",
    )
    assert (step.media_bytes, step.file_id) == (45_000_000, None)


def test_a_video_file_replaces_an_address_and_the_other_way_round(editor, module):
    step = content.create_step(
        editor,
        module,
        kind="video",
        title="Vidéo",
        upload=upload(samples.mp4(), "v.mp4"),
        alternative="Résumé",
    )
    assert step.file.kind == "video" and step.url == ""
    content.update_step(editor, step, url="https://videos.example.org/v/2", media_bytes=1_000_000)
    assert (step.file_id, step.url) == (None, "https://videos.example.org/v/2")
    content.update_step(editor, step, upload=upload(samples.webm(), "v.webm"))
    assert step.file.media_type == "video/webm" and step.url == "" and step.media_bytes is None


def test_a_video_step_refuses_a_sound_file(editor, module):
    with pytest.raises(Invalid) as caught:
        content.create_step(
            editor,
            module,
            kind="video",
            title="Vidéo",
            upload=upload(samples.mp3(), "a.mp3"),
            alternative="Résumé",
        )
    assert list(caught.value.errors) == ["file"]


def test_someone_elses_private_file_cannot_be_attached(editor, create_user, module):
    from dclic.files.services import store_upload

    other = store_upload(create_user(), samples.pdf(), "document", "privé.pdf")
    with pytest.raises(Invalid) as caught:
        content.create_step(editor, module, kind="file", title="F", file_id=other.id)
    assert list(caught.value.errors) == ["file"]


def test_the_kind_of_a_step_never_changes(editor, module):
    step = content.create_step(editor, module, kind="text", title="T", body="B")
    with pytest.raises(Invalid):
        content.update_step(editor, step, kind="link")


# --- order -----------------------------------------------------------------------------------


@pytest.fixture
def two_modules(editor, course, module):
    for title in ("a", "b"):
        content.create_step(editor, module, kind="text", title=title, body=title)
    second = content.create_module(editor, course, title="Deuxième")
    content.create_step(editor, second, kind="text", title="c", body="c")
    return module, second


def test_steps_move_within_their_module(editor, two_modules):
    first, _second = two_modules
    _a, b = first.steps
    content.move_step(editor, b, "up")
    assert titles(first.steps) == ["b", "a"]
    assert [s.position for s in first.steps] == [1, 2]


def test_past_the_edge_a_step_moves_to_the_next_or_previous_module(editor, two_modules):
    first, second = two_modules
    b = first.steps[1]
    content.move_step(editor, b, "down")
    assert titles(first.steps) == ["a"]
    assert titles(second.steps) == ["b", "c"]
    assert [s.position for s in second.steps] == [1, 2]
    content.move_step(editor, b, "up")
    assert titles(first.steps) == ["a", "b"]
    assert titles(second.steps) == ["c"]
    with pytest.raises(Conflict):
        content.move_step(editor, first.steps[0], "up")
    with pytest.raises(Conflict):
        content.move_step(editor, second.steps[-1], "down")


def test_a_step_moves_to_the_end_of_another_module_and_it_is_audited(editor, two_modules):
    first, second = two_modules
    a = first.steps[0]
    content.move_step_to_module(editor, a, second)
    assert titles(second.steps) == ["c", "a"]
    assert titles(first.steps) == ["b"] and first.steps[0].position == 1
    moved = audit_rows("course_steps", a.id, "update")[-1]
    assert moved.changes["module_id"] == [first.id, second.id]
    assert moved.changes["position"] == [1, 2]
    with pytest.raises(Conflict):
        content.move_step_to_module(editor, a, second)


def test_a_step_cannot_move_to_another_courses_module(editor, create_course, two_modules):
    elsewhere = content.create_module(editor, create_course(status="draft"), title="Ailleurs")
    with pytest.raises(Invalid):
        content.move_step_to_module(editor, two_modules[0].steps[0], elsewhere)


def test_deleting_a_step_closes_the_gap(session, editor, two_modules):
    first, _second = two_modules
    a = first.steps[0]
    content.delete_step(editor, a)
    assert titles(first.steps) == ["b"] and first.steps[0].position == 1
    session.expire_all()
    assert titles(session.get(CourseModule, first.id).steps) == ["b"]


# --- restore ---------------------------------------------------------------------------------


def test_a_module_and_a_step_are_restored_as_new_versions(editor, module):
    content.update_module(editor, module, title="Nouveau titre")
    step = content.create_step(editor, module, kind="text", title="T", body="*v1*")
    content.update_step(editor, step, body="*v2*")
    services.restore_version(editor, module, 1)
    services.restore_version(editor, step, 1)
    assert module.title == "Comprendre l'écran"
    assert step.body == "*v1*" and "<em>v1</em>" in step.body_html
    newest = history.list_versions(step).items[0]
    assert (newest.number, newest.restored_from, newest.author_id) == (3, 1, editor.id)
    with pytest.raises(Conflict):
        services.restore_version(editor, step, 3)


def test_a_step_gets_back_a_file_another_editor_sent(editor, create_user, module):
    colleague = create_user(roles=("editor",))
    step = content.create_step(
        colleague, module, kind="file", title="F", upload=upload(samples.pdf(), "v1.pdf")
    )
    first_file = step.file_id
    content.update_step(colleague, step, upload=upload(samples.pdf(), "v2.pdf"))
    services.restore_version(editor, step, 1)
    assert step.file_id == first_file


def test_a_learner_cannot_restore_a_step(create_user, editor, module):
    step = content.create_step(editor, module, kind="text", title="T", body="v1")
    content.update_step(editor, step, body="v2")
    with pytest.raises(NotAllowed):
        services.restore_version(create_user(), step, 1)


# --- activities ------------------------------------------------------------------------------


@pytest.fixture
def quiz_type(monkeypatch):
    made, deleted = [], []

    def create(actor, step):
        made.append(step.id)
        return 41

    quiz = activities.ActivityType(
        code="quiz",
        label="Quiz",
        create=create,
        render=lambda step: f"<quiz {step.activity_id}>",
        edit_url=lambda step: f"/quizzes/{step.activity_id}",
        delete=lambda actor, step: deleted.append(step.activity_id),
    )
    monkeypatch.setattr(activities, "_TYPES", {})
    activities.register_activity_type(quiz)
    return made, deleted


def test_without_a_registered_type_there_is_no_activity_kind(monkeypatch, editor, module):
    monkeypatch.setattr(activities, "_TYPES", {})
    assert "activity" not in content.step_kinds()
    with pytest.raises(Invalid):
        content.create_step(editor, module, kind="activity", title="Quiz", activity_type="quiz")


def test_a_registered_activity_type_makes_and_deletes_its_activity(editor, module, quiz_type):
    assert "activity" in content.step_kinds()
    with pytest.raises(Invalid) as caught:
        content.create_step(editor, module, kind="activity", title="Q", activity_type="survey")
    assert list(caught.value.errors) == ["activity_type"]
    step = content.create_step(editor, module, kind="activity", title="Q", activity_type="quiz")
    made, deleted = quiz_type
    assert step.activity_id == 41 and made == [step.id]
    assert activities.activity_edit_url(step) == "/quizzes/41"
    assert str(activities.render_activity(step)) == "&lt;quiz 41&gt;"  # plain text is escaped
    content.delete_step(editor, step)
    assert deleted == [41]


def test_an_activity_whose_module_is_gone_renders_a_notice(editor, module, quiz_type, monkeypatch):
    step = content.create_step(editor, module, kind="activity", title="Q", activity_type="quiz")
    monkeypatch.setattr(activities, "_TYPES", {})
    assert "<p>" in str(activities.render_activity(step))
