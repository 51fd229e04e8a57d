"""Virtual class pages: the sessions one is invited to or organizes, scheduling one for a
group one follows (times typed in one's zone), a session's page, its attendance (a checkbox
per member, POST), changing or cancelling it (its organizer, or who may schedule for the
group)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.accounts import groups
from dclic.core.db import db, utcnow
from dclic.core.errors import NotAllowed
from dclic.core.forms import PlainForm, attempt
from dclic.core.i18n import gettext as _
from dclic.mentoring import changes, display, sessions
from dclic.mentoring.forms import CancelItemForm, SessionEditForm, SessionForm


def _form(formdata=None) -> SessionForm:
    form = SessionForm() if formdata is None else SessionForm(formdata=formdata)
    form.group.choices = [(g.id, g.name) for g in sessions.schedulable_groups(current_user)]
    return form


def _list_page(form=None, status=200):
    form = form or _form(formdata=None)
    return render_template(
        "mentoring/sessions.html",
        items=sessions.list_sessions_for(current_user, utcnow()),
        form=form if form.group.choices else None,
        zone=display.viewer_zone(),
        now=utcnow(),
    ), status


@login_required
def class_sessions():
    return _list_page()


@login_required
def schedule():
    form = _form()
    if not form.group.choices:
        raise NotAllowed(_("You may schedule sessions only for a group you follow."))

    def post():
        starts_at, ends_at = display.typed_span(form)
        group = groups.get_group(form.group.data)
        return sessions.schedule_session(
            current_user, group, form.title.data, starts_at, ends_at, form.meeting_url.data
        )

    saved, found = attempt(form, post)
    if saved:
        flash(_("The session is scheduled; the members of the group are invited."), "success")
        return redirect(url_for("mentoring.class_session", session_id=found.id))
    return _list_page(form, 422)


def _session_page(session_id: int, status=200, edit_form=None, cancel_form=None):
    found = sessions.get_session(current_user, session_id)
    may_record = sessions.can_record_attendance(current_user, found)
    may_change = changes.can_manage_session(current_user, found) and not found.is_cancelled
    members = sessions.live_members(groups.get_group(found.group_id)) if may_record else []
    if may_change:
        edit_form = edit_form or display.filled(SessionEditForm, found, display.viewer_zone())
        cancel_form = cancel_form or CancelItemForm(formdata=None)
    return render_template(
        "mentoring/session.html",
        session=found,
        group=groups.get_group(found.group_id),
        members=members,
        attendance=sessions.attendance_of(found) if may_record else {},
        form=PlainForm(formdata=None) if may_record else None,
        edit_form=edit_form if may_change else None,
        cancel_form=cancel_form if may_change else None,
        zone=display.viewer_zone(),
        now=utcnow(),
    ), status


@login_required
def class_session(session_id: int):
    return _session_page(session_id)


@login_required
def attendance(session_id: int):
    found = sessions.get_session(current_user, session_id)
    sessions.record_attendance(current_user, found, request.form.getlist("present"))
    db.session.commit()
    flash(_("The attendance is recorded."), "success")
    return redirect(url_for("mentoring.class_session", session_id=found.id))


@login_required
def edit_session(session_id: int):
    found = sessions.get_session(current_user, session_id)
    form = SessionEditForm()

    def save():
        starts_at, ends_at = display.typed_span(form)
        return changes.update_session(
            current_user, found, form.title.data, starts_at, ends_at, form.meeting_url.data
        )

    saved, _changes = attempt(form, save)
    if saved:
        flash(_("The session is changed; the members of the group are told."), "success")
        return redirect(url_for("mentoring.class_session", session_id=session_id))
    return _session_page(session_id, 422, edit_form=form)


@login_required
def cancel_session(session_id: int):
    found = sessions.get_session(current_user, session_id)
    form = CancelItemForm()
    saved, _found = attempt(
        form, lambda: changes.cancel_session(current_user, found, form.reason.data)
    )
    if saved:
        flash(_("The session is cancelled; the members of the group are told."), "success")
        return redirect(url_for("mentoring.class_session", session_id=session_id))
    return _session_page(session_id, 422, cancel_form=form)
