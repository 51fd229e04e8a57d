"""Learners' pages: the course player, the printable course, enrolling and leaving, and
"My learning". Every page works without JavaScript; every change is a POST with its CSRF token.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db
from dclic.core.errors import Conflict, NotFound
from dclic.core.i18n import gettext as _
from dclic.courses import queries as courses
from dclic.learning import permissions, queries, services
from dclic.learning.forms import FindLearnerForm


def _preview() -> bool:
    return request.args.get("preview") == "1"


def _step_url(player, step, **values):
    if player.is_preview:
        values["preview"] = "1"
    return url_for("learning.step", code=player.course.code, step_id=step.id, **values)


def _locked(player):
    """The friendly 403 page of a course locked by its prerequisites in the learner's paths."""
    return render_template("learning/locked.html", player=player), 403


@login_required
def resume(code: str):
    player = queries.get_player(current_user, code, preview=_preview())
    if player.is_locked:
        return _locked(player)
    step = player.resume_step()
    if step is None:
        return render_template("learning/empty.html", player=player)
    return redirect(_step_url(player, step))


@login_required
def step(code: str, step_id: int):
    player = queries.get_player(current_user, code, preview=_preview())
    if player.is_locked:
        return _locked(player)
    current = player.step(step_id)
    if current is None:
        raise NotFound(_("This step is not part of this course."))
    if code != player.course.code:
        return redirect(_step_url(player, current), 301)
    if not player.is_preview:
        player.enrolment = services.visit_step(current_user, current_user, current)
        player.done_ids = queries.done_step_ids(current_user, player.course)
    html = render_template(
        "learning/step.html",
        player=player,
        step=current,
        show_video=request.args.get("video") == "1",
        step_url=lambda s, **values: _step_url(player, s, **values),
    )
    db.session.commit()  # after rendering: the page needs no reload of what it shows
    return html


@login_required
def complete(code: str, step_id: int):
    player = queries.get_player(current_user, code)
    if player.is_locked:
        return _locked(player)
    current = player.step(step_id)
    if current is None:
        raise NotFound(_("This step is not part of this course."))
    was_completed = player.is_completed
    enrolment = services.complete_step(current_user, current_user, current)
    finished_now = enrolment.status == "completed" and not was_completed
    title = player.course.title
    target = _step_url(player, player.neighbours(current)[1] or current)
    db.session.commit()
    if finished_now:
        flash(
            _("Congratulations: you have completed the course “%(title)s”!", title=title), "success"
        )
    return redirect(target)


@login_required
def print_course(code: str):
    player = queries.get_player(current_user, code, preview=_preview())
    if player.is_locked:
        return _locked(player)
    return render_template("learning/print.html", player=player)


@login_required
def enrol_course(code: str):
    course = courses.get_published_course(code)
    services.enrol_in_course(current_user, current_user, course)
    code = course.code
    db.session.commit()
    flash(_("You are enrolled. Good learning!"), "success")
    return redirect(url_for("learning.resume", code=code))


@login_required
def enrol_path(code: str):
    path = courses.get_published_path(code)
    services.enrol_in_path(current_user, current_user, path)
    code = path.code
    db.session.commit()
    flash(_("You are enrolled in the path and in each of its courses."), "success")
    return redirect(url_for("courses.path", code=code))


def _withdraw(enrolment, title: str):
    try:
        services.withdraw(current_user, enrolment)
    except Conflict as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(_("You have left “%(title)s”. Your progress is kept.", title=title), "success")
    return redirect(url_for("learning.my_learning"))


@login_required
def withdraw_course(code: str):
    course = courses.get_published_course(code)
    enrolment = queries.get_enrolment(current_user, course=course)
    if enrolment is None:
        raise NotFound(_("You are not enrolled in this course."))
    return _withdraw(enrolment, course.title)


@login_required
def withdraw_path(code: str):
    path = courses.get_published_path(code)
    enrolment = queries.get_enrolment(current_user, path=path)
    if enrolment is None:
        raise NotFound(_("You are not enrolled in this learning path."))
    return _withdraw(enrolment, path.title)


def _own_withdraw_url(enrolment) -> str | None:
    if not permissions.can_withdraw(current_user, enrolment):
        return None
    if enrolment.course_id:
        return url_for("learning.withdraw_course", code=enrolment.course.code)
    return url_for("learning.withdraw_path", code=enrolment.path.code)


@login_required
def my_learning():
    groups = permissions.followed_groups(current_user)
    return render_template(
        "learning/my_learning.html",
        overview=queries.get_overview(current_user),
        withdraw_url=_own_withdraw_url,
        groups=groups,
        may_follow=permissions.may_follow_someone(current_user, groups),
        find_form=FindLearnerForm(formdata=None),
    )
