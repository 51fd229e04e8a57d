"""Reads of the editor's area: every course and path whatever its status, and their content.

Each function taking ``actor`` checks the editing right first (NotAllowed otherwise), like
:func:`dclic.courses.queries.get_course_for_editing`.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from dclic.core.api import Page, paginate
from dclic.core.db import db, get_by_id
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.courses.labels import DOMAIN_LABELS
from dclic.courses.models import Course, CourseModule, LearningPath, PathCourse, Step
from dclic.courses.permissions import can_edit_courses
from dclic.courses.queries import get_course_for_editing, search_condition


def _require_editor(actor) -> None:
    if not can_edit_courses(actor):
        raise NotAllowed(_("Only the editorial team can see this."))


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_courses_for_editing(
    actor, *, q: str | None = None, status: str | None = None, page: int = 1, per_page: int = 20
) -> Page:
    """Courses of any status (or of ``status``), matching ``q`` in text or code, newest change
    first."""
    _require_editor(actor)
    statement = sa.select(Course)
    if status:
        statement = statement.where(Course.status == status)
    if q and q.strip():
        code = Course.code.ilike(_like(q.strip()), escape="\\")
        statement = statement.where(sa.or_(search_condition(q), code))
    statement = statement.order_by(Course.updated_at.desc(), Course.id.desc())
    return paginate(statement, page=page, per_page=per_page)


def list_paths_for_editing(
    actor, *, q: str | None = None, status: str | None = None, page: int = 1, per_page: int = 20
) -> Page:
    """Learning paths of any status (or of ``status``), matching ``q`` in title or code."""
    _require_editor(actor)
    statement = sa.select(LearningPath).options(selectinload(LearningPath.entries))
    if status:
        statement = statement.where(LearningPath.status == status)
    for word in (q or "").split():
        pattern = _like(word)
        statement = statement.where(
            sa.or_(
                LearningPath.title.ilike(pattern, escape="\\"),
                LearningPath.code.ilike(pattern, escape="\\"),
            )
        )
    statement = statement.order_by(LearningPath.updated_at.desc(), LearningPath.id.desc())
    return paginate(statement, page=page, per_page=per_page)


def list_domains() -> list[str]:
    """Every subject area in use (any status) and the known ones, for the course form."""
    used = db.session.scalars(sa.select(Course.domain).distinct())
    return sorted(set(used) | set(DOMAIN_LABELS))


def next_free_code(model: type[Course] | type[LearningPath], prefix: str) -> str:
    """``<prefix>NNN``: one more than the highest number a course (or path) has after ``prefix``.

    Courses and paths are archived, never deleted, so a number once given stays taken.
    """
    pattern = re.compile(re.escape(prefix) + r"(\d{1,9})$")
    codes = db.session.scalars(
        sa.select(model.code).where(model.code.like(_like(prefix)[1:], escape="\\"))
    )
    numbers = [int(match.group(1)) for code in codes if (match := pattern.match(code))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def get_course_outline(actor, code: str) -> Course:
    """The course with its modules and their steps loaded, for the editor's pages."""
    course = get_course_for_editing(actor, code)
    modules = db.session.scalars(
        sa.select(CourseModule)
        .where(CourseModule.course_id == course.id)
        .order_by(CourseModule.position, CourseModule.id)
        .options(selectinload(CourseModule.steps))
    ).all()
    set_committed_value(course, "modules", list(modules))  # three queries, however long
    return course


def get_module(course: Course, module_id) -> CourseModule:
    """The module ``module_id`` of ``course``; NotFound if it is not one of its modules."""
    module = get_by_id(CourseModule, module_id)
    if module is None or module.course_id != course.id:
        raise NotFound(_("This module does not exist."))
    return module


def get_step(course: Course, step_id) -> Step:
    """The step ``step_id`` of ``course``; NotFound if it is not one of its steps."""
    step = get_by_id(Step, step_id)
    if step is None or step.module.course_id != course.id:
        raise NotFound(_("This step does not exist."))
    return step


def get_entry(path: LearningPath, course_code: str) -> PathCourse:
    """The place of the course ``course_code`` in ``path``; NotFound if it is not there."""
    code = (course_code or "").strip().upper()
    for entry in path.entries:
        if entry.course.code == code:
            return entry
    raise NotFound(_("This course is not in the path."))


def search_courses_for_path(actor, path: LearningPath, q: str, limit: int = 10) -> list[Course]:
    """Courses that may join ``path``: not archived, not in it yet, matching ``q``."""
    _require_editor(actor)
    if not (q or "").strip():
        return []
    code = Course.code.ilike(_like(q.strip()), escape="\\")
    statement = (
        sa.select(Course)
        .where(Course.status != "archived", sa.or_(search_condition(q), code))
        .where(
            Course.id.not_in(sa.select(PathCourse.course_id).where(PathCourse.path_id == path.id))
        )
        .order_by(Course.title, Course.id)
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def file_is_course_content(file_id: int) -> bool:
    """True when a step or a course cover uses the stored file ``file_id``."""
    in_steps = sa.exists().where(Step.file_id == file_id)
    as_cover = sa.exists().where(Course.cover_file_id == file_id)
    return bool(db.session.scalar(sa.select(sa.or_(in_steps, as_cover))))
