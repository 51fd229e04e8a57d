"""Words of the editor's pages: kinds of step, licences, sizes, and the content fields'
names in the edit history (those of courses and paths are in :mod:`dclic.courses.labels`)."""

from __future__ import annotations

from babel.numbers import format_decimal

from dclic.core.i18n import get_locale
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l
from dclic.courses import activities
from dclic.courses.labels import duration_label, field_label, field_value

STEP_KIND_LABELS = {
    "text": _l("Text"),
    "file": _l("File"),
    "link": _l("Link"),
    "video": _l("Video"),
    "activity": _l("Activity"),
}
STEP_KIND_HINTS = {
    "text": _l("A page to read: explanations, examples, instructions."),
    "file": _l("A document, an image or a recording to open or download (PDF, office file…)."),
    "link": _l("The address of a page on another site, with a few words about it."),
    "video": _l("A video file, or the address of a video, with a transcript or a summary."),
    "activity": _l("Something to do: a quiz, an assignment…"),
}
# Common licences of open educational resources; "other" lets an editor write another one.
LICENCES = (
    "CC BY-SA 4.0",
    "CC BY 4.0",
    "CC BY-NC-SA 4.0",
    "CC BY-NC 4.0",
    "CC BY-ND 4.0",
    "CC BY-NC-ND 4.0",
    "CC0 1.0",
)
OTHER_LICENCE = "other"

CONTENT_FIELD_LABELS = {
    "kind": _l("Kind of step"),
    "body": _l("Text"),
    "file_id": _l("File"),
    "url": _l("Web address"),
    "alternative": _l("Transcript or summary"),
    "media_bytes": _l("Size of the video"),
    "activity_type": _l("Kind of activity"),
    "activity_id": _l("Activity"),
}


def step_kind_label(kind: str) -> str:
    return str(STEP_KIND_LABELS.get(kind, kind))


def _decimal(number: float) -> str:
    return format_decimal(round(number, 1), locale=str(get_locale()))


def size_label(size: int | None) -> str:
    """A size in bytes as phones and computers show it: ``850 KB``, ``12.5 MB`` (units of
    1,024, so the upload limits read as set: 20 MB; French translators write Ko, Mo, Go)."""
    if size is None:
        return "—"
    if size >= 1024**3:
        return _("%(size)s GB", size=_decimal(size / 1024**3))
    if size >= 1024**2:
        return _("%(size)s MB", size=_decimal(size / 1024**2))
    if size >= 1024:
        return _("%(size)s KB", size=_decimal(size / 1024))
    return _("%(n)d bytes", n=size)


def activity_label(code: str | None) -> str:
    activity = activities.get_activity_type(code)
    return str(activity.label) if activity else (code or "—")


def content_field_label(name: str) -> str:
    """The name of a module's or step's field in its history."""
    label = CONTENT_FIELD_LABELS.get(name)
    return str(label) if label else field_label(name)


def content_field_value(name: str, value) -> str:
    """A module's or step's value in its history, as readers know it."""
    if value is None or value == "":
        return "—"
    if name == "kind":
        return step_kind_label(value)
    if name == "media_bytes":
        return size_label(value)
    if name == "duration_minutes":
        return duration_label(value)
    if name == "activity_type":
        return activity_label(value)
    if name == "file_id":
        return _("File number %(n)s", n=value)
    return field_value(name, value)


TEMPLATE_HELPERS = {
    "step_kind_label": step_kind_label,
    "step_kind_hint": lambda kind: str(STEP_KIND_HINTS.get(kind, "")),
    "size_label": size_label,
    "activity_label": activity_label,
    "activity_edit_url": activities.activity_edit_url,
}
