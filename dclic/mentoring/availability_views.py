"""The mentor's availability page: settings, weekly and one-off windows, absences. Times are
typed and shown in the mentor's own zone (named on the page)."""

from __future__ import annotations

from datetime import timedelta

from babel.dates import get_day_names
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.forms import apply_errors
from dclic.core.i18n import get_locale
from dclic.core.i18n import gettext as _
from dclic.mentoring import availability as services
from dclic.mentoring import display, permissions, queries
from dclic.mentoring.forms import AbsenceForm, OneOffWindowForm, SettingsForm, WeeklyWindowForm
from dclic.mentoring.times import local_day_bounds

FORMS = {
    "settings": SettingsForm,
    "weekly": WeeklyWindowForm,
    "once": OneOffWindowForm,
    "absence": AbsenceForm,
}


def _require_mentor() -> None:
    if not permissions.can_offer_appointments(current_user):
        raise NotAllowed(_("Only mentors publish their availability."))


def _blank(name: str):
    if name == "settings":
        settings = queries.get_settings(current_user)
        return SettingsForm(formdata=None, obj=settings, prefix=name)
    form = FORMS[name](formdata=None, prefix=name)
    return form.with_days() if name == "weekly" else form


def _page(name=None, form=None, status=200):
    forms = {key: _blank(key) for key in FORMS}
    if name is not None:
        forms[name] = form
    return render_template(
        "mentoring/availability.html",
        forms=forms,
        windows=queries.list_windows(current_user),
        absences=queries.list_absences(current_user, utcnow()),
        zone=display.viewer_zone(),
        has_zone=bool(current_user.time_zone),
        weekdays=get_day_names("wide", locale=get_locale()),
    ), status


@login_required
def availability():
    _require_mentor()
    return _page()


def _submit(name: str, run, done_message):
    _require_mentor()
    form = FORMS[name](prefix=name)
    if name == "weekly":
        form.with_days()
    status = 422
    if form.validate_on_submit():
        try:
            run(form)
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
            status = exc.status
        else:
            flash(done_message, "success")
            return redirect(url_for("mentoring.availability"))
    return _page(name, form, status)


@login_required
def save_settings():
    def run(form):
        services.save_settings(
            current_user,
            slot_minutes=form.slot_minutes.data,
            buffer_minutes=form.buffer_minutes.data,
            max_per_day=form.max_per_day.data,
            meeting_url=form.meeting_url.data,
            place=form.place.data,
            capacity=form.capacity.data,
        )

    return _submit("settings", run, _("Your settings are saved."))


@login_required
def add_weekly():
    def run(form):
        services.publish_weekly_window(
            current_user,
            form.weekday.data,
            display.minutes_of(form.start.data),
            display.minutes_of(form.end.data, end=True),
        )

    return _submit("weekly", run, _("Your weekly availability is published."))


@login_required
def add_once():
    def run(form):
        zone = display.viewer_zone()
        start = display.instant(form.date.data, form.start.data, zone, "start")
        end_day = form.date.data + timedelta(
            days=1 if display.minutes_of(form.end.data) == 0 else 0
        )
        end = display.instant(end_day, form.end.data, zone, "end")
        services.publish_one_off_window(current_user, start, end)

    return _submit("once", run, _("Your availability is published."))


@login_required
def add_absence():
    def run(form):
        display.check_day(form.first_day.data, "first_day")
        display.check_day(form.last_day.data, "last_day")
        if form.last_day.data < form.first_day.data:
            raise Invalid(
                _("Some fields are not valid."),
                {"last_day": [_("The last day cannot come before the first.")]},
            )
        zone = display.viewer_zone()
        start = local_day_bounds(form.first_day.data, zone)[0]
        end = local_day_bounds(form.last_day.data, zone)[1]
        services.add_absence(current_user, start, end, form.note.data or "")

    return _submit("absence", run, _("Your absence is saved: no time is offered then."))


@login_required
def remove_window(window_id: int):
    _require_mentor()
    services.remove_window(current_user, queries.get_window(current_user, window_id))
    db.session.commit()
    flash(_("This availability is withdrawn. Appointments already made stay."), "success")
    return redirect(url_for("mentoring.availability"))


@login_required
def remove_absence(absence_id: int):
    _require_mentor()
    services.remove_absence(current_user, queries.get_absence(current_user, absence_id))
    db.session.commit()
    flash(_("This absence is removed."), "success")
    return redirect(url_for("mentoring.availability"))
