"""The records follow the catalogue: datestamps, sets and tombstones, whoever writes."""

from __future__ import annotations

import sqlalchemy as sa

from dclic.core.db import db
from dclic.courses import services
from dclic.courses.models import CourseModule, Step
from dclic.oai.models import OaiRecord, OaiRecordSet


def _sets(local: str) -> list[str]:
    db.session.flush()
    return list(
        db.session.scalars(
            sa.select(OaiRecordSet.spec)
            .join(OaiRecord, OaiRecord.id == OaiRecordSet.record_id)
            .where(OaiRecord.local_identifier == local)
            .order_by(OaiRecordSet.spec)
        )
    )


def test_a_draft_has_no_record_until_it_is_published(make_course, record_of):
    course = make_course(status="draft", code="TRK-PUB-001", domain="design")
    services.update_course(None, course, title="Encore un brouillon")
    assert record_of("TRK-PUB-001") is None
    services.publish_course(None, course)
    record = record_of("TRK-PUB-001")
    assert (record.kind, record.object_id, record.is_deleted) == ("course", course.id, False)
    assert _sets("TRK-PUB-001") == ["domain:design"]


def test_a_domain_change_moves_the_record_to_another_set(make_course, record_of):
    course = make_course(code="TRK-DOM-001", domain="web")
    before = record_of("TRK-DOM-001").datestamp
    services.update_course(None, course, domain="design")
    assert _sets("TRK-DOM-001") == ["domain:design"]
    assert record_of("TRK-DOM-001").datestamp > before


def test_publishing_and_withdrawing_a_path_changes_its_courses_sets(
    make_course, make_path, record_of
):
    first, second = make_course(code="TRK-PATH-C1"), make_course(code="TRK-PATH-C2")
    path = make_path([first, second], publish=False, code="TRK-PATH")
    assert _sets("TRK-PATH-C1") == ["domain:web"]
    assert record_of("path:TRK-PATH") is None
    before = record_of("TRK-PATH-C1").datestamp
    services.publish_path(None, path)
    assert _sets("TRK-PATH-C1") == _sets("TRK-PATH-C2") == ["domain:web", "path:TRK-PATH"]
    assert _sets("path:TRK-PATH") == ["path:TRK-PATH"]
    assert record_of("TRK-PATH-C1").datestamp > before
    services.archive_path(None, path)
    assert _sets("TRK-PATH-C1") == ["domain:web"]
    path_record = record_of("path:TRK-PATH")
    assert path_record.is_deleted and _sets("path:TRK-PATH") == ["path:TRK-PATH"]


def test_adding_and_removing_a_course_of_a_published_path(make_course, make_path, record_of):
    first, second = make_course(code="TRK-ADD-C1"), make_course(code="TRK-ADD-C2")
    path = make_path([first], code="TRK-ADD")
    before = record_of("path:TRK-ADD").datestamp
    services.add_course_to_path(None, path, second)
    assert "path:TRK-ADD" in _sets("TRK-ADD-C2")
    after_adding = record_of("path:TRK-ADD").datestamp
    assert after_adding > before
    entry = next(e for e in path.entries if e.course_id == second.id)
    services.remove_course_from_path(None, path, entry)  # an orphan deleted during the flush
    assert _sets("TRK-ADD-C2") == ["domain:web"]
    assert record_of("path:TRK-ADD").datestamp > after_adding


def test_a_course_change_that_its_paths_describe_moves_them(make_course, make_path, record_of):
    course = make_course(code="TRK-DUR-C1")
    make_path([course], code="TRK-DUR")
    before = record_of("path:TRK-DUR").datestamp
    services.update_course(None, course, keywords="sans effet sur le parcours")
    assert record_of("path:TRK-DUR").datestamp == before
    services.update_course(None, course, duration_minutes=90)
    assert record_of("path:TRK-DUR").datestamp > before


def test_steps_move_their_course(make_course, record_of):
    course = make_course(code="TRK-STEP-001")
    before = record_of("TRK-STEP-001").datestamp
    module = CourseModule(course=course, position=1, title="Module")
    module.steps.append(Step(position=1, kind="video", title="Vidéo", url="https://v.example/1"))
    db.session.add(module)
    db.session.flush()
    after_step = record_of("TRK-STEP-001").datestamp
    assert after_step > before
    module.steps[0].title = "Un autre titre"  # not in the record
    db.session.flush()
    assert record_of("TRK-STEP-001").datestamp == after_step
    module.steps.remove(module.steps[0])
    db.session.flush()
    assert record_of("TRK-STEP-001").datestamp > after_step


def test_deleting_the_row_leaves_a_tombstone(make_course, record_of):
    course = make_course(code="TRK-ROW-001", domain="mobile")
    db.session.delete(course)
    db.session.flush()
    record = record_of("TRK-ROW-001")
    assert record.is_deleted and _sets("TRK-ROW-001") == ["domain:mobile"]


def test_a_rolled_back_change_leaves_no_record(make_course, record_of):
    course = make_course(status="draft", code="TRK-RB-001")
    savepoint = db.session.begin_nested()
    services.publish_course(None, course)
    savepoint.rollback()
    assert record_of("TRK-RB-001") is None


def test_harvested_courses_are_never_recorded(make_course, record_of):
    course = make_course(status="draft", code="TRK-EXT-001")
    course.provider = "Un autre catalogue"
    services.publish_course(None, course)
    assert record_of("TRK-EXT-001") is None
    ours = make_course(code="TRK-EXT-002")
    ours.provider = "Un autre catalogue"  # becomes someone else's: withdrawn from /oai
    db.session.flush()
    assert record_of("TRK-EXT-002").is_deleted


def test_datestamps_only_grow(make_course, record_of):
    course = make_course(code="TRK-GROW-001")
    stamps = [record_of("TRK-GROW-001").datestamp]
    for n in range(5):
        services.update_course(None, course, title=f"Titre {n}")
        stamps.append(record_of("TRK-GROW-001").datestamp)
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
