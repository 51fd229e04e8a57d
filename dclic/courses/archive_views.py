"""Course archives for editors: download a course as one archive, import an archive.

The work is :mod:`dclic.courses.archive`'s; these pages parse, check the right, call it and
commit. URL rules (in ``blueprint.py``): ``GET /edit/courses/<code>/export.zip``
(``courses.export_course``) and ``GET, POST /edit/import`` (``courses.import_course``).
"""

from __future__ import annotations

import tempfile

from flask import current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.courses import archive, queries
from dclic.courses.archive_forms import ArchiveImportForm
from dclic.courses.permissions import can_edit_courses

# Archives up to this size are built in memory; larger ones wait in a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024


@login_required
def export_course(code: str):
    course = queries.get_course_for_editing(current_user, code)
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - sent, then closed
    try:
        archive.write_course_archive(current_user, course, spooled)
    except BaseException:
        spooled.close()
        raise
    db.session.commit()  # the export is recorded before the download starts
    size = spooled.tell()
    spooled.seek(0)
    response = send_file(
        spooled,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{course.code}.zip",
        conditional=False,
        etag=False,
    )
    response.content_length = size
    response.headers["Cache-Control"] = "private, no-store"
    return response


@login_required
def import_course():
    if not can_edit_courses(current_user):
        raise NotAllowed(_("Only the editorial team can export or import courses."))
    form = ArchiveImportForm()
    if not form.validate_on_submit():
        status = 200 if not form.is_submitted() else 400 if "csrf_token" in form.errors else 422
        return _page(form, status)
    try:
        course = archive.import_course(
            current_user, form.archive.data.stream, code=form.code.data or None
        )
        db.session.commit()
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        _show_errors(form, exc)
        return _page(form, 422)
    flash(
        _("The course was imported as a draft, under the code %(code)s.", code=course.code),
        "success",
    )
    return redirect(_editor_page(course.code))


def _page(form, status: int):
    max_mb = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    return render_template("courses/archive/import.html", form=form, max_mb=max_mb), status


def _show_errors(form, exc) -> None:
    """The code's errors on the code field; the archive's, each naming its entry, on the file."""
    errors = dict(exc.errors or {})
    code_errors = errors.pop("code", [])
    if isinstance(exc, Conflict):
        code_errors = [str(exc.message)]  # it names the code already used
    form.code.errors = [*form.code.errors, *code_errors]
    found = [f"{where}: {message}" for where, messages in errors.items() for message in messages]
    if not found and not form.code.errors:
        found = [str(exc.message)]
    form.archive.errors = [*form.archive.errors, *found]


def _editor_page(code: str) -> str:
    # The editor's page of the course once wired; its history page (drafts too) otherwise.
    if "courses.edit_course" in current_app.view_functions:
        return url_for("courses.edit_course", code=code)
    return url_for("courses.course_history", code=code)
