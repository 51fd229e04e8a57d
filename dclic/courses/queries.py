"""Reads of the catalogue. Visitors only ever see published courses and paths; editors all."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dclic.core.api import Page, paginate
from dclic.core.db import db
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.courses.models import Course, LearningPath, PathCourse, fold
from dclic.courses.permissions import can_edit_courses


def _like_escaped(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_condition(q: str):
    """Every word of ``q`` in the course's folded text, whatever its accents and case.

    Portable (LIKE on a folded copy kept by the model); a full-text index can replace it.
    """
    words = fold(q).split()
    return sa.and_(
        sa.true(), *(Course.search_text.like(_like_escaped(w), escape="\\") for w in words)
    )


def list_published_courses(
    *,
    q: str | None = None,
    track: str | None = None,
    level: str | None = None,
    language: str | None = None,
    domain: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """One page of published courses matching the filters, by title."""
    statement = sa.select(Course).where(Course.status == "published")
    for column, value in (
        (Course.track, track),
        (Course.level, level),
        (Course.language, language),
        (Course.domain, domain),
    ):
        if value:
            statement = statement.where(column == value)
    if q and q.strip():
        statement = statement.where(search_condition(q))
    statement = statement.order_by(Course.title, Course.id)
    return paginate(statement, page=page, per_page=per_page)


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


def get_published_course(code: str) -> Course:
    """The published course with this code, with its paths loaded; else NotFound."""
    course = db.session.scalar(
        sa.select(Course)
        .where(Course.code == code.strip().upper(), Course.status == "published")
        .options(selectinload(Course.paths))
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
        .options(selectinload(LearningPath.entries).joinedload(PathCourse.course))
    )
    if path is None:
        raise NotFound(_("This learning path does not exist or is not published."))
    return path
