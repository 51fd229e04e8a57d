"""Mentors' and administrators' pages: one learner's progress, a group's progress, enrolling
a learner (by their code) or a whole group, with an optional due date (changed afterwards on
the learner's page).

Rights are checked first so a refused visitor learns nothing (not even whether a code or a
group exists); the services and queries check them again.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic import audit
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed, NotFound
from dclic.core.forms import apply_errors
from dclic.core.i18n import gettext as _
from dclic.core.i18n import ngettext
from dclic.learning import deadlines, permissions, queries, services
from dclic.learning.forms import DueForm, EnrolForm, FindLearnerForm
from dclic.learning.models import Enrolment


def _require_follower() -> None:
    if not permissions.may_follow_someone(current_user):
        raise NotAllowed(_("Only mentors and the pedagogical team follow learners."))


def _enrol_form(formdata=None) -> EnrolForm:
    form = EnrolForm() if formdata is None else EnrolForm(formdata=formdata)
    form.target.choices = [("", _("Choose…")), *queries.target_choices()]
    return form


@login_required
def find_learner():
    _require_follower()
    form = FindLearnerForm(formdata=request.args)
    if form.validate():
        learner = queries.find_account(form.code.data)
        if learner is not None:
            return redirect(url_for("learning.learner_progress", learner_code=learner.learner_code))
        form.code.errors = [*form.code.errors, _("No account has this learner code.")]
    return render_template("learning/find_learner.html", form=form), 422


def _due_url(learner):
    def url(enrolment):
        if not deadlines.can_set_due_on(current_user, enrolment):
            return None
        return url_for(
            "learning.set_due", learner_code=learner.learner_code, enrolment_id=enrolment.id
        )

    return url


def _show_learner(learner, form=None, status=200, due_form=None, due_for=None):
    overview = queries.get_learner_overview(current_user, learner)
    may_enrol = permissions.can_manage_enrolments_of(current_user, learner)
    audit.record("view_progress", object_type="users", object_id=learner.id)
    html = render_template(
        "learning/learner_progress.html",
        learner=learner,
        overview=overview,
        form=(form or _enrol_form(formdata=None)) if may_enrol else None,
        withdraw_url=lambda enrolment: (
            url_for(
                "learning.withdraw_learner",
                learner_code=learner.learner_code,
                enrolment_id=enrolment.id,
            )
            if permissions.can_withdraw(current_user, enrolment)
            else None
        ),
        due_url=_due_url(learner) if may_enrol else None,
        due_form=due_form,
        due_for=due_for,
    )
    db.session.commit()  # the look at someone's progress is recorded
    return html, status


@login_required
def learner_progress(learner_code: str):
    _require_follower()
    learner = queries.get_learner(learner_code)
    if learner_code != learner.learner_code:
        return redirect(url_for("learning.learner_progress", learner_code=learner.learner_code))
    if learner.id == current_user.id:
        return redirect(url_for("learning.my_learning"))
    return _show_learner(learner)


@login_required
def enrol_learner(learner_code: str):
    _require_follower()
    learner = queries.get_learner(learner_code)
    form = _enrol_form()
    if form.validate_on_submit():
        try:
            target = queries.parse_target(form.target.data)
            enrolment = services.enrol_by_learner_code(
                current_user, learner_code, target, mentor=queries.get_mentor(form.mentor.data)
            )
            if form.due_on.data:
                deadlines.set_due_on(current_user, enrolment, form.due_on.data)
            title = target.title
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(
                _("%(name)s is enrolled in “%(title)s”.", name=learner.display_name, title=title),
                "success",
            )
            return redirect(url_for("learning.learner_progress", learner_code=learner.learner_code))
    return _show_learner(learner, form=form, status=422)


@login_required
def withdraw_learner(learner_code: str, enrolment_id: int):
    _require_follower()
    learner = queries.get_learner(learner_code)
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.user_id != learner.id:
        raise NotFound(_("This learner has no such enrolment."))
    try:
        services.withdraw(current_user, enrolment)
    except Conflict as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("The enrolment is withdrawn; the learner's progress is kept."), "success")
    return redirect(url_for("learning.learner_progress", learner_code=learner.learner_code))


@login_required
def set_due(learner_code: str, enrolment_id: int):
    _require_follower()
    learner = queries.get_learner(learner_code)
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.user_id != learner.id:
        raise NotFound(_("This learner has no such enrolment."))
    form = DueForm()
    if form.validate_on_submit():
        try:
            deadlines.set_due_on(current_user, enrolment, form.due_on.data)
            db.session.commit()
        except Invalid as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(_("The due date is saved."), "success")
            return redirect(
                url_for(
                    "learning.learner_progress",
                    learner_code=learner.learner_code,
                    _anchor=f"due-{enrolment.id}",
                )
            )
    return _show_learner(learner, status=422, due_form=form, due_for=enrolment.id)


def _show_group(group_id: int, form=None, status=200):
    group, rows = queries.get_group_overview(current_user, group_id)
    may_enrol = permissions.can_manage_group_enrolments(current_user, group)
    return render_template(
        "learning/group_progress.html",
        group=group,
        rows=rows,
        form=(form or _enrol_form(formdata=None)) if may_enrol else None,
    ), status


@login_required
def group_progress(group_id: int):
    _require_follower()
    return _show_group(group_id)


@login_required
def enrol_group(group_id: int):
    _require_follower()
    group = queries.get_group(current_user, group_id)
    form = _enrol_form()
    if form.validate_on_submit():
        try:
            target = queries.parse_target(form.target.data)
            result = services.enrol_group(
                current_user, group, target, mentor=queries.get_mentor(form.mentor.data)
            )
            if form.due_on.data:
                for enrolment in [*result.enrolled, *result.already]:
                    deadlines.set_due_on(current_user, enrolment, form.due_on.data)
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            enrolled, already = len(result.enrolled), len(result.already)
            message = ngettext("%(num)d member enrolled.", "%(num)d members enrolled.", enrolled)
            if already:
                message += " " + ngettext(
                    "%(num)d was already enrolled.", "%(num)d were already enrolled.", already
                )
            flash(message, "success")
            return redirect(url_for("learning.group_progress", group_id=group_id))
    return _show_group(group_id, form=form, status=422)
