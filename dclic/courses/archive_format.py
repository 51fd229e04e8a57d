"""The course archive format, version 1: what ``course.json`` may hold, and its checks.

An archive is a ZIP file holding ``course.json`` (the course, its modules and steps) and one
``files/<sha256>`` entry per file they use; the specification is ``docs/course-archive.md``.
:func:`check_manifest` checks a parsed ``course.json``: the format and its version first, then
every field, with the rules of :mod:`dclic.courses.validation` (the same as the editors'
forms) and the JSON types. Reading the ZIP itself is :mod:`dclic.courses.archive_reading`.

Problems are :class:`~dclic.core.errors.Invalid` errors whose keys name the faulty entry or
field (``modules[2].steps[1].title``, ``files/<sha256>``; positions count from 1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from dclic.core.errors import Invalid
from dclic.core.i18n import gettext as _
from dclic.courses.content import KIND_FIELDS
from dclic.courses.models import STEP_KINDS
from dclic.courses.validation import (
    COURSE_FIELDS,
    MODULE_FIELDS,
    STEP_FIELDS,
    clean,
    clean_code,
)

FORMAT = "dclic-course"
VERSION = 1
MANIFEST = "course.json"
FILES_FOLDER = "files/"

MAX_ENTRIES = 1_001  # course.json and up to 1,000 files
MAX_TOTAL_BYTES = 2 * 1024**3  # every entry together, expanded, as the directory declares
MAX_MANIFEST_BYTES = 5 * 1024**2
MAX_RATIO = 200  # expanded / compressed, for entries over RATIO_FLOOR
RATIO_FLOOR = 1024**2
MAX_MODULES = 200
MAX_STEPS = 2_000  # in the whole course
CHUNK = 64 * 1024

# What course.json may hold; "required" keys must be there, the others have defaults.
TOP_KEYS = ("format", "version", "course", "cover", "modules")
COURSE_KEYS = (
    "code", "title", "summary", "language", "level", "track", "domain", "duration_minutes",
    "licence", "keywords", "authors",
)  # fmt: skip
COURSE_REQUIRED = ("code", "title", "level", "track", "domain", "duration_minutes")
MODULE_KEYS = ("title", "summary", "steps")
STEP_KEYS = (
    "kind", "title", "body", "url", "alternative", "media_bytes", "duration_minutes",
    "activity_type", "file",
)  # fmt: skip
STEP_DEFAULTS = {
    "body": "", "url": "", "alternative": "", "media_bytes": None, "duration_minutes": None,
    "activity_type": None,
}  # fmt: skip
FILE_KEYS = ("path", "name", "media_type", "size", "sha256")
# Fields whose JSON value is a whole number; every other one is a text.
_INTEGERS = {"duration_minutes", "media_bytes"}
# Step fields that may be null (their columns are nullable).
_STEP_NULLABLE = {"media_bytes", "duration_minutes", "activity_type"}

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
FILE_ENTRY = re.compile(r"^files/[0-9a-f]{64}$")
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")


@dataclass(frozen=True)
class FileRef:
    """A file as ``course.json`` names it."""

    path: str
    name: str
    media_type: str
    size: int
    sha256: str

    @property
    def purpose(self) -> str:
        """The upload purpose of ``dclic.files`` that accepts this kind of file."""
        if self.media_type.startswith("image/"):
            return "image"
        if self.media_type.startswith(("audio/", "video/")):
            return "media"
        return "document"


@dataclass
class Manifest:
    """``course.json``, checked: cleaned course values, the cover, modules with their steps."""

    course: dict
    cover: FileRef | None
    modules: list[dict]

    def file_refs(self) -> list[tuple[str, FileRef]]:
        """Every file reference with where it is named, in the order of course.json."""
        refs = [("cover", self.cover)] if self.cover else []
        for m, module in enumerate(self.modules, 1):
            for s, step in enumerate(module["steps"], 1):
                if step["file"]:
                    refs.append((f"modules[{m}].steps[{s}].file", step["file"]))
        return refs


class Problems:
    """Every problem found, by where it was found."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, where: str, message) -> None:
        self.errors.setdefault(where, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise Invalid(_("This course archive cannot be imported."), self.errors)


def refusal(where: str, message) -> Invalid:
    """The Invalid of an archive refused for one reason, at ``where``."""
    return Invalid(_("This course archive cannot be imported."), {where: [str(message)]})


def check_manifest(document) -> Manifest:
    """Check a parsed ``course.json``; Invalid listing every problem, by where it is."""
    if not isinstance(document, dict):
        raise refusal(MANIFEST, _("course.json must hold a JSON object."))
    if document.get("format") != FORMAT:
        raise refusal(
            "format",
            _("This is not a dclic course archive (its format is not %(format)s).", format=FORMAT),
        )
    version = document.get("version")
    if isinstance(version, bool) or version != VERSION:
        raise refusal(
            "version",
            _(
                "This archive uses version %(version)s of the format; this platform reads "
                "version %(supported)d.",
                version=json.dumps(version)[:20],
                supported=VERSION,
            ),
        )
    problems = Problems()
    _keys(problems, "", document, TOP_KEYS, ("course", "modules"))
    course = _course(problems, document.get("course"))
    cover = None
    if document.get("cover") is not None:
        cover = _file(problems, "cover", document["cover"])
        if cover and cover.purpose != "image":
            problems.add("cover.media_type", _("A cover is an image: JPEG, PNG, GIF or WebP."))
    modules = _modules(problems, document.get("modules"))
    problems.raise_if_any()
    return Manifest(course=course, cover=cover, modules=modules)


def _where(parent: str, key) -> str:
    return f"{parent}.{key}" if parent else str(key)


def _keys(problems, where: str, value, allowed, required) -> bool:
    """Whether ``value`` is an object; notes unknown and missing keys."""
    if not isinstance(value, dict):
        problems.add(where, _("Give a JSON object."))
        return False
    for key in value:
        if key not in allowed:
            problems.add(_where(where, key), _("This field is not part of the format."))
    for key in required:
        if key not in value:
            problems.add(_where(where, key), _("This field is required."))
    return True


def _typed(problems, where: str, values: dict, nullable=()) -> dict:
    """The values of the right JSON type (texts, whole numbers, null where allowed)."""
    kept = {}
    for key, value in values.items():
        if value is None and key in nullable:
            kept[key] = value
        elif key in _INTEGERS:
            if isinstance(value, bool) or not isinstance(value, int):
                problems.add(_where(where, key), _("Give a whole number."))
            else:
                kept[key] = value
        elif not isinstance(value, str):
            problems.add(_where(where, key), _("Give a text."))
        elif "\x00" in value:
            problems.add(_where(where, key), _("Remove the NUL characters from this text."))
        else:
            kept[key] = value
    return kept


def _cleaned(problems, where: str, values: dict, rules: dict) -> dict:
    cleaned, errors = clean(values, rules)
    for key, messages in errors.items():
        for message in messages:
            problems.add(_where(where, key), message)
    return cleaned


def _course(problems, value) -> dict:
    if not _keys(problems, "course", value, COURSE_KEYS, COURSE_REQUIRED):
        return {}
    values = _typed(problems, "course", {k: v for k, v in value.items() if k in COURSE_KEYS})
    code = values.pop("code", None)
    course = _cleaned(problems, "course", values, COURSE_FIELDS)
    if code is not None:
        course["code"], messages = clean_code(code)
        for message in messages:
            problems.add("course.code", message)
    return course


def _modules(problems, value) -> list[dict]:
    if not isinstance(value, list):
        problems.add("modules", _("Give a JSON list."))
        return []
    if len(value) > MAX_MODULES:
        problems.add("modules", _("At most %(n)d modules are accepted.", n=MAX_MODULES))
        return []
    if sum(_count_steps(module) for module in value) > MAX_STEPS:
        problems.add("modules", _("At most %(n)d steps are accepted.", n=MAX_STEPS))
        return []
    modules = []
    for m, item in enumerate(value, 1):
        where = f"modules[{m}]"
        if not _keys(problems, where, item, MODULE_KEYS, ("title", "steps")):
            continue
        fields = {k: v for k, v in item.items() if k in ("title", "summary")}
        module = _cleaned(problems, where, _typed(problems, where, fields), MODULE_FIELDS)
        module.setdefault("summary", "")
        steps = item.get("steps")
        if not isinstance(steps, list):
            problems.add(_where(where, "steps"), _("Give a JSON list."))
            steps = []
        module["steps"] = [
            _step(problems, f"{where}.steps[{s}]", v) for s, v in enumerate(steps, 1)
        ]
        modules.append(module)
    return modules


def _count_steps(module) -> int:
    steps = module.get("steps") if isinstance(module, dict) else None
    return len(steps) if isinstance(steps, list) else 0


def _step(problems, where: str, value) -> dict:
    if not _keys(problems, where, value, STEP_KEYS, ("kind", "title")):
        return {}
    fields = {k: v for k, v in value.items() if k in STEP_KEYS and k not in ("kind", "file")}
    typed = _typed(problems, where, fields, _STEP_NULLABLE)
    step = _cleaned(problems, where, typed, STEP_FIELDS)
    step = {**STEP_DEFAULTS, **step}
    step["kind"] = value.get("kind")
    if step["kind"] not in STEP_KINDS:
        problems.add(
            _where(where, "kind"), _("Choose one of: %(codes)s.", codes=", ".join(STEP_KINDS))
        )
    file = value.get("file")
    step["file"] = None if file is None else _file(problems, _where(where, "file"), file)
    if step["kind"] in KIND_FIELDS:
        # Fields another kind uses must stay empty, as the editors' form leaves them.
        used = {"file" if name == "file_id" else name for name in KIND_FIELDS[step["kind"]]}
        for key in sorted((set(value) & set(STEP_KEYS)) - used - {"kind"}):
            if value[key] not in ("", None):
                message = _("A step of the kind %(kind)s has no such field.", kind=step["kind"])
                problems.add(_where(where, key), message)
    return step


def _file(problems, where: str, value) -> FileRef | None:
    if not _keys(problems, where, value, FILE_KEYS, FILE_KEYS):
        return None
    found = len(problems.errors)
    sha256, path = value.get("sha256"), value.get("path")
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        problems.add(_where(where, "sha256"), _("Give 64 lower-case hexadecimal digits."))
    elif path != FILES_FOLDER + sha256:
        problems.add(_where(where, "path"), _("The path must be files/ followed by the SHA-256."))
    name = value.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 255 or "\x00" in name:
        problems.add(_where(where, "name"), _("Give a file name of 1 to 255 characters."))
    media_type = value.get("media_type")
    if (
        not isinstance(media_type, str)
        or len(media_type) > 100
        or not _MEDIA_TYPE.match(media_type)
    ):
        problems.add(_where(where, "media_type"), _("Give a media type such as application/pdf."))
    size = value.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_TOTAL_BYTES:
        problems.add(_where(where, "size"), _("Give the size in bytes, a whole number."))
    if len(problems.errors) > found:
        return None
    return FileRef(path, name, media_type, size, sha256)
