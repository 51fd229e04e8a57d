"""Writes of the catalogue: one function per use case; they flush, the edge commits.

``actor`` None means the platform itself (CLI, demo seed), as in the accounts module; any
user must be allowed by :func:`dclic.courses.permissions.can_edit_courses`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.courses import content, editor_queries, queries
from dclic.courses.models import (
    DEFAULT_LICENCE,
    Course,
    CourseModule,
    LearningPath,
    PathCourse,
    PathPrerequisite,
    Step,
)
from dclic.courses.permissions import can_edit_courses
from dclic.courses.validation import (
    COURSE_FIELDS,
    PATH_FIELDS,
    clean,
    clean_code,
    domain_code,
)
from dclic.files import queries as files_queries
from dclic.files import services as files
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


def _generated_code(model, cleaned: dict) -> str:
    if model is LearningPath:
        return editor_queries.next_free_code(LearningPath, "DCLIC-PATH-")
    return editor_queries.next_free_code(Course, f"DCLIC-{domain_code(cleaned['domain'])}-")


def _add_with_code(actor, obj, *, generated: bool) -> None:
    """Add ``obj`` (a course or path) and flush; a generated code taken meanwhile by someone
    else's save is replaced by the next free one."""
    model = type(obj)
    for _attempt in range(5):
        try:
            with db.session.begin_nested():
                db.session.add(obj)
                attribute_to(obj, actor)
                db.session.flush()
            return
        except IntegrityError:
            if not queries.code_is_taken(model, obj.code):
                raise
            if not generated:
                _check_code_is_new(model, obj.code)
            obj.code = _generated_code(model, {"domain": getattr(obj, "domain", "")})
    raise Conflict(_("Too many codes were given at the same time. Please save again."))


def _course_values(actor, values: dict, *, required=(), code=None, cover=None) -> dict:
    """Cleaned course fields, with the cover sent (stored) or chosen (checked), or Invalid
    naming every problem, the cover's included."""
    errors: dict[str, list[str]] = {}
    try:
        cleaned = _cleaned_or_invalid(values, COURSE_FIELDS, required=required, code=code)
    except Invalid as exc:
        cleaned, errors = {}, dict(exc.errors or {})
    if cover is not None:
        try:
            cleaned["cover_file_id"] = files.store_upload(actor, cover, "image", is_public=True).id
        except Invalid as exc:
            errors["cover"] = list((exc.errors or {}).get("file") or [exc.message])
    if cleaned.get("cover_file_id") is not None and "cover" not in errors:
        problem = _cover_problem(actor, cleaned["cover_file_id"])
        if problem:
            errors["cover"] = [problem]
    if errors:
        raise Invalid(_("Some fields are not valid."), errors)
    return cleaned


def _cover_problem(actor, file_id: int) -> str | None:
    """Why the stored file ``file_id`` cannot be a cover; None when it can (it is then public)."""
    stored = files_queries.get_file(file_id)
    if stored is None or not stored.is_image:
        return _("Choose an image: JPEG, PNG, GIF or WebP.")
    mine = actor is None or stored.uploaded_by_id == actor.id
    if not (stored.is_public or mine):
        return _("This image was sent by someone else: send it again yourself.")
    # Visitors of the catalogue see the cover: the course's editors decide, not the uploader.
    files.set_file_public(None, stored, True)
    return None


def create_course(actor, *, code: str | None = None, cover=None, **values) -> Course:
    """Create a draft course with a new, never-used code.

    Without ``code`` the next free ``DCLIC-<DOMAIN>-NNN`` is given. ``cover`` is an uploaded
    image (a Werkzeug FileStorage, a stream or bytes), kept public.
    """
    _require_editor(actor)
    chosen = str(code or "").strip()
    cleaned = _course_values(
        actor, values, required=REQUIRED_COURSE_FIELDS, code=chosen or None, cover=cover
    )
    if chosen:
        _check_code_is_new(Course, cleaned["code"])
    else:
        cleaned["code"] = _generated_code(Course, cleaned)
    course = Course(**{**COURSE_DEFAULTS, **cleaned})
    _add_with_code(actor, course, generated=not chosen)
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


def update_course(actor, course: Course, *, cover=None, **values) -> dict:
    """Change some fields of ``course`` (never its code); returns ``{field: (old, new)}``.

    ``cover``: a new cover image to store (see :func:`create_course`); ``cover_file_id=None``
    takes the cover away.
    """
    _require_editor(actor)
    if "code" in values:
        raise Invalid(errors={"code": [_("The code of a course never changes.")]})
    unchanged_cover = values.get("cover_file_id") == course.cover_file_id
    if unchanged_cover and values.get("cover_file_id") is not None and cover is None:
        values = {name: value for name, value in values.items() if name != "cover_file_id"}
    return _apply(actor, course, _course_values(actor, values, cover=cover))


def update_path(actor, path: LearningPath, **values) -> dict:
    """Change some fields of ``path`` (never its code); returns ``{field: (old, new)}``."""
    _require_editor(actor)
    if "code" in values:
        raise Invalid(errors={"code": [_("The code of a learning path never changes.")]})
    return _apply(actor, path, _cleaned_or_invalid(values, PATH_FIELDS))


def restore_version(actor, obj: Course | LearningPath | CourseModule | Step, number) -> dict:
    """Bring ``obj`` back to its version ``number``, as a new version; returns the changes.

    The restore goes through the same update as an edit: same right, same validation, an
    audited update, and a new version that notes which one it restored.
    """
    _require_editor(actor)
    version = history_queries.get_version(obj, number)
    values = history.values_to_restore(obj, version)
    if isinstance(obj, Course):
        return update_course(actor, obj, **values)
    if isinstance(obj, CourseModule):
        return content.update_module(actor, obj, **values)
    if isinstance(obj, Step):
        return content.restore_step(actor, obj, values)
    return update_path(actor, obj, **values)


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


def unarchive_course(actor, course: Course) -> Course:
    """Bring an archived course back as a draft, to rework it before publishing it again."""
    _require_editor(actor)
    if course.status != "archived":
        raise Conflict(_("Only an archived course can go back to draft."))
    course.status = "draft"
    db.session.flush()
    return course


def create_path(actor, *, code: str | None = None, **values) -> LearningPath:
    """Create a draft learning path with a new, never-used code (``DCLIC-PATH-NNN`` if none)."""
    _require_editor(actor)
    chosen = str(code or "").strip()
    cleaned = _cleaned_or_invalid(
        values, PATH_FIELDS, required=("title", "track"), code=chosen or None
    )
    if chosen:
        _check_code_is_new(LearningPath, cleaned["code"])
    else:
        cleaned["code"] = _generated_code(LearningPath, cleaned)
    path = LearningPath(**{"summary": "", **cleaned})
    _add_with_code(actor, path, generated=not chosen)
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
    path.updated_at = utcnow()
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


def archive_path(actor, path: LearningPath) -> LearningPath:
    """Withdraw a learning path from the catalogue; its code stays taken."""
    _require_editor(actor)
    if path.status == "archived":
        raise Conflict(_("This path is already archived."))
    path.status = "archived"
    db.session.flush()
    return path


def unarchive_path(actor, path: LearningPath) -> LearningPath:
    """Bring an archived learning path back as a draft."""
    _require_editor(actor)
    if path.status != "archived":
        raise Conflict(_("Only an archived path can go back to draft."))
    path.status = "draft"
    db.session.flush()
    return path


def _renumber(entries: list) -> None:
    for position, entry in enumerate(entries, start=1):
        if entry.position != position:
            entry.position = position


def remove_course_from_path(actor, path: LearningPath, entry: PathCourse) -> None:
    """Take a course out of ``path``; the courses after it move up one place.

    Its prerequisites go with it, and so does every rule naming it as a prerequisite (the
    courses that waited for it no longer do; nothing is inherited)."""
    _require_editor(actor)
    if entry.path_id != path.id:
        raise Invalid(errors={"course": [_("This course is not in the path.")]})
    for other in path.entries:  # the rules "after this course" go with it
        _drop_rules(other, {entry.course_id})
    path.entries.remove(entry)
    db.session.delete(entry)  # explicitly, not as an orphan: the audit listener sees it
    db.session.flush()
    _renumber(path.entries)
    path.updated_at = utcnow()
    db.session.flush()


def move_course_in_path(
    actor, path: LearningPath, entry: PathCourse, direction: str
) -> list[tuple[Course, Course]]:
    """Swap a course of ``path`` with the one before (``up``) or after (``down``) it.

    A prerequisite always comes first: when the course now placed first had to wait for the
    other one, that rule is dropped. Returns the rules dropped as ``(course, no longer
    required before it)`` pairs (none or one).
    """
    _require_editor(actor)
    entries = sorted(path.entries, key=lambda e: e.position)
    index = entries.index(entry)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
    if not 0 <= other < len(entries):
        raise Conflict(_("This course cannot move further."))
    entries[index], entries[other] = entries[other], entries[index]
    first, second = entries[min(index, other)], entries[max(index, other)]
    dropped = [(first.course, second.course)] if _drop_rules(first, {second.course_id}) else []
    path.entries[:] = entries
    _renumber(entries)
    path.updated_at = utcnow()
    db.session.flush()
    return dropped


def _drop_rules(entry: PathCourse, course_ids: set[int]) -> int:
    """Delete ``entry``'s prerequisites on ``course_ids`` (each row audited); how many."""
    gone = [rule for rule in entry.prerequisites if rule.requires_course_id in course_ids]
    for rule in gone:
        entry.prerequisites.remove(rule)
        db.session.delete(rule)
    return len(gone)


def set_path_prerequisites(
    actor, path: LearningPath, entry: PathCourse, courses: list[Course]
) -> dict:
    """Name the courses of ``path`` to complete before ``entry``'s course (none: no rule).

    Each must be a course of the same path placed **before** it, so rules never form a
    cycle. Returns ``{"prerequisites": (old codes, new codes)}``, or ``{}`` when unchanged.
    """
    _require_editor(actor)
    if entry.path_id != path.id:
        raise Invalid(errors={"course": [_("This course is not in the path.")]})
    earlier = {e.course_id: e for e in path.entries if e.position < entry.position}
    wrong = sorted({c.code for c in courses if c.id not in earlier})
    if wrong:
        message = _(
            "Only courses placed before this one in the path can be prerequisites: %(codes)s.",
            codes=", ".join(wrong),
        )
        raise Invalid(_("Some fields are not valid."), {"prerequisites": [message]})
    old, new = entry.prerequisite_ids, {course.id for course in courses}
    if old == new:
        return {}
    _drop_rules(entry, old - new)
    for course_id in sorted(new - old):
        entry.prerequisites.append(
            PathPrerequisite(
                path_id=path.id, course_id=entry.course_id, requires_course_id=course_id
            )
        )
    path.updated_at = utcnow()
    db.session.flush()

    def codes(ids):
        return [
            e.course.code
            for e in sorted(path.entries, key=lambda e: e.position)
            if e.course_id in ids
        ]

    return {"prerequisites": (codes(old), codes(new))}


def set_course_required(actor, path: LearningPath, entry: PathCourse, is_required: bool) -> dict:
    """Make a course of ``path`` required or optional; returns ``{field: (old, new)}``."""
    _require_editor(actor)
    if entry.is_required == bool(is_required):
        return {}
    changes = {"is_required": (entry.is_required, bool(is_required))}
    entry.is_required = bool(is_required)
    path.updated_at = utcnow()
    db.session.flush()
    return changes
