"""Changing a learner's mentor (pedagogical team, ``mentor.assign``): the page of one path
enrolment with its mentors' history and the mentors one may name (their load against their
capacity, a name search narrowing them, no JavaScript), and the POST that names one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.accounts import queries as accounts
from dclic.core.errors import Invalid, NotAllowed
from dclic.core.forms import attempt
from dclic.core.i18n import gettext as _
from dclic.mentoring import queue, reassign
from dclic.mentoring.forms import ReassignForm


def _require_assigner() -> None:
    if not queue.can_assign_mentors(current_user):
        raise NotAllowed(_("Only the pedagogical team assigns mentors."))


def _page(enrolment_id: int, form=None, status=200):
    enrolment = queue.get_enrolment(enrolment_id)
    search = request.args.get("q", "")[:100]
    candidates, total = reassign.eligible_mentors(enrolment.user, search)
    return render_template(
        "mentoring/reassign.html",
        enrolment=enrolment,
        periods=queue.history(enrolment),
        candidates=candidates,
        total=total,
        search=search,
        form=form or ReassignForm(formdata=None),
    ), status


@login_required
def mentor_page(enrolment_id: int):
    _require_assigner()
    return _page(enrolment_id)


QUEUE = "-"  # the page's choice "no mentor: back to the queue"


def _named(code):
    if code is None:
        raise Invalid(_("Some fields are not valid."), {"mentor": [_("Choose a mentor.")]})
    code = "" if code == QUEUE else code.strip()
    mentor = accounts.get_user_by_learner_code(code) if code else None
    if code and mentor is None:
        raise Invalid(_("Some fields are not valid."), {"mentor": [_("No account has this code.")]})
    return mentor


@login_required
def assign(enrolment_id: int):
    _require_assigner()
    enrolment = queue.get_enrolment(enrolment_id)
    form = ReassignForm()
    saved, _changes = attempt(
        form,
        lambda: queue.assign_mentor(
            current_user, enrolment, _named(request.form.get("mentor")), form.reason.data or ""
        ),
    )
    if saved:
        flash(_("The mentor is assigned."), "success")
        if request.form.get("from") == "queue":
            return redirect(url_for("mentoring.waiting_queue"))
        return redirect(url_for("mentoring.mentor_page", enrolment_id=enrolment.id))
    return _page(enrolment_id, form, 422)
