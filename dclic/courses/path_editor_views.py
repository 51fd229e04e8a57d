"""The editor's pages of a learning path: its description, its courses and their order."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_login import current_user, login_required

from dclic.core.errors import Invalid
from dclic.core.forms import PlainForm, attempt
from dclic.core.http import safe_next
from dclic.core.i18n import gettext as _
from dclic.courses import editor_queries, queries, services
from dclic.courses.editor_forms import CourseSearchForm, PathForm, PrerequisitesForm
from dclic.courses.editor_support import path_url, previews, render, require_editor


def _path(code: str):
    return queries.get_path_for_editing(current_user, code)


def _form_page(form, path, shown):
    return render("courses/edit/path_form.html", form, form=form, path=path, previews=shown)


@login_required
def new_path():
    require_editor()
    form = PathForm(data={"track": "A"})
    shown = previews(form, ("summary",))
    if shown is None:
        saved, path = attempt(
            form,
            lambda: services.create_path(current_user, code=form.code.data, **form.values()),
        )
        if saved:
            flash(_("The learning path %(code)s is created as a draft.", code=path.code), "success")
            return redirect(path_url(path))
    return _form_page(form, None, shown)


@login_required
def path_details(code: str):
    path = _path(code)
    form = PathForm() if request.method == "POST" else PathForm(formdata=None, obj=path)
    shown = previews(form, ("summary",))
    if shown is None:
        saved, changes = attempt(
            form, lambda: services.update_path(current_user, path, **form.values())
        )
        if saved:
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(path_url(path))
    return _form_page(form, path, shown)


def _path_page(path, action_form=None, rules=(None, None)):
    """The path's page; ``rules``: the course code and the prerequisites form refused."""
    search = CourseSearchForm(formdata=request.args)
    found = None
    if search.validate() and search.q.data:
        found = editor_queries.search_courses_for_path(current_user, path, search.q.data)
    rules_code, rules_form = rules
    return render(
        "courses/edit/path.html", action_form, search, rules_form, path=path, search=search,
        found=found, action_form=action_form or PlainForm(formdata=None),
        rules_code=rules_code, rules_form=rules_form,
    )  # fmt: skip


@login_required
def edit_path(code: str):
    path = _path(code)
    if code != path.code:
        return redirect(path_url(path), 301)
    return _path_page(path)


def _act(code: str, action, message: str, *, anchor=None, back_to_next=False):
    """Run ``action(actor, path)`` from a button; the path's page shows why if refused."""
    path = _path(code)
    form = PlainForm()
    saved, _result = attempt(form, lambda: action(current_user, path))
    if not saved:
        return _path_page(path, form)
    if message:
        flash(message, "success")
    target = path_url(path, anchor)
    return redirect(safe_next(request.form.get("next"), target) if back_to_next else target)


@login_required
def publish_path(code: str):
    message = _("The learning path is published.")
    return _act(code, services.publish_path, message, back_to_next=True)


@login_required
def archive_path(code: str):
    message = _("The learning path is archived: it is no longer in the catalogue.")
    return _act(code, services.archive_path, message, back_to_next=True)


@login_required
def unarchive_path(code: str):
    message = _("The learning path is a draft again.")
    return _act(code, services.unarchive_path, message, back_to_next=True)


def _course_to_add():
    course = queries.get_course(request.form.get("course", ""))
    if course is None:
        raise Invalid(errors={"course": [_("This course does not exist.")]})
    return course


@login_required
def add_path_course(code: str):
    def add(actor, path):
        services.add_course_to_path(actor, path, _course_to_add())

    return _act(code, add, _("The course is added at the end of the path."), anchor="courses")


@login_required
def move_path_course(code: str, course_code: str):
    def move(actor, path):
        entry = editor_queries.get_entry(path, course_code)
        dropped = services.move_course_in_path(
            actor, path, entry, request.form.get("direction", "")
        )
        for course, required in dropped:
            message = _(
                "“%(course)s” no longer waits for “%(required)s”, now placed after it.",
                course=course.title,
                required=required.title,
            )
            flash(message, "info")

    return _act(code, move, "", anchor=f"entry-{course_code}")


@login_required
def remove_path_course(code: str, course_code: str):
    def remove(actor, path):
        services.remove_course_from_path(actor, path, editor_queries.get_entry(path, course_code))

    return _act(code, remove, _("The course is taken out of the path."), anchor="courses")


@login_required
def set_path_course_required(code: str, course_code: str):
    def toggle(actor, path):
        entry = editor_queries.get_entry(path, course_code)
        services.set_course_required(actor, path, entry, request.form.get("required") == "1")

    return _act(code, toggle, "", anchor=f"entry-{course_code}")


def _courses_named(codes: list[str]) -> list:
    found = [queries.get_course(code) for code in codes]
    if None in found:
        raise Invalid(errors={"prerequisites": [_("This course does not exist.")]})
    return found


@login_required
def set_path_course_prerequisites(code: str, course_code: str):
    path = _path(code)
    entry = editor_queries.get_entry(path, course_code)
    entry_code = entry.course.code
    form = PrerequisitesForm()
    saved, changes = attempt(
        form,
        lambda: services.set_path_prerequisites(
            current_user, path, entry, _courses_named(form.codes())
        ),
    )
    if not saved:
        return _path_page(_path(code), rules=(entry_code, form))
    flash(_("Saved.") if changes else _("Nothing was changed."), "success")
    return redirect(path_url(path, f"entry-{entry_code}"))
