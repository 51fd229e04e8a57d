"""Writes of a course's content: its modules and their steps. They flush; the edge commits.

Every function takes the acting editor (``None``: the platform itself), checks
``course.edit``, names the actor as the author of the next version (``attribute_to``), and
marks the course as changed (``updated_at``) so the editor's desk lists it first. Modules and
steps are versioned (``__versioned__``) and audited by the flush listeners.

A step's Markdown is rendered and sanitized on save into ``body_html``; files go through
:func:`dclic.files.services.store_upload`, which judges them by their content.
"""

from __future__ import annotations

from dclic.core import richtext
from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.courses import activities, editor_queries
from dclic.courses.models import Course, CourseModule, Step
from dclic.courses.permissions import can_edit_courses
from dclic.courses.validation import MODULE_FIELDS, STEP_FIELDS, clean
from dclic.files import queries as files_queries
from dclic.files import services as files
from dclic.history.recorder import attribute_to

# The fields each kind of step uses; ``activity_id`` is set by the activity's module.
KIND_FIELDS = {
    "text": ("title", "body", "duration_minutes"),
    "file": ("title", "body", "file_id", "alternative", "duration_minutes"),
    "link": ("title", "url", "body", "duration_minutes"),
    "video": ("title", "body", "file_id", "url", "alternative", "media_bytes", "duration_minutes"),
    "activity": ("title", "body", "activity_type", "duration_minutes"),
}
# File name endings that send a file step's upload to the image or media limits; the content
# is judged all the same (a renamed program is refused whatever its name).
_IMAGE_ENDINGS = ("png", "jpg", "jpeg", "gif", "webp")
_MEDIA_ENDINGS = ("mp3", "ogg", "oga", "opus", "m4a", "mp4", "m4v", "ogv", "webm")


def _not_a_video() -> str:
    return _("This file is not a video. Use a step of the kind File for it.")


def _require_editor(actor) -> None:
    if actor is not None and not can_edit_courses(actor):
        raise NotAllowed(_("Only the editorial team can change the catalogue."))


def _touch(course: Course) -> None:
    # updated_at is neither audited nor versioned: this only moves the course up the desk.
    course.updated_at = utcnow()


def _renumber(items: list) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def _apply(actor, obj, cleaned: dict) -> dict:
    attribute_to(obj, actor)
    changes = {}
    for name, new in cleaned.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = (old, new)
            setattr(obj, name, new)
    return changes


def step_kinds() -> tuple[str, ...]:
    """The kinds of step editors may add: ``activity`` only once a type is registered."""
    kinds = ("text", "file", "link", "video")
    return (*kinds, "activity") if activities.activity_types() else kinds


# --- modules ---------------------------------------------------------------------------------


def _module_values(values: dict, *, required=()) -> dict:
    cleaned, errors = clean(values, MODULE_FIELDS)
    for name in required:
        if name not in values:
            errors.setdefault(name, [_("This field is required.")])
    if errors:
        raise Invalid(_("Some fields are not valid."), errors)
    return cleaned


def create_module(actor, course: Course, **values) -> CourseModule:
    """Add a module (``title``, optional ``summary`` in Markdown) at the end of ``course``."""
    _require_editor(actor)
    cleaned = _module_values(values, required=("title",))
    module = CourseModule(position=len(course.modules) + 1, **{"summary": "", **cleaned})
    course.modules.append(module)
    attribute_to(module, actor)
    _touch(course)
    db.session.flush()
    return module


def update_module(actor, module: CourseModule, **values) -> dict:
    """Change the title or summary of ``module``; returns ``{field: (old, new)}``."""
    _require_editor(actor)
    changes = _apply(actor, module, _module_values(values))
    if changes:
        _touch(module.course)
    db.session.flush()
    return changes


def delete_module(actor, module: CourseModule) -> None:
    """Delete ``module`` and its steps; the modules after it move up one place."""
    _require_editor(actor)
    course = module.course
    remaining = [other for other in course.modules if other is not module]
    for step in module.steps:
        _delete_activity(actor, step)
    # Deleted, not left as an orphan: the cascade puts its steps in session.deleted too, where
    # the audit listener sees them.
    db.session.delete(module)
    course.modules.remove(module)
    db.session.flush()
    _renumber(remaining)
    _touch(course)
    db.session.flush()


def move_module(actor, module: CourseModule, direction: str) -> None:
    """Swap ``module`` with the one before (``up``) or after (``down``) it."""
    _require_editor(actor)
    modules = list(module.course.modules)
    index = modules.index(module)
    other = {"up": index - 1, "down": index + 1}.get(direction, -1)
    if not 0 <= other < len(modules):
        raise Conflict(_("This module cannot move further."))
    modules[index], modules[other] = modules[other], modules[index]
    module.course.modules[:] = modules
    _renumber(modules)
    _touch(module.course)
    db.session.flush()


# --- steps -----------------------------------------------------------------------------------


def _upload_purpose(kind: str, upload) -> str:
    if kind == "video":
        return "media"
    name = str(getattr(upload, "filename", "") or "").lower()
    ending = name.rsplit(".", 1)[-1] if "." in name else ""
    if ending in _IMAGE_ENDINGS:
        return "image"
    return "media" if ending in _MEDIA_ENDINGS else "document"


def _store(actor, kind: str, upload, errors: dict) -> int | None:
    """The id of the stored upload, or None with the refusal in ``errors["file"]``."""
    try:
        stored = files.store_upload(actor, upload, _upload_purpose(kind, upload))
    except Invalid as exc:
        errors["file"] = list((exc.errors or {}).get("file") or [exc.message])
        return None
    if kind == "video" and stored.kind != "video":
        errors["file"] = [_not_a_video()]
        return None
    return stored.id


def _file_problem(actor, kind: str, file_id: int, trusted: bool) -> str | None:
    """Why the stored file ``file_id`` cannot be this step's file; None when it can."""
    stored = files_queries.get_file(file_id)
    if stored is None:
        return _("This file no longer exists: send it again.")
    allowed = (
        trusted
        or actor is None
        or stored.uploaded_by_id == actor.id
        or editor_queries.file_is_course_content(stored.id)
    )
    if not allowed:
        return _("This file was sent by someone else: send it again yourself.")
    if kind == "video" and stored.kind != "video":
        return _not_a_video()
    return None


def _kind_problems(kind: str, final: dict) -> dict[str, list[str]]:
    """What a step of ``kind`` lacks, given its values once saved."""
    required = _("This field is required.")
    problems: dict[str, list[str]] = {}
    if not final.get("title"):
        problems["title"] = [required]
    if kind == "text" and not final.get("body"):
        problems["body"] = [_("Write the text of this step.")]
    if kind == "file" and not final.get("file_id"):
        problems["file"] = [_("Choose the file to send.")]
    if kind == "link":
        if not final.get("url"):
            problems["url"] = [required]
        if not final.get("body"):
            problems["body"] = [_("Say in a few words what the learner will find there.")]
    if kind == "video":
        if not (final.get("file_id") or final.get("url")):
            problems["file"] = [_("Send a video file, or give the address of the video.")]
        if final.get("url") and not final.get("media_bytes"):
            problems["media_bytes"] = [_("Give the size of the video, so learners know it.")]
        if not final.get("alternative"):
            problems["alternative"] = [_("Write a transcript or a summary of the video.")]
    if kind == "file" and final.get("file_id") and not final.get("alternative"):
        stored = files_queries.get_file(final["file_id"])
        if stored is not None and stored.kind in ("audio", "video"):
            problems["alternative"] = [_("Write a transcript or a summary of this recording.")]
    if kind == "activity" and activities.get_activity_type(final.get("activity_type")) is None:
        problems["activity_type"] = [_("Choose the kind of activity.")]
    return problems


def _step_values(actor, kind: str, values: dict, upload, step: Step | None, trusted=()) -> dict:
    """Cleaned values of a step of ``kind`` (the upload stored), or Invalid naming them all."""
    allowed = KIND_FIELDS[kind]
    foreign = {
        name: [_("This field cannot be set here.")] for name in values if name not in allowed
    }
    cleaned, errors = clean({k: v for k, v in values.items() if k in allowed}, STEP_FIELDS)
    errors.update(foreign)
    if "file_id" in errors:
        errors["file"] = errors.pop("file_id")
    if upload is not None and kind in ("file", "video"):
        cleaned["file_id"] = _store(actor, kind, upload, errors)
        if kind == "video":
            cleaned["url"] = ""  # a file sent replaces an address given before
    elif cleaned.get("file_id") and cleaned["file_id"] != getattr(step, "file_id", None):
        problem = _file_problem(actor, kind, cleaned["file_id"], cleaned["file_id"] in trusted)
        if problem:
            errors["file"] = [problem]
    if kind == "video":
        if upload is None and cleaned.get("url"):
            cleaned["file_id"] = None  # the address replaces a file sent before
        if cleaned.get("file_id"):
            cleaned["media_bytes"] = None  # the file's own size is shown
    final = {name: getattr(step, name, None) for name in allowed} | cleaned
    for name, messages in _kind_problems(kind, final).items():
        if name not in errors and not (name == "file" and "file" in errors):
            errors[name] = messages
    if errors:
        raise Invalid(_("Some fields are not valid."), errors)
    return cleaned


def create_step(actor, module: CourseModule, *, kind: str, upload=None, **values) -> Step:
    """Add a step of ``kind`` at the end of ``module``.

    ``upload`` is the file of a ``file`` or ``video`` step (a Werkzeug FileStorage, a stream
    or bytes); ``values`` are the fields the kind uses (see ``KIND_FIELDS``). An ``activity``
    step has its activity made by the registered type.
    """
    _require_editor(actor)
    if kind not in step_kinds():
        raise Invalid(errors={"kind": [_("Choose one of the kinds of step offered.")]})
    cleaned = _step_values(actor, kind, values, upload, None)
    step = Step(kind=kind, position=len(module.steps) + 1, **cleaned)
    step.body_html = str(richtext.render(step.body or ""))
    module.steps.append(step)
    attribute_to(step, actor)
    _touch(module.course)
    db.session.flush()
    if kind == "activity":
        attribute_to(step, actor)
        step.activity_id = activities.get_activity_type(step.activity_type).create(actor, step)
        db.session.flush()
    return step


def _update_step(actor, step: Step, values: dict, upload=None, trusted=()) -> dict:
    if "kind" in values and values.pop("kind") != step.kind:
        raise Invalid(errors={"kind": [_("The kind of a step never changes.")]})
    if step.kind == "activity":
        values.pop("activity_id", None)
        if values.get("activity_type", step.activity_type) != step.activity_type:
            raise Invalid(errors={"activity_type": [_("The kind of activity never changes.")]})
    cleaned = _step_values(actor, step.kind, values, upload, step, trusted)
    changes = _apply(actor, step, cleaned)
    if "body" in changes:
        step.body_html = str(richtext.render(step.body))
    if "file_id" in changes:
        db.session.expire(step, ["file"])  # loaded for the old file_id
    if changes:
        _touch(step.module.course)
    db.session.flush()
    return changes


def update_step(actor, step: Step, *, upload=None, **values) -> dict:
    """Change fields of ``step`` (never its kind); ``upload`` replaces its file.

    Returns ``{field: (old, new)}``.
    """
    _require_editor(actor)
    return _update_step(actor, step, dict(values), upload)


def restore_step(actor, step: Step, values: dict) -> dict:
    """Apply the values of one of ``step``'s versions (from ``courses.services.restore_version``).

    The version's file may have been sent by another editor: it was this step's, so it may be
    again.
    """
    _require_editor(actor)
    kept = {name: value for name, value in values.items() if name in KIND_FIELDS[step.kind]}
    kept.pop("activity_type", None)
    if values.get("kind", step.kind) != step.kind:
        kept["kind"] = values["kind"]
    return _update_step(actor, step, kept, trusted=(values.get("file_id"),))


def _delete_activity(actor, step: Step) -> None:
    activity = activities.get_activity_type(step.activity_type)
    if step.kind == "activity" and activity is not None and activity.delete is not None:
        activity.delete(actor, step)


def delete_step(actor, step: Step) -> None:
    """Delete ``step`` (and its activity); the steps after it move up one place."""
    _require_editor(actor)
    module = step.module
    _delete_activity(actor, step)
    module.steps.remove(step)
    db.session.delete(step)
    db.session.flush()
    _renumber(module.steps)
    _touch(module.course)
    db.session.flush()


def _place(step: Step, module: CourseModule, position: int) -> None:
    """Put ``step`` at ``position`` (from 1) in ``module``, renumbering both modules."""
    source = step.module
    if source is not module:
        source.steps.remove(step)
        _renumber(source.steps)
        step.module = module
        step.module_id = module.id  # set now, so the audit row records the move
    steps = [s for s in module.steps if s is not step]
    steps.insert(position - 1, step)
    module.steps[:] = steps
    _renumber(steps)


def move_step(actor, step: Step, direction: str) -> None:
    """Move ``step`` one place ``up`` or ``down``; past the first or last place of its module,
    into the end of the module before or the start of the module after."""
    _require_editor(actor)
    module = step.module
    modules = list(module.course.modules)
    index, where = module.steps.index(step), modules.index(module)
    if direction == "up" and index > 0:
        _place(step, module, index)
    elif direction == "down" and index < len(module.steps) - 1:
        _place(step, module, index + 2)
    elif direction == "up" and where > 0:
        previous = modules[where - 1]
        _place(step, previous, len(previous.steps) + 1)
    elif direction == "down" and where < len(modules) - 1:
        _place(step, modules[where + 1], 1)
    else:
        raise Conflict(_("This step cannot move further."))
    _touch(module.course)
    db.session.flush()


def move_step_to_module(actor, step: Step, module: CourseModule) -> None:
    """Move ``step`` to the end of ``module``, another module of the same course."""
    _require_editor(actor)
    if module.course_id != step.module.course_id:
        raise Invalid(errors={"module": [_("Choose a module of this course.")]})
    if module is step.module:
        raise Conflict(_("The step is already in this module."))
    _place(step, module, len(module.steps) + 1)
    _touch(module.course)
    db.session.flush()
