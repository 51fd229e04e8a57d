"""Export and import of a course as one archive: our promise that content can always leave.

:func:`write_course_archive` (and :func:`export_course`, its in-memory form) writes a ZIP with
``course.json`` and the course's files; :func:`import_course` reads such an archive, made here
or on another dclic, into a new **draft** course. The format is specified in
``docs/course-archive.md``; reading and checking an archive is
:mod:`dclic.courses.archive_reading` and :mod:`dclic.courses.archive_format`.

Exports are deterministic: the same content gives the same bytes (entries in a fixed order,
fixed dates and permissions, no export date), so an archive can be compared, hashed or kept
in version control.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dclic import audit
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.core.richtext import render
from dclic.courses import activities, queries, services
from dclic.courses.archive_format import (
    CHUNK,
    COURSE_KEYS,
    FILES_FOLDER,
    FORMAT,
    MANIFEST,
    VERSION,
    FileRef,
    Manifest,
)
from dclic.courses.archive_reading import check_files, open_archive, read_manifest
from dclic.courses.models import Course, CourseModule, Step
from dclic.courses.permissions import can_edit_courses
from dclic.courses.validation import clean_code
from dclic.files import services as files
from dclic.files import storage
from dclic.history.recorder import attribute_to

# Every entry gets the same date and permissions, so equal content gives equal bytes.
ENTRY_DATE = (1980, 1, 1, 0, 0, 0)
ENTRY_MODE = 0o100644 << 16  # a regular file, rw-r--r--
# Contents worth compressing; images, audio, video and office documents already are.
COMPRESSED_TYPES = ("text/", "application/pdf", "application/json")


def _require_editor(actor) -> None:
    if actor is not None and not can_edit_courses(actor):
        raise NotAllowed(_("Only the editorial team can export or import courses."))


# --- export --------------------------------------------------------------------------------


def export_course(actor, course: Course) -> bytes:
    """The archive of ``course`` as bytes (see :func:`write_course_archive`)."""
    out = io.BytesIO()
    write_course_archive(actor, course, out)
    return out.getvalue()


def write_course_archive(actor, course: Course, out) -> int:
    """Write the archive of ``course`` to the binary file ``out``; returns the files' count.

    Files are copied from the storage in chunks (constant memory, however large), each
    checked against its SHA-256 on the way. The export is recorded in the audit trail
    (``export``): it lasts if the edge commits.
    """
    _require_editor(actor)
    document, stored_files = course_document(course)
    manifest = json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        archive.writestr(_entry(MANIFEST, "application/json"), manifest)
        for sha256 in sorted(stored_files):
            _copy_file(archive, stored_files[sha256])
    audit.record(
        "export",
        object_type="courses",
        object_id=course.id,
        details={"format": FORMAT, "version": VERSION, "files": len(stored_files)},
    )
    return len(stored_files)


def course_document(course: Course) -> tuple[dict, dict]:
    """``course.json`` as a dict, and the stored files it names by SHA-256."""
    stored_files: dict = {}

    def file_ref(stored) -> dict | None:
        if stored is None:
            return None
        stored_files.setdefault(stored.sha256, stored)
        return {
            "path": FILES_FOLDER + stored.sha256,
            "name": stored.original_name,
            "media_type": stored.media_type,
            "size": stored.size,
            "sha256": stored.sha256,
        }

    modules = db.session.scalars(
        sa.select(CourseModule)
        .where(CourseModule.course_id == course.id)
        .options(selectinload(CourseModule.steps))
        .order_by(CourseModule.position, CourseModule.id)
    ).all()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "course": {key: getattr(course, key) for key in COURSE_KEYS},
        "cover": file_ref(course.cover),
        "modules": [
            {
                "title": module.title,
                "summary": module.summary,
                "steps": [
                    _step_document(step, file_ref)
                    for step in sorted(module.steps, key=lambda s: (s.position, s.id))
                ],
            }
            for module in modules
        ],
    }
    return document, stored_files


def _step_document(step: Step, file_ref) -> dict:
    return {
        "kind": step.kind,
        "title": step.title,
        "body": step.body,
        "url": step.url,
        "alternative": step.alternative,
        "media_bytes": step.media_bytes,
        "duration_minutes": step.duration_minutes,
        "activity_type": step.activity_type,
        "file": file_ref(step.file),
    }


def _entry(name: str, media_type: str, size: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ENTRY_DATE)
    info.create_system = 3  # Unix, whatever the system writing it
    info.external_attr = ENTRY_MODE
    compress = media_type.startswith(COMPRESSED_TYPES)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    if size is not None:
        info.file_size = size  # lets zipfile choose ZIP64 for files over 4 GB
    return info


def _copy_file(archive: zipfile.ZipFile, stored) -> None:
    path = storage.blob_path(stored.sha256)
    if not path.is_file():
        raise Conflict(
            _(
                "The file %(name)s of this course is missing from the storage: the course "
                "cannot be exported. Send the file again.",
                name=stored.original_name,
            )
        )
    digest = hashlib.sha256()
    entry = _entry(FILES_FOLDER + stored.sha256, stored.media_type, stored.size)
    with path.open("rb") as source, archive.open(entry, "w") as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != stored.sha256:
        raise Conflict(
            _(
                "The file %(name)s of this course is damaged in the storage (its content no "
                "longer matches its SHA-256): the course cannot be exported. Send it again.",
                name=stored.original_name,
            )
        )


# --- import --------------------------------------------------------------------------------


def import_course(actor, data, *, code: str | None = None) -> Course:
    """Create a draft course from the archive ``data`` (bytes or a binary file).

    Everything is checked before anything is written (see ``archive_reading``); then the
    files are stored (each judged again by its content, like any upload), and the course,
    its modules and steps created, in a savepoint: a refusal on the way leaves nothing.
    The code is ``code`` when given, else the archive's; Conflict when it is taken.
    """
    _require_editor(actor)
    with open_archive(data) as archive:
        manifest = read_manifest(archive)
        check_files(archive, manifest)
        new_code = _free_code(code or manifest.course["code"])
        with db.session.begin_nested():
            course = _create(actor, archive, manifest, new_code)
    return course


def _free_code(wanted: str) -> str:
    cleaned, messages = clean_code(wanted)
    if messages:
        raise Invalid(_("Some fields are not valid."), {"code": messages})
    if queries.code_is_taken(Course, cleaned):
        raise Conflict(
            _(
                "The code %(code)s is already used: choose another code for the imported course.",
                code=cleaned,
            ),
            {"code": [_("Already used.")]},
        )
    return cleaned


class _Stored:
    """The archive's files stored through ``dclic.files``, each once per name and use."""

    def __init__(self, actor, archive: zipfile.ZipFile):
        self.actor, self.archive, self.done = actor, archive, {}

    def get(self, ref: FileRef | None, *, is_public: bool = False):
        if ref is None:
            return None
        key = (ref.sha256, ref.name, is_public)
        if key not in self.done:
            self.done[key] = self._store(ref, is_public)
        return self.done[key]

    def _store(self, ref: FileRef, is_public: bool):
        where = f"{ref.path} ({ref.name})"
        try:
            with self.archive.open(ref.path) as stream:
                stored = files.store_upload(
                    self.actor, stream, ref.purpose, ref.name, is_public=is_public
                )
        except Invalid as exc:
            messages = (exc.errors or {}).get("file") or [str(exc.message)]
            raise Invalid(_("This course archive cannot be imported."), {where: messages}) from None
        if stored.media_type != ref.media_type:
            message = _(
                "This file is %(found)s, not %(declared)s as course.json says.",
                found=stored.media_type,
                declared=ref.media_type,
            )
            raise Invalid(_("This course archive cannot be imported."), {where: [message]})
        return stored


def _make_activity(actor, step: Step) -> None:
    """A new activity for an activity step, when its type exists here (activities' own
    content is not in the archive yet: the editor fills the new one in)."""
    activity = activities.get_activity_type(step.activity_type)
    if step.kind == "activity" and activity is not None:
        db.session.flush()  # the activity's module gets the step with its id
        attribute_to(step, actor)
        step.activity_id = activity.create(actor, step)


def _add_module(actor, course: Course, position: int, values: dict, stored: _Stored) -> int:
    """Add the module at ``position`` with its steps; returns the number of steps."""
    module = CourseModule(
        course=course, position=position, title=values["title"], summary=values["summary"]
    )
    db.session.add(module)
    attribute_to(module, actor)
    for step_position, step_values in enumerate(values["steps"], start=1):
        step = Step(
            module=module,
            position=step_position,
            **{key: value for key, value in step_values.items() if key != "file"},
            body_html=str(render(step_values["body"])),
            file=stored.get(step_values["file"]),
        )
        db.session.add(step)
        attribute_to(step, actor)
        _make_activity(actor, step)
    return len(values["steps"])


def _create(actor, archive, manifest: Manifest, code: str) -> Course:
    stored = _Stored(actor, archive)
    cover = stored.get(manifest.cover, is_public=True)
    values = {key: value for key, value in manifest.course.items() if key != "code"}
    course = services.create_course(
        actor, code=code, cover_file_id=cover.id if cover else None, **values
    )
    steps = sum(
        _add_module(actor, course, position, module_values, stored)
        for position, module_values in enumerate(manifest.modules, start=1)
    )
    db.session.flush()
    audit.record(
        "import",
        object_type="courses",
        object_id=course.id,
        details={
            "format": FORMAT,
            "version": VERSION,
            "original_code": manifest.course["code"],
            "modules": len(manifest.modules),
            "steps": steps,
            "files": len(stored.done),
        },
    )
    return course
