"""Writing the catalogue: rights, validation, unique codes, publication states."""

import pytest
import sqlalchemy as sa

from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.courses import services
from dclic.courses.models import Course
from dclic.courses.permissions import can_edit_courses

VALID = {
    "code": "DCLIC-WEB-901",
    "title": "Créer sa première page web en HTML",
    "summary": "Titres, paragraphes, liens et images.",
    "level": "beginner",
    "track": "M",
    "domain": "web",
    "duration_minutes": 240,
}


def test_only_editors_and_administrators_may_edit_the_catalogue(create_user):
    assert can_edit_courses(create_user(roles=("editor",)))
    assert can_edit_courses(create_user(roles=("admin",)))
    assert not can_edit_courses(create_user(roles=("learner",)))
    assert not can_edit_courses(create_user(roles=("mentor", "trainer")))
    assert not can_edit_courses(None)


def test_a_learner_cannot_create_change_publish_or_archive_a_course(create_user, create_course):
    learner = create_user()
    course = create_course(status="draft")
    with pytest.raises(NotAllowed):
        services.create_course(learner, **VALID)
    with pytest.raises(NotAllowed):
        services.update_course(learner, course, title="Hacked")
    with pytest.raises(NotAllowed):
        services.publish_course(learner, course)
    with pytest.raises(NotAllowed):
        services.archive_course(learner, course)
    with pytest.raises(NotAllowed):
        services.create_path(learner, code="P-1", title="Path", track="A")
    assert course.title != "Hacked"
    assert course.status == "draft"


def test_an_editor_creates_a_draft_course_with_defaults(editor):
    course = services.create_course(editor, **{**VALID, "code": " dclic-web-901 "})
    assert course.id is not None
    assert course.code == "DCLIC-WEB-901"
    assert course.status == "draft"
    assert course.language == "fr"
    assert course.licence == "CC BY-SA 4.0"
    assert course.published_at is None
    assert course.created_at.tzinfo is not None


def test_keywords_are_cleaned_and_deduplicated(editor):
    course = services.create_course(
        editor, **VALID, keywords=" HTML,  page   web ,html,, accessibilité"
    )
    assert course.keywords == "HTML, page web, accessibilité"
    assert course.keyword_list == ["HTML", "page web", "accessibilité"]


def test_invalid_fields_are_all_reported_by_name(editor):
    with pytest.raises(Invalid) as caught:
        services.create_course(
            editor,
            code="web 001!",
            title="  ",
            level="expert",
            track="Z",
            language="de",
            domain="Web Design",
            duration_minutes=0,
        )
    assert set(caught.value.errors) == {
        "code",
        "title",
        "level",
        "track",
        "language",
        "domain",
        "duration_minutes",
    }
    assert all(caught.value.errors[name] for name in caught.value.errors)


def test_missing_required_fields_are_reported(editor):
    with pytest.raises(Invalid) as caught:
        services.create_course(editor, code="DCLIC-X-001", title="Only a title")
    assert {"level", "track", "domain", "duration_minutes"} <= set(caught.value.errors)


def test_a_course_code_is_never_given_twice_even_after_archiving(editor, create_course):
    archived = create_course(status="archived", code="DCLIC-OLD-001")
    with pytest.raises(Conflict) as caught:
        services.create_course(editor, **{**VALID, "code": "dclic-old-001"})
    assert "code" in caught.value.errors
    assert archived.status == "archived"


def test_the_database_refuses_a_duplicate_code_and_an_unknown_level(session, create_course):
    create_course(code="DCLIC-DUP-001")
    row = {"title": "T", "level": "beginner", "track": "A", "domain": "web", "duration_minutes": 5}
    with pytest.raises(sa.exc.IntegrityError), session.begin_nested():
        session.add(Course(code="DCLIC-DUP-001", **row))
        session.flush()
    with pytest.raises(sa.exc.IntegrityError), session.begin_nested():
        session.add(Course(code="DCLIC-DUP-002", **{**row, "level": "expert"}))
        session.flush()


def test_updating_a_course_returns_only_what_changed(editor, create_course):
    course = create_course(title="Old title", duration_minutes=60, level="beginner")
    changes = services.update_course(
        editor, course, title="New title", duration_minutes="90", level="beginner"
    )
    assert changes == {"title": ("Old title", "New title"), "duration_minutes": (60, 90)}
    assert course.title == "New title"
    assert services.update_course(editor, course, title="New title") == {}


def test_the_code_of_a_course_cannot_be_changed(editor, create_course):
    course = create_course(code="DCLIC-KEEP-001")
    with pytest.raises(Invalid) as caught:
        services.update_course(editor, course, code="DCLIC-KEEP-002")
    assert "code" in caught.value.errors
    with pytest.raises(Invalid) as caught:
        services.update_course(editor, course, status="published")
    assert "status" in caught.value.errors
    assert course.code == "DCLIC-KEEP-001"


def test_publishing_then_archiving_a_course(editor, create_course):
    course = create_course(status="draft")
    services.publish_course(editor, course)
    assert course.status == "published"
    assert course.published_at is not None
    with pytest.raises(Conflict):
        services.publish_course(editor, course)
    services.archive_course(editor, course)
    assert course.status == "archived"
    with pytest.raises(Conflict):
        services.archive_course(editor, course)
    services.publish_course(editor, course)
    assert course.status == "published"


def test_a_course_without_summary_cannot_be_published(editor, create_course):
    course = create_course(status="draft", summary="")
    with pytest.raises(Invalid) as caught:
        services.publish_course(editor, course)
    assert "summary" in caught.value.errors
    assert course.status == "draft"


def test_courses_are_appended_to_a_path_in_order(editor, create_course):
    path = services.create_path(editor, code="DCLIC-PATH-T1", title="Métiers du web", track="M")
    first, second, third = create_course(), create_course(), create_course(status="draft")
    services.add_course_to_path(editor, path, first)
    services.add_course_to_path(editor, path, second, is_required=False)
    services.add_course_to_path(editor, path, third)
    assert [(e.course, e.position, e.is_required) for e in path.entries] == [
        (first, 1, True),
        (second, 2, False),
        (third, 3, True),
    ]
    with pytest.raises(Conflict):
        services.add_course_to_path(editor, path, first)


def test_a_path_is_published_only_with_published_courses(editor, create_course):
    path = services.create_path(editor, code="DCLIC-PATH-T2", title="Initiation", track="A")
    with pytest.raises(Invalid) as caught:
        services.publish_path(editor, path)
    assert "courses" in caught.value.errors
    draft = create_course(status="draft", code="DCLIC-DRAFT-777")
    services.add_course_to_path(editor, path, draft)
    with pytest.raises(Invalid) as caught:
        services.publish_path(editor, path)
    assert "DCLIC-DRAFT-777" in caught.value.errors["courses"][0]
    services.publish_course(editor, draft)
    services.publish_path(editor, path)
    assert path.status == "published"
    assert path.published_at is not None


def test_path_codes_are_unique_and_checked(editor):
    services.create_path(editor, code="DCLIC-PATH-T3", title="A path", track="A", is_tutored=True)
    with pytest.raises(Conflict):
        services.create_path(editor, code="dclic-path-t3", title="Again", track="A")
    with pytest.raises(Invalid) as caught:
        services.create_path(editor, code="path 1!", title="", track="B", is_tutored="yes")
    assert set(caught.value.errors) == {"code", "title", "track", "is_tutored"}


def test_an_archived_course_cannot_join_a_path(editor, create_course):
    path = services.create_path(editor, code="DCLIC-PATH-T4", title="A path", track="A")
    with pytest.raises(Invalid) as caught:
        services.add_course_to_path(editor, path, create_course(status="archived"))
    assert "course" in caught.value.errors
