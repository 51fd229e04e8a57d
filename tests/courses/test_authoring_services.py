"""Authoring courses and paths through the services: generated codes, cover images, status
changes, and a path's list of courses (rights, validation, audit rows)."""

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from dclic.audit.models import AuditEvent
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.courses import editor_queries, services
from dclic.files.services import store_upload
from dclic.history import queries as history
from tests.files import samples

COURSE = {
    "title": "Créer sa première page web",
    "summary": "Titres, paragraphes et liens.",
    "level": "beginner",
    "track": "M",
    "domain": "web",
    "duration_minutes": 90,
}


def rows(object_type, object_id, action=None):
    statement = sa.select(AuditEvent).where(
        AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id)
    )
    if action:
        statement = statement.where(AuditEvent.action == action)
    return list(db.session.scalars(statement.order_by(AuditEvent.id)))


def image_upload(name="couverture.png", data=None):
    return FileStorage(io.BytesIO(data or samples.image()), filename=name)


# --- codes -----------------------------------------------------------------------------------


def test_a_code_left_empty_is_the_next_free_one_of_the_domain(editor):
    first = services.create_course(editor, code="", **COURSE)
    second = services.create_course(editor, code=None, **COURSE)
    other = services.create_course(editor, **{**COURSE, "domain": "bureautique"})
    new_domain = services.create_course(editor, **{**COURSE, "domain": "data-science"})
    assert [first.code, second.code] == ["DCLIC-WEB-001", "DCLIC-WEB-002"]
    assert other.code == "DCLIC-BUR-001"
    assert new_domain.code == "DCLIC-DAT-001"


def test_a_generated_code_follows_the_highest_number_ever_given(editor, create_course):
    create_course(code="DCLIC-WEB-007", status="archived")  # archived: its code stays taken
    create_course(code="DCLIC-WEB-003")
    create_course(code="DCLIC-WEB-NOTE")  # not a number: ignored
    course = services.create_course(editor, **COURSE)
    assert course.code == "DCLIC-WEB-008"
    assert editor_queries.next_free_code(type(course), "DCLIC-WEB-") == "DCLIC-WEB-009"


def test_a_generated_code_taken_meanwhile_is_replaced_by_the_next_one(
    editor, create_course, monkeypatch
):
    create_course(code="DCLIC-WEB-001")
    given = iter(["DCLIC-WEB-001", "DCLIC-WEB-002"])  # another editor saved 001 meanwhile
    monkeypatch.setattr(editor_queries, "next_free_code", lambda model, prefix: next(given))
    course = services.create_course(editor, **COURSE)
    assert course.code == "DCLIC-WEB-002"
    assert course.id is not None
    assert [v.author_id for v in history.list_versions(course).items] == [editor.id]


def test_a_chosen_code_is_cleaned_and_must_be_new(editor, create_course):
    create_course(code="DCLIC-WEB-001", status="archived")
    with pytest.raises(Conflict) as caught:
        services.create_course(editor, code="dclic-web-001", **COURSE)
    assert list(caught.value.errors) == ["code"]
    with pytest.raises(Invalid) as caught:
        services.create_course(editor, code="web 1!", **COURSE)
    assert "code" in caught.value.errors


def test_a_path_without_a_code_gets_the_next_path_number(editor, create_path):
    create_path(code="DCLIC-PATH-WEB", publish=False)
    create_path(code="DCLIC-PATH-004", publish=False)
    path = services.create_path(editor, title="Métiers du web", track="M")
    assert path.code == "DCLIC-PATH-005"
    assert path.status == "draft"


def test_the_editor_is_the_author_of_version_1_and_of_the_audit_row(client, login, editor):
    course = services.create_course(editor, **COURSE)
    [version] = history.list_versions(course).items
    assert version.author_id == editor.id
    [created] = rows("courses", course.id, "create")
    assert created.changes["code"] == [None, "DCLIC-WEB-001"]


# --- cover -----------------------------------------------------------------------------------


def test_a_cover_image_is_stored_public_and_kept_as_an_image(editor):
    course = services.create_course(editor, cover=image_upload(), **COURSE)
    assert course.cover.is_image
    assert course.cover.is_public is True
    assert course.cover.uploaded_by_id == editor.id
    [version] = history.list_versions(course).items
    assert version.snapshot["cover_file_id"] == course.cover_file_id


def test_a_cover_that_is_no_image_is_refused_with_the_other_problems(editor):
    with pytest.raises(Invalid) as caught:
        services.create_course(
            editor,
            cover=image_upload("photo.png", samples.windows_program()),
            **{**COURSE, "title": ""},
        )
    assert set(caught.value.errors) == {"title", "cover"}


def test_cover_file_id_must_name_an_image(editor, create_user, create_course):
    course = create_course(status="draft")
    pdf = store_upload(editor, samples.pdf(), "document", "fiche.pdf")
    with pytest.raises(Invalid) as caught:
        services.update_course(editor, course, cover_file_id=pdf.id)
    assert list(caught.value.errors) == ["cover"]
    with pytest.raises(Invalid):
        services.update_course(editor, course, cover_file_id=999_999)
    private = store_upload(create_user(), samples.image(), "image", "privée.png")
    with pytest.raises(Invalid):
        services.update_course(editor, course, cover_file_id=private.id)
    assert private.is_public is False
    mine = store_upload(editor, samples.image(), "image", "mienne.png")
    assert services.update_course(editor, course, cover_file_id=mine.id)
    assert mine.is_public is True


def test_a_cover_is_replaced_or_removed(editor, create_course):
    course = create_course(status="draft")
    services.update_course(editor, course, cover=image_upload())
    first = course.cover_file_id
    services.update_course(editor, course, cover=image_upload("autre.png"))
    assert course.cover_file_id not in (None, first)
    changes = services.update_course(editor, course, cover_file_id=None)
    assert changes["cover_file_id"][1] is None
    services.restore_version(editor, course, 2)
    assert course.cover_file_id == first


# --- statuses --------------------------------------------------------------------------------


def test_an_archived_course_goes_back_to_draft(editor, create_course):
    course = create_course(status="archived")
    services.unarchive_course(editor, course)
    assert course.status == "draft"
    with pytest.raises(Conflict):
        services.unarchive_course(editor, course)
    assert rows("courses", course.id, "update")[-1].changes["status"] == ["archived", "draft"]


def test_a_path_is_archived_and_brought_back(editor, create_course, create_path):
    path = create_path(courses=[(create_course(), True)])
    services.archive_path(editor, path)
    assert path.status == "archived"
    with pytest.raises(Conflict):
        services.archive_path(editor, path)
    services.unarchive_path(editor, path)
    assert path.status == "draft"
    with pytest.raises(Conflict):
        services.unarchive_path(editor, path)


def test_learners_cannot_change_statuses_nor_path_courses(create_user, create_course, create_path):
    learner = create_user()
    course = create_course()
    path = create_path(courses=[(course, True)])
    entry = path.entries[0]
    for attempt in (
        lambda: services.unarchive_course(learner, course),
        lambda: services.archive_path(learner, path),
        lambda: services.unarchive_path(learner, path),
        lambda: services.remove_course_from_path(learner, path, entry),
        lambda: services.move_course_in_path(learner, path, entry, "down"),
        lambda: services.set_course_required(learner, path, entry, False),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    assert path.entries == [entry] and entry.is_required


# --- the courses of a path -------------------------------------------------------------------


@pytest.fixture
def path_of_three(create_course, create_path):
    courses = [create_course(title=t) for t in ("A", "B", "C")]
    return create_path(courses=[(c, True) for c in courses], publish=False)


def order(path):
    return [entry.course.title for entry in path.entries]


def test_courses_move_up_and_down_in_the_path(editor, path_of_three):
    a, b, c = path_of_three.entries
    services.move_course_in_path(editor, path_of_three, c, "up")
    assert order(path_of_three) == ["A", "C", "B"]
    assert [e.position for e in path_of_three.entries] == [1, 2, 3]
    services.move_course_in_path(editor, path_of_three, a, "down")
    assert order(path_of_three) == ["C", "A", "B"]
    with pytest.raises(Conflict):
        services.move_course_in_path(editor, path_of_three, b, "down")
    db.session.expire_all()
    assert order(path_of_three) == ["C", "A", "B"]


def test_a_course_is_taken_out_and_the_others_close_the_gap(editor, path_of_three):
    first = path_of_three.entries[0]
    course_id = first.course_id
    services.remove_course_from_path(editor, path_of_three, first)
    assert order(path_of_three) == ["B", "C"]
    assert [e.position for e in path_of_three.entries] == [1, 2]
    object_id = f"{path_of_three.id}/{course_id}"
    assert rows("path_courses", object_id, "delete")


def test_a_course_becomes_optional_then_required_again(editor, path_of_three):
    entry = path_of_three.entries[1]
    assert services.set_course_required(editor, path_of_three, entry, False) == {
        "is_required": (True, False)
    }
    assert services.set_course_required(editor, path_of_three, entry, False) == {}
    services.set_course_required(editor, path_of_three, entry, True)
    assert entry.is_required
    object_id = f"{path_of_three.id}/{entry.course_id}"
    assert [r.changes["is_required"] for r in rows("path_courses", object_id, "update")] == [
        [True, False],
        [False, True],
    ]


def test_the_path_search_offers_courses_not_archived_and_not_in_the_path(
    editor, create_course, path_of_three
):
    create_course(title="Tableur avancé", status="archived")
    draft = create_course(title="Tableur pour débuter", status="draft")
    found = editor_queries.search_courses_for_path(editor, path_of_three, "tableur")
    assert found == [draft]
    assert editor_queries.search_courses_for_path(editor, path_of_three, "A") != []
    assert all(
        c.id not in {e.course_id for e in path_of_three.entries}
        for c in editor_queries.search_courses_for_path(editor, path_of_three, "course")
    )
    assert editor_queries.search_courses_for_path(editor, path_of_three, draft.code) == [draft]
