"""The editor's pages of a course's modules and steps: add, change, delete, move.

Moves are buttons (POST forms), one place at a time: no dragging, they work on a phone and
without JavaScript.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from dclic.core.forms import PlainForm, attempt
from dclic.core.i18n import gettext as _
from dclic.courses import content, editor_queries, queries
from dclic.courses.editor_forms import ModuleForm, MoveToModuleForm, StepForm
from dclic.courses.editor_support import course_url, previews, render, upload_was_lost
from dclic.files.services import max_bytes


def _course(code: str):
    return queries.get_course_for_editing(current_user, code)


def _refused(course, form):
    """The course's page with why a move or delete was refused (422)."""
    outline = editor_queries.get_course_outline(current_user, course.code)
    return render(
        "courses/edit/course.html",
        form,
        course=outline,
        action_form=form,
        kinds=content.step_kinds(),
    )


# --- modules ---------------------------------------------------------------------------------


def _module_page(form, course, module, shown):
    return render(
        "courses/edit/module_form.html", form, form=form, course=course, module=module,
        previews=shown,
    )  # fmt: skip


@login_required
def new_module(code: str):
    course = _course(code)
    form = ModuleForm()
    shown = previews(form, ("summary",))
    if shown is None:
        saved, module = attempt(
            form, lambda: content.create_module(current_user, course, **form.values())
        )
        if saved:
            flash(_("The module is added."), "success")
            return redirect(course_url(course, f"module-{module.id}"))
    return _module_page(form, course, None, shown)


@login_required
def edit_module(code: str, module_id: int):
    course = _course(code)
    module = editor_queries.get_module(course, module_id)
    form = ModuleForm() if request.method == "POST" else ModuleForm(formdata=None, obj=module)
    shown = previews(form, ("summary",))
    if shown is None:
        saved, _changes = attempt(
            form, lambda: content.update_module(current_user, module, **form.values())
        )
        if saved:
            flash(_("Saved."), "success")
            return redirect(course_url(course, f"module-{module.id}"))
    return _module_page(form, course, module, shown)


@login_required
def delete_module(code: str, module_id: int):
    course = _course(code)
    module = editor_queries.get_module(course, module_id)
    form = PlainForm()
    saved, _result = attempt(form, lambda: content.delete_module(current_user, module))
    if saved:
        flash(_("The module and its steps are deleted."), "success")
        return redirect(course_url(course))
    return render(
        "courses/edit/confirm_delete.html", form, form=form, course=course,
        title=module.title, step_count=len(module.steps),
        action=url_for("courses.delete_module", code=course.code, module_id=module.id),
        back=course_url(course, f"module-{module.id}"),
    )  # fmt: skip


@login_required
def move_module(code: str, module_id: int):
    course = _course(code)
    module = editor_queries.get_module(course, module_id)
    form = PlainForm()
    direction = request.form.get("direction", "")
    saved, _result = attempt(form, lambda: content.move_module(current_user, module, direction))
    if not saved:
        return _refused(course, form)
    return redirect(course_url(course, f"module-{module.id}"))


# --- steps -----------------------------------------------------------------------------------


def _step_page(form, course, module, step, kind, shown, move_form=None):
    form.adapt_to(kind)
    return render(
        "courses/edit/step_form.html", form, move_form, form=form, course=course, module=module,
        step=step, kind=kind, previews=shown, move_form=move_form,
        limits={purpose: max_bytes(purpose) for purpose in ("document", "image", "media")},
        file_lost=upload_was_lost(form.file),
    )  # fmt: skip


@login_required
def new_step(code: str, module_id: int):
    course = _course(code)
    module = editor_queries.get_module(course, module_id)
    kind = request.args.get("kind", "")
    if kind not in content.step_kinds():
        return render(
            "courses/edit/step_kinds.html", course=course, module=module,
            kinds=content.step_kinds(),
        )  # fmt: skip
    form = StepForm()
    shown = previews(form, ("body", "alternative"))
    if shown is None:
        values = form.values(content.KIND_FIELDS[kind])
        saved, step = attempt(
            form,
            lambda: content.create_step(
                current_user, module, kind=kind, upload=form.file.data, **values
            ),
        )
        if saved:
            flash(_("The step is added."), "success")
            return redirect(course_url(course, f"step-{step.id}"))
    return _step_page(form, course, module, None, kind, shown)


def _move_form(course, step, formdata=None):
    modules = editor_queries.get_course_outline(current_user, course.code).modules
    return MoveToModuleForm(formdata=formdata).set_modules(modules, step.module)


@login_required
def edit_step(code: str, step_id: int):
    course = _course(code)
    step = editor_queries.get_step(course, step_id)
    form = StepForm() if request.method == "POST" else StepForm.for_step(step)
    shown = previews(form, ("body", "alternative"))
    if shown is None:
        fields = [name for name in content.KIND_FIELDS[step.kind] if name != "activity_type"]
        values = form.values(tuple(fields))
        saved, changes = attempt(
            form,
            lambda: content.update_step(current_user, step, upload=form.file.data, **values),
        )
        if saved:
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(course_url(course, f"step-{step.id}"))
    move_form = _move_form(course, step)
    return _step_page(form, course, step.module, step, step.kind, shown, move_form)


@login_required
def delete_step(code: str, step_id: int):
    course = _course(code)
    step = editor_queries.get_step(course, step_id)
    form = PlainForm()
    module_id = step.module_id
    saved, _result = attempt(form, lambda: content.delete_step(current_user, step))
    if saved:
        flash(_("The step is deleted."), "success")
        return redirect(course_url(course, f"module-{module_id}"))
    return render(
        "courses/edit/confirm_delete.html", form, form=form, course=course, title=step.title,
        step_count=None, action=url_for("courses.delete_step", code=course.code, step_id=step.id),
        back=course_url(course, f"step-{step.id}"),
    )  # fmt: skip


@login_required
def move_step(code: str, step_id: int):
    course = _course(code)
    step = editor_queries.get_step(course, step_id)
    form = PlainForm()
    direction = request.form.get("direction", "")
    saved, _result = attempt(form, lambda: content.move_step(current_user, step, direction))
    if not saved:
        return _refused(course, form)
    return redirect(course_url(course, f"step-{step.id}"))


@login_required
def move_step_to_module(code: str, step_id: int):
    course = _course(code)
    step = editor_queries.get_step(course, step_id)
    move_form = _move_form(course, step, request.form)
    target = editor_queries.get_module(course, move_form.module.data)
    saved, _result = attempt(
        move_form, lambda: content.move_step_to_module(current_user, step, target)
    )
    if saved:
        flash(_("The step is moved to the module %(title)s.", title=target.title), "success")
        return redirect(course_url(course, f"step-{step.id}"))
    form = StepForm.for_step(step)
    return _step_page(form, course, step.module, step, step.kind, None, move_form)
