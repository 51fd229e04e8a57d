"""Forms of the editor's pages. They shape input only: the services check every rule, and
their field errors come back on these fields (``core.forms.apply_errors``)."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from dclic.core.i18n import lazy_gettext as _l
from dclic.courses import activities
from dclic.courses.editor_labels import LICENCES, OTHER_LICENCE
from dclic.courses.labels import LEVEL_LABELS, STATUS_LABELS, TRACK_LABELS, language_label
from dclic.courses.models import LANGUAGES

IMAGE_TYPES = "image/jpeg,image/png,image/gif,image/webp"
VIDEO_TYPES = "video/mp4,video/webm,video/ogg"
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def _text(label, maximum=200, **attributes):
    return StringField(
        label,
        validators=[Optional(), Length(max=maximum * 2)],  # the service says the real limit
        render_kw={"maxlength": maximum, "dir": "auto", **attributes},
    )


def _markdown(label, rows=8):
    return TextAreaField(label, render_kw={"rows": rows, "dir": "auto"})


def _select(label):
    # Choices are set on the bound form; unknown values go to the service, which explains.
    return SelectField(label, choices=[], validate_choice=False)


def _number(label, **attributes):
    return StringField(
        label,
        render_kw={"inputmode": "numeric", "maxlength": 6, "autocomplete": "off", **attributes},
    )


class DeskFilterForm(FlaskForm):
    """The search of the editor's desk: a GET form, its address can be shared."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Search"), validators=[Optional(), Length(max=200)], render_kw={"maxlength": 200}
    )
    status = _select(_l("Status"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("All statuses")), *STATUS_LABELS.items()]

    @property
    def filters(self) -> dict[str, str]:
        status = self.status.data if self.status.data in STATUS_LABELS else ""
        values = {"q": (self.q.data or "").strip(), "status": status}
        return {name: value for name, value in values.items() if value}


class CourseForm(FlaskForm):
    """A course's description; ``code`` only when it is created."""

    code = _text(_l("Code"), 40, autocapitalize="characters", spellcheck="false")
    title = _text(_l("Title"))
    summary = _markdown(_l("Summary"))
    language = _select(_l("Language of the course"))
    level = _select(_l("Level"))
    domain = _text(_l("Domain"), 40, list="domains", autocapitalize="none", spellcheck="false")
    track = _select(_l("Track"))
    duration_minutes = _number(_l("Duration in minutes"))
    licence = _select(_l("Licence"))
    licence_other = _text(_l("Other licence"), 60)
    keywords = _text(_l("Keywords"), 500)
    authors = _text(_l("Authors"), 500)
    cover = FileField(_l("Cover image"), render_kw={"accept": IMAGE_TYPES})
    remove_cover = BooleanField(_l("Remove the cover image"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [(code, language_label(code)) for code in LANGUAGES]
        self.level.choices = list(LEVEL_LABELS.items())
        self.track.choices = list(TRACK_LABELS.items())
        self.licence.choices = [
            *((name, name) for name in LICENCES),
            (OTHER_LICENCE, _l("Another licence")),
        ]

    @classmethod
    def for_course(cls, course):
        """The form filled with ``course``'s values (a licence of our list, or "other")."""
        known = course.licence in LICENCES
        names = ("title", "summary", "language", "level", "domain", "track", "keywords", "authors")
        return cls(
            formdata=None,
            data={name: getattr(course, name) for name in names},
            duration_minutes=str(course.duration_minutes),
            licence=course.licence if known else OTHER_LICENCE,
            licence_other="" if known else course.licence,
        )

    def values(self) -> dict:
        """The fields for ``create_course``/``update_course`` (code and cover apart)."""
        names = ("title", "summary", "language", "level", "domain", "track", "duration_minutes")
        values = {name: self[name].data or "" for name in names}
        values |= {"keywords": self.keywords.data or "", "authors": self.authors.data or ""}
        other = self.licence.data == OTHER_LICENCE
        values["licence"] = (self.licence_other.data if other else self.licence.data) or ""
        if self.remove_cover.data:
            values["cover_file_id"] = None
        return values


class ModuleForm(FlaskForm):
    title = _text(_l("Title"))
    summary = _markdown(_l("Summary"), rows=4)

    def values(self) -> dict:
        return {"title": self.title.data or "", "summary": self.summary.data or ""}


def _megabytes(text: str):
    """``"12,5"`` → 13_107_200 bytes (12.5 × 1,024²: the unit of ``size_label``); text that is
    no number is given as is, for the service to refuse."""
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None
    if len(text) > 12 or not _NUMBER.match(text):
        return text
    return round(float(text.replace(",", ".")) * 1024**2)


class StepForm(FlaskForm):
    """Every field a step may have; the page shows those of its kind."""

    title = _text(_l("Title"))
    body = _markdown(_l("Text"), rows=12)
    file = FileField(_l("File"))
    url = _text(_l("Web address"), 2000, inputmode="url", autocapitalize="none", spellcheck="false")
    alternative = _markdown(_l("Transcript or summary"), rows=6)
    media_bytes = StringField(
        _l("Size of the video, in MB"),
        render_kw={"inputmode": "decimal", "maxlength": 12, "autocomplete": "off"},
    )
    duration_minutes = _number(_l("Time needed, in minutes (optional)"))
    activity_type = _select(_l("Kind of activity"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity_type.choices = [(a.code, a.label) for a in activities.activity_types()]

    @classmethod
    def for_step(cls, step):
        size, minutes = step.media_bytes, step.duration_minutes
        names = ("title", "body", "url", "alternative", "activity_type")
        return cls(
            formdata=None,
            data={name: getattr(step, name) for name in names},
            media_bytes=f"{size / 1024**2:g}" if size else "",
            duration_minutes=str(minutes) if minutes else "",
        )

    def adapt_to(self, kind: str) -> None:
        """Name the text field for what it is in a step of ``kind``."""
        if kind == "text":
            self.body.label.text = _l("Text")
        elif kind == "link":
            self.body.label.text = _l("What the learner will find there")
        else:
            self.body.label.text = _l("Introduction (optional)")
        if kind == "video":
            self.file.label.text = _l("Video file")
            self.file.render_kw = {"accept": VIDEO_TYPES}
            self.url.label.text = _l("Or the address of the video")

    def values(self, fields: tuple[str, ...]) -> dict:
        """The values of ``fields`` (those of the step's kind) for the content services."""
        values = {}
        for name in fields:
            if name == "file_id":
                continue  # the file is sent apart, as an upload
            data = self[name].data
            values[name] = _megabytes(data) if name == "media_bytes" else (data or "")
        return values


class MoveToModuleForm(FlaskForm):
    module = _select(_l("Move to the module"))

    def set_modules(self, modules, current):
        self.module.choices = [
            (str(m.id), f"{m.position}. {m.title}") for m in modules if m.id != current.id
        ]
        return self


class PathForm(FlaskForm):
    code = _text(_l("Code"), 40, autocapitalize="characters", spellcheck="false")
    title = _text(_l("Title"))
    summary = _markdown(_l("Summary"))
    track = _select(_l("Track"))
    is_tutored = BooleanField(_l("Tutored: followed with a mentor"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.track.choices = list(TRACK_LABELS.items())

    def values(self) -> dict:
        return {
            "title": self.title.data or "",
            "summary": self.summary.data or "",
            "track": self.track.data or "",
            "is_tutored": bool(self.is_tutored.data),
        }


class CourseSearchForm(FlaskForm):
    """Find a course to add to a path (a GET form)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Find a course by its title or code"),
        validators=[Optional(), Length(max=200)],
        render_kw={"maxlength": 200},
    )


class PrerequisitesForm(FlaskForm):
    """The courses to complete before one course of a path: checkboxes of the earlier ones,
    drawn by the path's page (one form per course); the service checks every code."""

    prerequisites = SelectMultipleField(
        _l("To complete before this course"), choices=[], validate_choice=False
    )

    def codes(self) -> list[str]:
        return [str(code).strip().upper() for code in self.prerequisites.data or () if code]
