"""The catalogue as an OAI-PMH repository: :class:`oai_pmh.Repository` over the ORM.

Headers come from ``oai_records`` (kept by :mod:`dclic.oai.tracker`); lists are keyset pages
on its ``(datestamp, local_identifier)`` index. Metadata is built from the courses and paths
of a page, loaded with a fixed number of queries whatever the page size (no N+1): the
records, their sets, the courses (or paths), their steps' formats and sizes summed up in SQL,
their newest version numbers, and the paths listing them (or the courses they list).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache

import sqlalchemy as sa
from flask import current_app

from dclic.core.db import db, utcnow
from dclic.core.http import external_url
from dclic.core.i18n import force_locale
from dclic.core.richtext import plain_text
from dclic.core.settings import setting
from dclic.courses.labels import DOMAIN_LABELS
from dclic.courses.models import Course, CourseModule, LearningPath, PathCourse, Step
from dclic.files.models import StoredFile
from dclic.history.models import ContentVersion
from dclic.oai import lom
from dclic.oai.models import OaiRecord, OaiRecordSet
from oai_pmh import Header, Record, RecordKey, RecordQuery, RepositoryInfo, SetInfo
from oai_pmh.metadata import DublinCore, LangString, lom_to_dc

FORMATS = ("oai_dc", "lom")
# Set names in the metadata's languages (the catalogue is French first).
LABEL_LANGUAGES = ("fr", "en")


class CatalogueRepository:
    """Published courses and paths of dclic (not the harvested ones), and their tombstones."""

    # --- Identify, sets, formats -----------------------------------------------------------

    def identify(self) -> RepositoryInfo:
        """Name from the platform settings, addresses from the configuration."""
        config = current_app.config
        earliest = db.session.scalar(sa.select(sa.func.min(OaiRecord.datestamp)))
        repository_id = config["DCLIC_OAI_REPOSITORY_ID"]
        return RepositoryInfo(
            name=setting("site_name"),
            base_url=config["DCLIC_BASE_URL"] + "/oai",
            admin_emails=(config["DCLIC_ADMIN_EMAIL"],),
            earliest_datestamp=earliest or utcnow().replace(microsecond=0),
            repository_identifier=repository_id,
            sample_identifier=f"oai:{repository_id}:DCLIC-WEB-001",
        )

    def list_sets(self) -> Sequence[SetInfo]:
        """``domain`` and ``path``, then every ``domain:<slug>`` and ``path:<code>`` a record
        (tombstones included) belongs to, sorted by setSpec."""
        specs = db.session.scalars(sa.select(OaiRecordSet.spec).distinct()).all()
        codes = [spec.partition(":")[2] for spec in specs if spec.startswith("path:")]
        paths = {
            path.code: path
            for path in db.session.scalars(
                sa.select(LearningPath).where(LearningPath.code.in_(codes))
            )
        }
        default = current_app.config["DCLIC_DEFAULT_LOCALE"]
        sets = [SetInfo("domain", "Domains"), SetInfo("path", "Learning paths")]
        for spec in specs:
            kind, _, value = spec.partition(":")
            if kind == "domain":
                sets.append(SetInfo(spec, domain_labels(value).get(default, value)))
            elif kind == "path":
                sets.append(_path_set(spec, paths.get(value), value))
        return sorted(sets, key=lambda info: info.spec)

    def metadata_formats(self, identifier: str) -> Collection[str] | None:
        """Both formats for every known item, tombstones included; None for an unknown one."""
        return FORMATS if self._row(identifier) is not None else None

    # --- records ---------------------------------------------------------------------------

    def get_record(self, identifier: str, metadata_prefix: str) -> Record | None:
        row = self._row(identifier)
        if row is None or metadata_prefix not in FORMATS:
            return None
        return self._records([row], metadata_prefix, with_metadata=True)[0]

    def list_records(
        self, query: RecordQuery, after: RecordKey | None, limit: int, *, with_metadata=True
    ) -> Sequence[Record]:
        """At most ``limit`` records after ``after`` in ``(datestamp, identifier)`` order."""
        if query.metadata_prefix not in FORMATS:
            return []
        statement = _selection(sa.select(OaiRecord), query)
        if after is not None:
            statement = statement.where(_after(after[0], self._local(after[1]) or after[1]))
        statement = statement.order_by(OaiRecord.datestamp, OaiRecord.local_identifier)
        rows = db.session.scalars(statement.limit(limit)).all()
        return self._records(rows, query.metadata_prefix, with_metadata=with_metadata)

    def count(self, query: RecordQuery) -> int:
        """How many records the query selects (completeListSize)."""
        if query.metadata_prefix not in FORMATS:
            return 0
        statement = _selection(sa.select(sa.func.count(OaiRecord.id)), query)
        return db.session.scalar(statement) or 0

    # --- helpers ---------------------------------------------------------------------------

    def _prefix(self) -> str:
        return f"oai:{current_app.config['DCLIC_OAI_REPOSITORY_ID']}:"

    def _local(self, identifier: str) -> str | None:
        prefix = self._prefix()
        return identifier[len(prefix) :] if identifier.startswith(prefix) else None

    def _row(self, identifier: str) -> OaiRecord | None:
        local = self._local(identifier)
        if not local:
            return None
        return db.session.scalar(sa.select(OaiRecord).where(OaiRecord.local_identifier == local))

    def _records(self, rows, prefix: str, *, with_metadata: bool) -> list[Record]:
        sets = _sets_of([row.id for row in rows])
        metadata = _metadata(rows, self._prefix()) if with_metadata else {}
        records = []
        for row in rows:
            header = Header(
                self._prefix() + row.local_identifier,
                row.datestamp,
                sets.get(row.id, ()),
                row.is_deleted,
            )
            value = metadata.get(row.id)
            if value is not None and prefix == "oai_dc":
                value = lom_to_dc(value)
            records.append(Record(header, None if row.is_deleted else value))
        return records


def _path_set(spec: str, path: LearningPath | None, code: str) -> SetInfo:
    if path is None:
        return SetInfo(spec, code)
    summary = plain_text(path.summary or "")
    description = DublinCore(description=[LangString(summary)]) if summary else None
    return SetInfo(spec, path.title, description)


def _selection(statement, query: RecordQuery):
    """``statement`` narrowed to the query's dates (inclusive) and set (with its subsets)."""
    if query.from_ is not None:
        statement = statement.where(OaiRecord.datestamp >= query.from_)
    if query.until is not None:
        statement = statement.where(OaiRecord.datestamp <= query.until)
    if query.set_spec is not None:
        spec = OaiRecordSet.spec
        statement = statement.where(
            sa.exists().where(
                OaiRecordSet.record_id == OaiRecord.id,
                (spec == query.set_spec) | spec.startswith(query.set_spec + ":", autoescape=True),
            )
        )
    return statement


def _after(datestamp, local: str):
    """Strictly after the key: a row value on PostgreSQL (one index range), expanded on
    SQLite (whose planner does not use an index for row values)."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = sa.tuple_(OaiRecord.datestamp, OaiRecord.local_identifier)
        return key > sa.tuple_(sa.literal(datestamp, OaiRecord.datestamp.type), local)
    return (OaiRecord.datestamp > datestamp) | (
        (OaiRecord.datestamp == datestamp) & (OaiRecord.local_identifier > local)
    )


def _sets_of(record_ids) -> dict[int, tuple[str, ...]]:
    sets: dict[int, list[str]] = {}
    if record_ids:
        rows = db.session.execute(
            sa.select(OaiRecordSet.record_id, OaiRecordSet.spec)
            .where(OaiRecordSet.record_id.in_(record_ids))
            .order_by(OaiRecordSet.record_id, OaiRecordSet.spec)
        )
        for record_id, spec in rows:
            sets.setdefault(record_id, []).append(spec)
    return {record_id: tuple(specs) for record_id, specs in sets.items()}


# --- metadata of a page -------------------------------------------------------------------


@cache
def _labels(slug: str, locales: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    label = DOMAIN_LABELS.get(slug)
    if label is None:
        return tuple((locale, slug) for locale in locales)
    pairs = []
    for locale in locales:
        with force_locale(locale):
            pairs.append((locale, str(label)))
    return tuple(pairs)


def domain_labels(slug: str) -> dict[str, str]:
    """``{language: label}`` of a domain in the metadata's languages (the slug if unknown)."""
    return dict(_labels(slug, LABEL_LANGUAGES))


def _context(prefix: str) -> lom.Context:
    return lom.Context(
        repository_identifier=prefix.split(":")[1],
        site_name=setting("site_name"),
        base_url=current_app.config["DCLIC_BASE_URL"],
        course_url=lambda code: external_url("courses.course", code=code),
        path_url=lambda code: external_url("courses.path", code=code),
        domain_labels=domain_labels,
    )


def _metadata(rows, prefix: str) -> dict[int, object]:
    """``{record id: LomRecord}`` of the page's live records."""
    live = [row for row in rows if not row.is_deleted]
    if not live:
        return {}
    context = _context(prefix)
    course_rows = {row.object_id: row for row in live if row.kind == "course"}
    path_rows = {row.object_id: row for row in live if row.kind == "path"}
    metadata: dict[int, object] = {}
    if course_rows:
        courses = db.session.scalars(sa.select(Course).where(Course.id.in_(course_rows)))
        facts = _course_facts(list(course_rows))
        for course in courses:
            row = course_rows[course.id]
            metadata[row.id] = lom.course_lom(course, facts[course.id], context, row.datestamp)
    if path_rows:
        paths = db.session.scalars(sa.select(LearningPath).where(LearningPath.id.in_(path_rows)))
        facts = _path_facts(list(path_rows))
        for path in paths:
            row = path_rows[path.id]
            metadata[row.id] = lom.path_lom(path, facts[path.id], context, row.datestamp)
    return metadata


def _versions(table: str, ids) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(ContentVersion.object_id, sa.func.max(ContentVersion.number))
        .where(ContentVersion.object_type == table, ContentVersion.object_id.in_(ids))
        .group_by(ContentVersion.object_id)
    )
    return dict(rows.all())


def _course_facts(ids: list[int]) -> dict[int, lom.CourseFacts]:
    steps = db.session.execute(
        sa.select(
            CourseModule.course_id,
            Step.kind,
            Step.activity_type,
            StoredFile.media_type,
            sa.func.sum(StoredFile.size),
            sa.func.sum(Step.media_bytes),
        )
        .join(CourseModule, CourseModule.id == Step.module_id)
        .outerjoin(StoredFile, StoredFile.id == Step.file_id)
        .where(CourseModule.course_id.in_(ids))
        .group_by(CourseModule.course_id, Step.kind, Step.activity_type, StoredFile.media_type)
    ).all()
    listed = db.session.execute(
        sa.select(PathCourse.course_id, LearningPath.code)
        .join(LearningPath, LearningPath.id == PathCourse.path_id)
        .where(PathCourse.course_id.in_(ids), LearningPath.status == "published")
        .order_by(LearningPath.code)
    ).all()
    versions = _versions(Course.__tablename__, ids)
    steps_of: dict[int, list] = {}
    for row in steps:
        steps_of.setdefault(row[0], []).append(row)
    paths_of: dict[int, list[str]] = {}
    for course_id, code in listed:
        paths_of.setdefault(course_id, []).append(code)
    return {
        course_id: _facts_of_steps(
            steps_of.get(course_id, []),
            version=versions.get(course_id),
            path_codes=tuple(paths_of.get(course_id, ())),
        )
        for course_id in ids
    }


def _facts_of_steps(rows, *, version, path_codes) -> lom.CourseFacts:
    formats = {lom.PAGE_FORMAT}
    types: dict[str, None] = {}
    size, known = 0, False
    for _course_id, kind, activity_type, media_type, file_bytes, video_bytes in rows:
        if media_type:
            formats.add(media_type)
        if kind == "activity":
            types[lom.ACTIVITY_RESOURCE_TYPES.get(activity_type or "", "exercise")] = None
        else:
            types[lom.RESOURCE_TYPES[kind]] = None
        for value in (file_bytes, video_bytes):
            if value:
                size, known = size + int(value), True
    return lom.CourseFacts(
        formats=tuple(sorted(formats)),
        size=size if known else None,
        resource_types=tuple(types) or ("narrative text",),
        has_activities=any(row[1] == "activity" for row in rows),
        version=version,
        path_codes=path_codes,
    )


def _path_facts(ids: list[int]) -> dict[int, lom.PathFacts]:
    rows = db.session.execute(
        sa.select(PathCourse.path_id, Course)
        .join(Course, Course.id == PathCourse.course_id)
        .where(
            PathCourse.path_id.in_(ids),
            Course.status == "published",
            Course.provider.is_(None),
        )
        .order_by(PathCourse.path_id, PathCourse.position)
    ).all()
    versions = _versions(LearningPath.__tablename__, ids)
    courses_of: dict[int, list[Course]] = {}
    for path_id, course in rows:
        courses_of.setdefault(path_id, []).append(course)
    return {
        path_id: lom.PathFacts(tuple(courses_of.get(path_id, ())), versions.get(path_id))
        for path_id in ids
    }
