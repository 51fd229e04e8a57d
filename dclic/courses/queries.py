"""Reads of the catalogue. Visitors only ever see published courses and paths; editors all."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from dclic.core.api import Page, paginate
from dclic.core.db import db
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.courses import search
from dclic.courses.models import Course, CourseModule, LearningPath, PathCourse, fold
from dclic.courses.permissions import can_edit_courses


def search_condition(q: str):
    """Every word of ``q`` in the course's folded text, whatever its accents and case.

    Portable and unranked (LIKE), for short lists such as the editors'; the catalogue uses
    the full-text search of dclic.courses.search.
    """
    return search.portable_condition(fold(q).split())


def list_published_courses(
    *,
    q: str | None = None,
    track: str | None = None,
    level: str | None = None,
    language: str | None = None,
    domain: str | None = None,
    duration: str | None = None,
    format: str | None = None,  # the filter's public name
    provider: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """One page of published courses matching the filters: the most relevant first when
    words are searched, then by title (see dclic.courses.search for the codes)."""
    statement = sa.select(Course).where(Course.status == "published")
    for column, value in (
        (Course.track, track),
        (Course.level, level),
        (Course.language, language),
        (Course.domain, domain),
    ):
        if value:
            statement = statement.where(column == value)
    if duration:
        statement = statement.where(search.duration_condition(duration))
    if format:
        statement = statement.where(search.format_condition(format))
    if provider:
        statement = statement.where(search.provider_condition(provider))
    order = []
    if q and q.strip():
        statement, relevance = search.apply_text_search(statement, q)
        order += [relevance] if relevance is not None else []
    statement = statement.order_by(*order, Course.title, Course.id)
    if (q and q.strip()) or format:
        # Matching (and ranking) every course is the work here: do it once, not twice.
        return _page_with_total(statement, page, per_page)
    # Counts come from an index alone, the page from the title index: two light queries.
    return paginate(statement, page=page, per_page=per_page)


def _page_with_total(statement: sa.Select, page: int, per_page: int) -> Page:
    """``paginate()`` for a costly match: the courses are matched (and ranked) once, on narrow
    rows — their ids, the total riding along as a window count —, then the page is loaded."""
    total = sa.func.count().over().label("total")
    offset = (page - 1) * per_page
    matches = statement.with_only_columns(Course.id, total).limit(per_page).offset(offset)
    rows = db.session.execute(matches).all()
    if not rows:
        return Page([], page, per_page, 0) if page == 1 else paginate(statement, page, per_page)
    ids = [row.id for row in rows]
    found = {c.id: c for c in db.session.scalars(sa.select(Course).where(Course.id.in_(ids)))}
    return Page([found[i] for i in ids], page, per_page, rows[0].total)


def list_published_domains() -> list[str]:
    """The subject areas of published courses, for the catalogue's filter."""
    statement = (
        sa.select(Course.domain)
        .where(Course.status == "published")
        .distinct()
        .order_by(Course.domain)
    )
    return list(db.session.scalars(statement))


def get_course(code: str) -> Course | None:
    """The course with this code, whatever its status (for editors and the seed)."""
    return db.session.scalar(sa.select(Course).where(Course.code == code.strip().upper()))


def list_filter_choices() -> tuple[list[str], list[str]]:
    """The domains of published courses and the other catalogues (providers) they come
    from, for the catalogue's filters: one query (an index-only scan)."""
    statement = (
        sa.select(Course.domain, Course.provider).where(Course.status == "published").distinct()
    )
    rows = db.session.execute(statement).all()
    return sorted({domain for domain, _ in rows}), sorted({p for _, p in rows if p is not None})


def get_published_course(code: str, *, syllabus: bool = False) -> Course:
    """The published course with this code, with its paths loaded (and its modules and
    steps with ``syllabus``, in one query each); else NotFound."""
    options = [selectinload(Course.paths)]
    if syllabus:
        options.append(selectinload(Course.modules).selectinload(CourseModule.steps))
    course = db.session.scalar(
        sa.select(Course)
        .where(Course.code == code.strip().upper(), Course.status == "published")
        .options(*options)
    )
    if course is None:
        raise NotFound(_("This course does not exist or is not published."))
    return course


def get_course_for_editing(actor, code: str) -> Course:
    """The course with this code in any status, for an editor; else NotAllowed or NotFound."""
    _require_editor(actor)
    course = get_course(code)
    if course is None:
        raise NotFound(_("This course does not exist."))
    return course


def get_path_for_editing(actor, code: str) -> LearningPath:
    """The path with this code in any status, for an editor; else NotAllowed or NotFound."""
    _require_editor(actor)
    path = get_path(code)
    if path is None:
        raise NotFound(_("This learning path does not exist."))
    return path


def _require_editor(actor) -> None:
    if not can_edit_courses(actor):
        raise NotAllowed(_("Only the editorial team can see this."))


def code_is_taken(model: type[Course] | type[LearningPath], code: str) -> bool:
    """True when a course (or path) already has, or once had, this code."""
    return db.session.scalar(sa.select(sa.exists().where(model.code == code))) or False


def get_path(code: str) -> LearningPath | None:
    """The path with this code, whatever its status (for editors and the seed)."""
    return db.session.scalar(
        sa.select(LearningPath).where(LearningPath.code == code.strip().upper())
    )


def list_published_paths(*, page: int = 1, per_page: int = 20) -> Page:
    """One page of published paths (track A first, then by title), their courses loaded."""
    statement = (
        sa.select(LearningPath)
        .where(LearningPath.status == "published")
        .options(selectinload(LearningPath.entries).joinedload(PathCourse.course))
        .order_by(LearningPath.track, LearningPath.title, LearningPath.id)
    )
    return paginate(statement, page=page, per_page=per_page)


def get_published_path(code: str) -> LearningPath:
    """The published path with this code, its ordered courses loaded; else NotFound."""
    path = db.session.scalar(
        sa.select(LearningPath)
        .where(LearningPath.code == code.strip().upper(), LearningPath.status == "published")
        .options(
            selectinload(LearningPath.entries).options(
                joinedload(PathCourse.course), joinedload(PathCourse.prerequisites)
            )
        )
    )
    if path is None:
        raise NotFound(_("This learning path does not exist or is not published."))
    return path
