"""The editor's desk and the pages of one course: its description, publication, syllabus.

Modules and steps are in ``content_views.py``, paths in ``path_editor_views.py``. Every page
needs ``course.edit``; services and queries check it again.
"""

from __future__ import annotations

from flask import flash, redirect, request
from flask_login import current_user, login_required

from dclic.core import richtext
from dclic.core.forms import PlainForm, attempt
from dclic.core.http import safe_next
from dclic.core.i18n import gettext as _
from dclic.courses import content, editor_queries, queries, services
from dclic.courses.editor_forms import CourseForm, DeskFilterForm
from dclic.courses.editor_support import (
    course_url,
    page_number,
    previews,
    render,
    require_editor,
    upload_was_lost,
)
from dclic.courses.models import DEFAULT_LICENCE
from dclic.files.services import max_bytes

PER_PAGE = 20


def _desk(kind: str, list_items):
    require_editor()
    form = DeskFilterForm(formdata=request.args)
    page = None
    if form.validate():
        page = list_items(current_user, **form.filters, page=page_number(), per_page=PER_PAGE)
    return render(
        "courses/edit/desk.html", form, form=form, page=page, kind=kind, filters=form.filters
    )


@login_required
def desk():
    return _desk("courses", editor_queries.list_courses_for_editing)


@login_required
def desk_paths():
    return _desk("paths", editor_queries.list_paths_for_editing)


def _course_form_page(form, course, shown):
    return render(
        "courses/edit/course_form.html",
        form,
        form=form,
        course=course,
        previews=shown,
        domains=editor_queries.list_domains(),
        image_limit=max_bytes("image"),
        file_lost=upload_was_lost(form.cover),
    )


@login_required
def new_course():
    require_editor()
    defaults = {"language": "fr", "level": "beginner", "track": "A", "licence": DEFAULT_LICENCE}
    form = CourseForm(data=defaults)
    shown = previews(form, ("summary",))
    if shown is None:
        saved, course = attempt(
            form,
            lambda: services.create_course(
                current_user, code=form.code.data, cover=form.cover.data, **form.values()
            ),
        )
        if saved:
            flash(_("The course %(code)s is created as a draft.", code=course.code), "success")
            return redirect(course_url(course))
    return _course_form_page(form, None, shown)


@login_required
def course_details(code: str):
    course = queries.get_course_for_editing(current_user, code)
    form = CourseForm() if request.method == "POST" else CourseForm.for_course(course)
    shown = previews(form, ("summary",))
    if shown is None:
        saved, changes = attempt(
            form,
            lambda: services.update_course(
                current_user, course, cover=form.cover.data, **form.values()
            ),
        )
        if saved:
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(course_url(course))
    return _course_form_page(form, course, shown)


def _course_page(course, action_form=None):
    return render(
        "courses/edit/course.html",
        action_form,
        course=course,
        action_form=action_form or PlainForm(formdata=None),
        kinds=content.step_kinds(),
    )


@login_required
def edit_course(code: str):
    course = editor_queries.get_course_outline(current_user, code)
    if code != course.code:  # one address per course
        return redirect(course_url(course), 301)
    return _course_page(course)


@login_required
def preview_course(code: str):
    course = editor_queries.get_course_outline(current_user, code)
    return render(
        "courses/edit/preview.html", course=course, summary=richtext.render(course.summary)
    )


def _act_on_course(code: str, action, message: str):
    course = queries.get_course_for_editing(current_user, code)
    form = PlainForm()
    saved, _result = attempt(form, lambda: action(current_user, course))
    if saved:
        flash(message, "success")
        return redirect(safe_next(request.form.get("next"), course_url(course)))
    return _course_page(editor_queries.get_course_outline(current_user, code), form)


@login_required
def publish_course(code: str):
    return _act_on_course(code, services.publish_course, _("The course is published."))


@login_required
def archive_course(code: str):
    message = _("The course is archived: it is no longer in the catalogue.")
    return _act_on_course(code, services.archive_course, message)


@login_required
def unarchive_course(code: str):
    message = _("The course is a draft again.")
    return _act_on_course(code, services.unarchive_course, message)
