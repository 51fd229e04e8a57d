"""Writes of the catalogue: one function per use case; they flush, the edge commits.

``actor`` None means the platform itself (CLI, demo seed), as in the accounts module; any
user must be allowed by :func:`dclic.courses.permissions.can_edit_courses`.
"""

from __future__ import annotations

import sqlalchemy as sa

from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.courses import queries
from dclic.courses.models import DEFAULT_LICENCE, Course, LearningPath, PathCourse
from dclic.courses.permissions import can_edit_courses
from dclic.courses.validation import COURSE_FIELDS, PATH_FIELDS, clean, clean_code
from dclic.history import queries as history_queries
from dclic.history import services as history
from dclic.history.recorder import attribute_to

COURSE_DEFAULTS = {"summary": "", "language": "fr", "licence": DEFAULT_LICENCE, "keywords": ""}
REQUIRED_COURSE_FIELDS = ("title", "level", "track", "domain", "duration_minutes")


def _require_editor(actor) -> None:
    if actor is not None and not can_edit_courses(actor):
        raise NotAllowed(_("Only the editorial team can change the catalogue."))


def _cleaned_or_invalid(values: dict, rules: dict, *, required=(), code=None) -> dict:
    """Cleaned values (and ``code`` when given), or Invalid listing every field's problems."""
    cleaned, errors = clean(values, rules)
    for name in required:
        if name not in values:
            errors.setdefault(name, [_("This field is required.")])
    if code is not None:
        cleaned["code"], messages = clean_code(code)
        if messages:
            errors["code"] = messages
    if errors:
        raise Invalid(_("Some fields are not valid."), errors)
    return cleaned


def _check_code_is_new(model, code: str) -> None:
    # Courses and paths are archived, never deleted, so a code once given stays taken.
    if queries.code_is_taken(model, code):
        raise Conflict(
            _("The code %(code)s is already used.", code=code), {"code": [_("Already used.")]}
        )


def create_course(actor, *, code: str, **values) -> Course:
    """Create a draft course with a new, never-used code."""
    _require_editor(actor)
    cleaned = _cleaned_or_invalid(values, COURSE_FIELDS, required=REQUIRED_COURSE_FIELDS, code=code)
    _check_code_is_new(Course, cleaned["code"])
    course = Course(**{**COURSE_DEFAULTS, **cleaned})
    db.session.add(course)
    attribute_to(course, actor)
    db.session.flush()
    return course


def _apply(actor, obj, cleaned: dict) -> dict:
    attribute_to(obj, actor)
    changes = {}
    for name, new in cleaned.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = (old, new)
            setattr(obj, name, new)
    db.session.flush()
    return changes


def update_course(actor, course: Course, **values) -> dict:
    """Change some fields of ``course`` (never its code); returns ``{field: (old, new)}``."""
    _require_editor(actor)
    if "code" in values:
        raise Invalid(errors={"code": [_("The code of a course never changes.")]})
    return _apply(actor, course, _cleaned_or_invalid(values, COURSE_FIELDS))


def update_path(actor, path: LearningPath, **values) -> dict:
    """Change some fields of ``path`` (never its code); returns ``{field: (old, new)}``."""
    _require_editor(actor)
    if "code" in values:
        raise Invalid(errors={"code": [_("The code of a learning path never changes.")]})
    return _apply(actor, path, _cleaned_or_invalid(values, PATH_FIELDS))


def restore_version(actor, content: Course | LearningPath, number) -> dict:
    """Bring ``content`` back to its version ``number``, as a new version; returns the changes.

    The restore goes through the same update as an edit: same right, same validation, an
    audited update, and a new version that notes which one it restored.
    """
    _require_editor(actor)
    version = history_queries.get_version(content, number)
    values = history.values_to_restore(content, version)
    if isinstance(content, Course):
        return update_course(actor, content, **values)
    return update_path(actor, content, **values)


def publish_course(actor, course: Course) -> Course:
    """Show a draft or archived course in the catalogue."""
    _require_editor(actor)
    if course.is_published:
        raise Conflict(_("This course is already published."))
    if not course.summary:
        raise Invalid(
            _("Write a summary before publishing."),
            {"summary": [_("A published course needs a summary.")]},
        )
    course.status = "published"
    course.published_at = utcnow()
    db.session.flush()
    return course


def archive_course(actor, course: Course) -> Course:
    """Withdraw a course from the catalogue; its code stays taken."""
    _require_editor(actor)
    if course.status == "archived":
        raise Conflict(_("This course is already archived."))
    course.status = "archived"
    db.session.flush()
    return course


def create_path(actor, *, code: str, **values) -> LearningPath:
    """Create a draft learning path with a new, never-used code."""
    _require_editor(actor)
    cleaned = _cleaned_or_invalid(values, PATH_FIELDS, required=("title", "track"), code=code)
    _check_code_is_new(LearningPath, cleaned["code"])
    path = LearningPath(**{"summary": "", **cleaned})
    db.session.add(path)
    attribute_to(path, actor)
    db.session.flush()
    return path


def add_course_to_path(
    actor, path: LearningPath, course: Course, *, is_required: bool = True
) -> PathCourse:
    """Append ``course`` as the last step of ``path``."""
    _require_editor(actor)
    if course.status == "archived":
        raise Invalid(errors={"course": [_("An archived course cannot join a path.")]})
    if any(entry.course_id == course.id for entry in path.entries):
        raise Conflict(_("This course is already in the path."))
    last = db.session.scalar(
        sa.select(sa.func.max(PathCourse.position)).where(PathCourse.path_id == path.id)
    )
    entry = PathCourse(course=course, position=(last or 0) + 1, is_required=bool(is_required))
    path.entries.append(entry)
    db.session.flush()
    return entry


def publish_path(actor, path: LearningPath) -> LearningPath:
    """Show a path whose courses are all published."""
    _require_editor(actor)
    if path.is_published:
        raise Conflict(_("This path is already published."))
    if not path.entries:
        raise Invalid(errors={"courses": [_("Add at least one course before publishing.")]})
    unpublished = [entry.course.code for entry in path.entries if not entry.course.is_published]
    if unpublished:
        raise Invalid(
            errors={
                "courses": [
                    _("Publish these courses first: %(codes)s.", codes=", ".join(unpublished))
                ]
            }
        )
    path.status = "published"
    path.published_at = utcnow()
    db.session.flush()
    return path
