"""The page of one shared-agenda event: its details and, for its author or its agenda's
managers, the forms to change or cancel it (times typed in one's zone)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from dclic.core.db import utcnow
from dclic.core.forms import attempt
from dclic.core.i18n import gettext as _
from dclic.mentoring import changes, display
from dclic.mentoring.forms import CancelItemForm, EventEditForm


def _page(event_id: int, edit_form=None, cancel_form=None, status=200):
    event = changes.get_event(current_user, event_id)
    zone = display.viewer_zone()
    may_manage = changes.can_manage_event(current_user, event) and event.cancelled_at is None
    if may_manage:
        edit_form = edit_form or display.filled(EventEditForm, event, zone, place=event.place)
        cancel_form = cancel_form or CancelItemForm(formdata=None)
    return render_template(
        "mentoring/event.html",
        event=event,
        edit_form=edit_form if may_manage else None,
        cancel_form=cancel_form if may_manage else None,
        zone=zone,
        now=utcnow(),
    ), status


@login_required
def shared_event(event_id: int):
    return _page(event_id)


@login_required
def edit_event(event_id: int):
    event = changes.get_event(current_user, event_id)
    form = EventEditForm()

    def save():
        starts_at, ends_at = display.typed_span(form)
        return changes.update_event(
            current_user, event, form.title.data, starts_at, ends_at, form.place.data
        )

    saved, _changes = attempt(form, save)
    if saved:
        flash(_("The event is changed; those invited are told."), "success")
        return redirect(url_for("mentoring.shared_event", event_id=event_id))
    return _page(event_id, edit_form=form, status=422)


@login_required
def cancel_event(event_id: int):
    event = changes.get_event(current_user, event_id)
    form = CancelItemForm()
    saved, _event = attempt(
        form, lambda: changes.cancel_event(current_user, event, form.reason.data)
    )
    if saved:
        flash(_("The event is cancelled; those invited are told."), "success")
        return redirect(url_for("mentoring.shared_event", event_id=event_id))
    return _page(event_id, cancel_form=form, status=422)
