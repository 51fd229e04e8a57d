"""The edit history: a version per save, differences, restore as a new version, purge."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.core.db import utcnow
from dclic.core.errors import Conflict, NotAllowed, NotFound
from dclic.courses import services
from dclic.courses.models import Course
from dclic.history import queries
from dclic.history.diff import word_diff
from dclic.history.models import ContentVersion
from dclic.history.services import purge_versions


def numbers(content):
    return [v.number for v in queries.list_versions(content).items]


def test_creating_a_course_saves_version_1_with_every_field(create_course):
    course = create_course(status="draft", title="Bureautique pour tous")
    [version] = queries.list_versions(course).items
    assert version.number == 1
    assert version.snapshot["title"] == "Bureautique pour tous"
    assert set(version.snapshot) == set(Course.__versioned__)
    assert not version.was_published


def test_each_save_that_changes_content_is_a_new_version_with_only_its_fields(
    editor, create_course
):
    course = create_course(status="draft")
    services.update_course(editor, course, title="Nouveau titre", duration_minutes=90)
    services.update_course(editor, course, title="Nouveau titre")  # nothing changes
    services.update_course(editor, course, summary="Un autre résumé.")
    versions = queries.list_versions(course).items
    assert [v.number for v in versions] == [3, 2, 1]
    assert sorted(versions[1].changed_fields) == ["duration_minutes", "title"]
    assert versions[0].changed_fields == ["summary"]
    assert versions[0].author_name == editor.display_name
    assert versions[0].author_id == editor.id


def test_publishing_marks_the_published_content_without_a_new_version(editor, create_course):
    course = create_course(status="draft")
    services.update_course(editor, course, title="Prêt à publier")
    services.publish_course(editor, course)
    newest, first = queries.list_versions(course).items
    assert newest.number == 2 and newest.was_published
    assert not first.was_published


def test_comparing_two_versions_shows_each_field_and_the_words_that_changed(editor, create_course):
    course = create_course(status="draft", summary="Apprendre le tableur pas à pas.")
    services.update_course(editor, course, summary="Apprendre le traitement de texte pas à pas.")
    older = queries.get_version(course, 1)
    newer = queries.get_version(course, 2)
    diffs = {d.name: d for d in queries.compare_versions(course, older, newer)}
    assert diffs["summary"].changed and not diffs["title"].changed
    assert ("delete", "tableur ") in diffs["summary"].parts
    assert ("insert", "traitement de texte ") in diffs["summary"].parts
    rebuilt_before = "".join(t for op, t in diffs["summary"].parts if op != "insert")
    rebuilt_after = "".join(t for op, t in diffs["summary"].parts if op != "delete")
    assert rebuilt_before == "Apprendre le tableur pas à pas."
    assert rebuilt_after == "Apprendre le traitement de texte pas à pas."


def test_word_diff_handles_empty_texts():
    assert word_diff("", "Bonjour") == [("insert", "Bonjour")]
    assert word_diff("Bonjour", "") == [("delete", "Bonjour")]
    assert word_diff("", "") == []


def test_restoring_a_version_brings_the_content_back_exactly_as_a_new_version(
    session, editor, create_course
):
    course = create_course(status="draft", keywords="html, css")
    original = {name: getattr(course, name) for name in Course.__versioned__}
    services.update_course(
        editor,
        course,
        title="Titre changé",
        summary="Résumé changé.",
        level="advanced",
        track="M",
        domain="marketing",
        duration_minutes=600,
        licence="CC BY 4.0",
        keywords="seo",
        language="en",
        authors="Awa Konaté; OIF",
    )
    changes = services.restore_version(editor, course, 1)
    session.expire_all()
    course = session.get(Course, course.id)
    assert {name: getattr(course, name) for name in Course.__versioned__} == original
    assert set(changes) == set(Course.__versioned__) - {"cover_file_id"}  # never set
    newest = queries.list_versions(course).items[0]
    assert (newest.number, newest.restored_from) == (3, 1)
    assert newest.snapshot == queries.get_version(course, 1).snapshot
    update = session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "courses", AuditEvent.action == "update")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert update.changes["title"] == ["Titre changé", original["title"]]


def test_a_path_is_versioned_and_restored_too(session, editor, create_path):
    path = create_path(publish=False, title="Parcours web", is_tutored=False)
    services.update_path(editor, path, title="Parcours web accompagné", is_tutored=True)
    services.restore_version(editor, path, 1)
    assert (path.title, path.is_tutored) == ("Parcours web", False)
    assert numbers(path) == [3, 2, 1]


def test_restoring_needs_the_editing_right_and_an_existing_older_version(
    create_user, editor, create_course
):
    course = create_course(status="draft")
    services.update_course(editor, course, title="Deuxième")
    with pytest.raises(NotAllowed):
        services.restore_version(create_user(), course, 1)
    with pytest.raises(NotFound):
        services.restore_version(editor, course, 99)
    with pytest.raises(NotFound):
        services.restore_version(editor, course, "x")
    with pytest.raises(Conflict):
        services.restore_version(editor, course, 2)
    assert course.title == "Deuxième"


def test_a_rolled_back_edit_leaves_no_version(app, session, editor, create_course):
    course = create_course(status="draft")
    session.commit()
    services.update_course(editor, course, title="Jamais enregistré")
    session.rollback()
    assert numbers(course) == [1]


def test_the_purge_keeps_published_and_newest_versions(session, editor, create_course):
    course = create_course(status="draft")
    for n in range(2, 5):
        services.update_course(editor, course, title=f"Version {n}")
        if n == 2:
            services.publish_course(editor, course)
            services.archive_course(editor, course)
    table = ContentVersion.__table__
    session.execute(table.update().values(created_at=utcnow() - timedelta(days=400)))
    deleted = purge_versions(utcnow() - timedelta(days=180))
    assert deleted == 2  # versions 1 and 3
    assert numbers(course) == [4, 2]
    purge = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "history.purge")).one()
    assert purge.changes["deleted"] == 2


def test_the_purge_leaves_recent_versions_alone(session, editor, create_course):
    course = create_course(status="draft")
    services.update_course(editor, course, title="Récent")
    assert purge_versions(utcnow() - timedelta(days=1)) == 0
    assert numbers(course) == [2, 1]


def test_the_history_purge_command_uses_the_configured_age(app, session, create_course):
    create_course(status="draft")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["dclic", "history", "purge", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "0 intermediate versions older than 30 days purged" in result.output
