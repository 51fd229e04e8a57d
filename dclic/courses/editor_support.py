"""What the editor's pages share (edges only): preview Markdown,
render with the right status, the editor's addresses. Views of the editor's area import it;
it imports no view."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from dclic.core import richtext
from dclic.core.errors import NotAllowed
from dclic.core.i18n import gettext as _
from dclic.courses.permissions import can_edit_courses


def require_editor() -> None:
    """403 for anyone without ``course.edit``, before anything is looked up."""
    if not can_edit_courses(current_user):
        raise NotAllowed(_("Only the editorial team can see this."))


def page_number() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), 100_000)


def previews(form, names: tuple[str, ...]) -> dict | None:
    """The Markdown of ``form``'s fields ``names`` rendered, when the Preview button was
    pressed; None otherwise. Nothing is saved."""
    if request.form.get("action") != "preview" or not form.validate_on_submit():
        return None
    return {name: richtext.render(form[name].data or "") for name in names}


def render(template: str, *forms, status: int | None = None, **context):
    """The page, answered 422 when one of ``forms`` carries errors."""
    if status is None:
        status = 422 if any(f.errors or f.form_errors for f in forms if f is not None) else 200
    return render_template(template, **context), status


def course_url(course, anchor: str | None = None) -> str:
    """The editor's page of ``course``, at ``anchor`` (``module-3``, ``step-12``)."""
    return url_for("courses.edit_course", code=course.code, _anchor=anchor)


def path_url(path, anchor: str | None = None) -> str:
    return url_for("courses.edit_path", code=path.code, _anchor=anchor)


def upload_was_lost(*fields) -> bool:
    """True when a file was chosen in a form that was not saved: it must be chosen again."""
    return request.method == "POST" and any(f is not None and f.data for f in fields)


def learn_url(course) -> str:
    """The course player's address (dclic.learning), written out: it may not be there yet."""
    return f"/learn/{course.code}"
