"""The flush listener that keeps ``oai_records`` in step with the catalogue.

Whoever writes a course or a path (the editors' services, an archive import, the harvester, a
seed, a test), the OAI record follows in the same transaction, like the audit trail and the
edit history: ``before_flush`` notes what changes (only known then), ``after_flush`` writes
the rows on the same connection. A rolled-back change leaves no trace.

A record's datestamp moves when what ``/oai`` says about the item changes:

* a published course or path (ours: ``provider`` null) gets a record when it is published;
* its datestamp moves on every change of its fields, its publication status, its steps'
  kinds and media (the technical format and size), and its place in paths;
* a path's datestamp also moves when one of its courses changes status, duration, domain,
  language or licence (its LOM sums them up);
* archived, back to draft, deleted, or harvested from elsewhere: the record becomes a
  tombstone (``is_deleted``) with a new datestamp, keeping its sets; published again, it
  comes back under the same identifier.

Datestamps only grow (at least one microsecond per change), so a harvester resuming after
``(datestamp, identifier)`` sees a changed record again later in its list, never skips one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from dclic.core.db import utcnow
from dclic.courses.models import Course, CourseModule, LearningPath, PathCourse, Step
from dclic.oai.models import OaiRecord, OaiRecordSet, course_identifier, path_identifier

_PENDING = "dclic_oai_pending"
_TICK = timedelta(microseconds=1)

# What a course's or path's record says (see dclic.oai.lom): a change of these moves it.
COURSE_FIELDS = ("code", "status", "provider", *Course.__versioned__)
PATH_FIELDS = ("code", "status", *LearningPath.__versioned__)
# A change of these in a course moves the records of its paths too.
COURSE_FIELDS_IN_PATHS = ("status", "provider", "duration_minutes", "domain", "language", "licence")
STEP_FIELDS = ("kind", "file_id", "media_bytes", "activity_type", "module_id")


def course_sets(domain: str, path_codes) -> set[str]:
    """The sets of a published course: its domain and the published paths listing it."""
    return {f"domain:{domain}", *(f"path:{code}" for code in path_codes)}


@dataclass
class _Pending:
    """What one flush changes, noted before it (new objects get their ids during it)."""

    courses: list = field(default_factory=list)  # changed themselves
    courses_for_paths: list = field(default_factory=list)  # changed so their paths' LOM does
    paths: list = field(default_factory=list)
    paths_for_courses: list = field(default_factory=list)  # published or withdrawn
    entries: list = field(default_factory=list)  # (PathCourse, also its course?)
    modules: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    deleted: list = field(default_factory=list)  # (kind, object id)

    def __bool__(self) -> bool:
        return any(vars(self).values())


def _changed(obj, names) -> set[str]:
    state = sa.inspect(obj)
    changed = set()
    for name in names:
        history = state.attrs[name].history
        before = history.deleted[0] if history.deleted else None
        if history.added and history.added[0] != before:
            changed.add(name)
    return changed


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context, instances) -> None:
    pending = _Pending()
    for obj in session.new:
        _note_new(pending, obj)
    for obj in session.dirty:
        if session.is_modified(obj):
            _note_dirty(pending, obj)
    for obj in session.deleted:
        _note_deleted(pending, obj)
    session.info[_PENDING] = pending


def _note_new(pending: _Pending, obj) -> None:
    if isinstance(obj, Course):
        pending.courses.append(obj)
        pending.courses_for_paths.append(obj)
    elif isinstance(obj, LearningPath):
        pending.paths.append(obj)
    elif isinstance(obj, PathCourse):
        pending.entries.append((obj, True))
    elif isinstance(obj, CourseModule):
        pending.modules.append(obj)
    elif isinstance(obj, Step):
        pending.steps.append(obj)


def _collection_changes(obj, name: str) -> list:
    """Objects added to or removed from a loaded collection (orphans are only deleted later,
    during the flush, so they never show in ``session.deleted`` beforehand)."""
    history = sa.inspect(obj).attrs[name].history
    return [*history.added, *history.deleted]


def _note_dirty(pending: _Pending, obj) -> None:
    if isinstance(obj, Course):
        changed = _changed(obj, COURSE_FIELDS)
        if changed or _collection_changes(obj, "modules"):
            pending.courses.append(obj)
        if changed & set(COURSE_FIELDS_IN_PATHS):
            pending.courses_for_paths.append(obj)
    elif isinstance(obj, LearningPath):
        changed = _changed(obj, PATH_FIELDS)
        if changed:
            pending.paths.append(obj)
        if "status" in changed:
            pending.paths_for_courses.append(obj)
        pending.entries.extend((entry, True) for entry in _collection_changes(obj, "entries"))
    elif isinstance(obj, PathCourse):
        pending.entries.append((obj, False))  # its place: the path's record only
    elif isinstance(obj, CourseModule) and _collection_changes(obj, "steps"):
        pending.modules.append(obj)
    elif isinstance(obj, Step) and _changed(obj, STEP_FIELDS):
        pending.steps.append(obj)


def _note_deleted(pending: _Pending, obj) -> None:
    if isinstance(obj, Course):
        pending.deleted.append(("course", obj.id))
    elif isinstance(obj, LearningPath):
        pending.deleted.append(("path", obj.id))
    elif isinstance(obj, PathCourse):
        pending.entries.append((obj, True))
    elif isinstance(obj, CourseModule):
        pending.modules.append(obj)
    elif isinstance(obj, Step):
        pending.steps.append(obj)


@event.listens_for(Session, "after_flush")
def _write_records(session: Session, flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = session.connection()
    deleted = set(pending.deleted)
    courses, indirect_courses, paths = _touched(connection, pending)
    now = utcnow()
    _sync_courses(connection, courses, indirect_courses, deleted, now)
    _sync_paths(connection, paths - {i for k, i in deleted if k == "path"}, now)
    for kind, object_id in deleted:
        _bury(connection, kind, object_id, now)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)


def _touched(connection, pending: _Pending) -> tuple[set[int], set[int], set[int]]:
    """Ids of the courses changed themselves, of those whose sets may have changed, and of
    the paths whose record changes."""
    courses = {c.id for c in pending.courses} | {m.course_id for m in pending.modules}
    module_ids = {s.module_id for s in pending.steps if s.module_id is not None}
    if module_ids:
        modules = sa.select(CourseModule.course_id).where(CourseModule.id.in_(module_ids))
        courses |= set(connection.scalars(modules))
    paths = {p.id for p in pending.paths}
    indirect: set[int] = set()
    for entry, both in pending.entries:
        paths.add(entry.path_id)
        if both:
            indirect.add(entry.course_id)
    for_paths = {c.id for c in pending.courses_for_paths}
    if for_paths:
        rows = sa.select(PathCourse.path_id).where(PathCourse.course_id.in_(for_paths))
        paths |= set(connection.scalars(rows))
    withdrawn = {p.id for p in pending.paths_for_courses}
    if withdrawn:
        rows = sa.select(PathCourse.course_id).where(PathCourse.path_id.in_(withdrawn))
        indirect |= set(connection.scalars(rows))
    return courses - {None}, indirect - courses - {None}, paths - {None}


def _existing(connection, kind: str, ids) -> dict[int, sa.Row]:
    table = OaiRecord.__table__
    rows = connection.execute(
        sa.select(table).where(table.c.kind == kind, table.c.object_id.in_(ids))
    )
    return {row.object_id: row for row in rows}


def _stored_sets(connection, record_ids) -> dict[int, set[str]]:
    table = OaiRecordSet.__table__
    sets: dict[int, set[str]] = {}
    if record_ids:
        rows = connection.execute(
            sa.select(table.c.record_id, table.c.spec).where(table.c.record_id.in_(record_ids))
        )
        for record_id, spec in rows:
            sets.setdefault(record_id, set()).add(spec)
    return sets


def _sync_courses(connection, direct, indirect, deleted, now: datetime) -> None:
    ids = (direct | indirect) - {i for k, i in deleted if k == "course"}
    if not ids:
        return
    courses = Course.__table__
    rows = connection.execute(
        sa.select(courses.c.id, courses.c.code, courses.c.status, courses.c.provider)
        .add_columns(courses.c.domain)
        .where(courses.c.id.in_(ids))
    ).all()
    in_paths: dict[int, list[str]] = {}
    listed = connection.execute(
        sa.select(PathCourse.course_id, LearningPath.code)
        .join(LearningPath, LearningPath.id == PathCourse.path_id)
        .where(PathCourse.course_id.in_(ids), LearningPath.status == "published")
    )
    for course_id, code in listed:
        in_paths.setdefault(course_id, []).append(code)
    existing = _existing(connection, "course", ids)
    stored = _stored_sets(connection, [row.id for row in existing.values()])
    for row in rows:
        exposed = row.status == "published" and row.provider is None
        sets = course_sets(row.domain, in_paths.get(row.id, ()))
        old = existing.get(row.id)
        unchanged = old is not None and exposed and not old.is_deleted
        if row.id not in direct and unchanged and stored.get(old.id, set()) == sets:
            continue  # a neighbour changed, not what this record says
        _sync(connection, "course", row.id, course_identifier(row.code), exposed, sets, old, now)


def _sync_paths(connection, ids, now: datetime) -> None:
    if not ids:
        return
    paths = LearningPath.__table__
    rows = connection.execute(
        sa.select(paths.c.id, paths.c.code, paths.c.status).where(paths.c.id.in_(ids))
    ).all()
    existing = _existing(connection, "path", ids)
    for row in rows:
        exposed = row.status == "published"
        sets = {f"path:{row.code}"}
        old = existing.get(row.id)
        _sync(connection, "path", row.id, path_identifier(row.code), exposed, sets, old, now)


def _sync(connection, kind, object_id, local_identifier, exposed, sets, old, now) -> None:
    """Insert, refresh or bury one record."""
    records, record_sets = OaiRecord.__table__, OaiRecordSet.__table__
    if old is None:
        if not exposed:
            return  # never published: nothing to say, ever
        result = connection.execute(
            records.insert().values(
                local_identifier=local_identifier,
                kind=kind,
                object_id=object_id,
                datestamp=now,
                is_deleted=False,
            )
        )
        record_id = result.inserted_primary_key[0]
    else:
        if not exposed and old.is_deleted:
            return  # still withdrawn: its tombstone already says so
        record_id = old.id
        connection.execute(
            records.update()
            .where(records.c.id == record_id)
            .values(
                local_identifier=local_identifier,
                datestamp=max(now, old.datestamp + _TICK),
                is_deleted=not exposed,
            )
        )
        if not exposed:
            return  # a tombstone keeps the sets it had
        connection.execute(record_sets.delete().where(record_sets.c.record_id == record_id))
    connection.execute(
        record_sets.insert(), [{"record_id": record_id, "spec": spec} for spec in sorted(sets)]
    )


def _bury(connection, kind: str, object_id: int, now: datetime) -> None:
    """The course or path row is deleted: its record, if any, becomes a tombstone."""
    old = _existing(connection, kind, [object_id]).get(object_id)
    if old is not None and not old.is_deleted:
        records = OaiRecord.__table__
        connection.execute(
            records.update()
            .where(records.c.id == old.id)
            .values(datestamp=max(now, old.datestamp + _TICK), is_deleted=True)
        )
