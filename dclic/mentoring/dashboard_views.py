"""The mentors' follow-up pages: their learners (stuck ones first) and one learner's page
with the mentors' notes. Rights are checked before anything is looked up, then again in
``notes.py``."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from dclic import audit
from dclic.core.db import db, utcnow
from dclic.core.errors import NotAllowed
from dclic.core.forms import attempt
from dclic.core.i18n import gettext as _
from dclic.learning import queries as learning
from dclic.mentoring import dashboard, notes, permissions, queries, queue, reassign
from dclic.mentoring.forms import NoteForm


def _require_mentor() -> None:
    if not permissions.may_follow_learners(current_user):
        raise NotAllowed(_("Only mentors and the pedagogical team follow learners."))


@login_required
def learners():
    _require_mentor()
    now = utcnow()
    return render_template(
        "mentoring/learners.html",
        rows=dashboard.list_learners(current_user, now),
        stuck_days=dashboard.stuck_after().days,
        now=now,
    )


def _learner_page(learner, form=None, status=200):
    found = notes.list_notes(current_user, learner)
    html = render_template(
        "mentoring/learner.html",
        learner=learner,
        notes=found,
        form=form or NoteForm(formdata=None),
        appointments=queries.list_with(current_user, learner, utcnow()),
        enrolments=(
            reassign.path_enrolments(learner) if queue.can_assign_mentors(current_user) else []
        ),
    )
    audit.record("view_mentor_notes", object_type="users", object_id=learner.id)
    db.session.commit()  # the look at the notes is recorded
    return html, status


@login_required
def learner(learner_code: str):
    _require_mentor()
    found = learning.get_learner(learner_code)
    if learner_code != found.learner_code:
        return redirect(url_for("mentoring.learner", learner_code=found.learner_code))
    return _learner_page(found)


@login_required
def add_note(learner_code: str):
    _require_mentor()
    found = learning.get_learner(learner_code)
    form = NoteForm()
    saved, _note = attempt(form, lambda: notes.add_note(current_user, found, form.body.data))
    if saved:
        return redirect(
            url_for("mentoring.learner", learner_code=found.learner_code, _anchor="notes")
        )
    return _learner_page(found, form=form, status=422)
