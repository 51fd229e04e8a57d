"""Mentors' announcements (list and form) and the queue of learners waiting for a mentor
(take one; the pedagogical team assigns: ``reassign_views.py``), the shared agendas' events."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db, utcnow
from dclic.core.errors import NotAllowed
from dclic.core.forms import attempt
from dclic.core.i18n import gettext as _
from dclic.mentoring import announcements, display, events, permissions, queue
from dclic.mentoring.forms import AnnouncementForm, AssignForm, EventForm


def _announcement_form(formdata=None) -> AnnouncementForm:
    form = AnnouncementForm() if formdata is None else AnnouncementForm(formdata=formdata)
    form.audience.choices = announcements.audiences(current_user)
    return form


def _announcements_page(form=None, status=200):
    form = form or _announcement_form(formdata=None)
    if not form.audience.choices:
        raise NotAllowed(_("Only mentors write announcements."))
    return render_template(
        "mentoring/announcements.html", form=form, items=announcements.list_by(current_user)
    ), status


@login_required
def list_announcements():
    return _announcements_page()


@login_required
def post_announcement():
    form = _announcement_form()
    saved, _result = attempt(
        form,
        lambda: announcements.post_announcement(
            current_user, form.audience.data, form.title.data, form.body.data
        ),
    )
    if saved:
        flash(_("Your announcement is published and sent."), "success")
        return redirect(url_for("mentoring.list_announcements"))
    return _announcements_page(form, 422)


@login_required
def waiting_queue():
    may_assign = queue.can_assign_mentors(current_user)
    number = request.args.get("page", "1")
    number = min(int(number), 10_000) if number.isdigit() and int(number) > 0 else 1
    return render_template(
        "mentoring/queue.html",
        page=queue.queue_page(current_user, number),
        followed=queue.count_followed(current_user),
        capacity=queue.capacity_of(current_user),
        may_take=permissions.can_offer_appointments(current_user),
        assign_form=AssignForm(formdata=None) if may_assign else None,
    )


@login_required
def take(enrolment_id: int):
    enrolment = queue.get_enrolment(enrolment_id)
    queue.take_learner(current_user, enrolment)
    db.session.commit()
    flash(_("You are now this learner's mentor."), "success")
    return redirect(url_for("mentoring.waiting_queue"))


def _event_form(formdata=None) -> EventForm:
    form = EventForm() if formdata is None else EventForm(formdata=formdata)
    form.target.choices, form.more_targets = events.postable_contexts(
        current_user, request.args.get("q", "")
    )
    chosen = events.context_label(form.target.data) if form.target.data else None
    if chosen is not None and chosen not in form.target.choices:
        form.target.choices.insert(0, chosen)  # what was picked stays picked
    return form


def _events_page(form=None, status=200):
    form = form or _event_form(formdata=None)
    return render_template(
        "mentoring/events.html",
        items=events.list_events_for(current_user, utcnow()),
        form=form if events.may_post_somewhere(current_user) else None,
        search=request.args.get("q", "")[:100],
        zone=display.viewer_zone(),
        now=utcnow(),
    ), status


@login_required
def shared_events():
    return _events_page()


@login_required
def post_event():
    if not events.may_post_somewhere(current_user):
        raise NotAllowed(_("You may not post on this agenda."))
    form = _event_form()

    def post():
        kind, _sep, target_id = (form.target.data or "").partition(":")
        starts_at, ends_at = display.typed_span(form)
        return events.post_event(
            current_user, kind, target_id, form.title.data, starts_at, ends_at, form.place.data
        )

    saved, _event = attempt(form, post)
    if saved:
        flash(_("The event is on the agenda."), "success")
        return redirect(url_for("mentoring.shared_events"))
    return _events_page(form, 422)
