"""Appointment pages: the mentoring home, booking with one's mentor, one appointment and the
answers to it. No JavaScript; every change is a POST with its CSRF token; a form with errors
comes back with them on its fields (422), a time taken meanwhile with the reason (409)."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid
from dclic.core.forms import apply_errors
from dclic.core.i18n import gettext as _
from dclic.mentoring import display, ical, permissions, queries, services, states
from dclic.mentoring.forms import (
    AcceptForm,
    BookForm,
    FreeRequestForm,
    ProposeForm,
    RatingForm,
    ReasonForm,
    ReportForm,
    RescheduleForm,
)

WEEKS_AHEAD = 8  # how many weeks of slots a learner may page through


def _week() -> int:
    week = request.args.get("week", "0")
    return min(max(int(week), 0), WEEKS_AHEAD - 1) if week.isdigit() else 0


def _try(form, action) -> int | None:
    """Run ``action`` then commit; on a refusal, put its messages on ``form`` and give the
    status to answer (422 bad input, 409 conflict). None when all went well."""
    try:
        action()
        db.session.commit()
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        apply_errors(form, exc.errors, exc.message)
        return exc.status
    return None


@login_required
def home():
    return render_template(
        "mentoring/home.html",
        awaiting=queries.list_awaiting(current_user),
        mentors=queries.list_mentors_of(current_user),
        may_offer=permissions.can_offer_appointments(current_user),
        may_follow=permissions.may_follow_learners(current_user),
    )


# --- booking -----------------------------------------------------------------------------------


def _book_page(mentor, book_form=None, free_form=None, status=200):
    zone = display.viewer_zone()
    week = _week()
    start, end, first = display.week_bounds(zone, utcnow(), week)
    free = queries.free_slots(mentor, start, end, services.earliest_booking())
    book_form = book_form or BookForm(formdata=None)
    book_form.slot.choices = [(display.slot_value(s), "") for s in free]
    html = render_template(
        "mentoring/book.html",
        mentor=mentor,
        days=display.slot_days(free, zone),
        week=week,
        weeks=WEEKS_AHEAD,
        first=first,
        zone=zone,
        book_form=book_form,
        free_form=free_form or FreeRequestForm(formdata=None, prefix="free"),
        zone_at=start,
    )
    return html, status


@login_required
def book_page(mentor_code: str):
    return _book_page(queries.get_mentor_for(current_user, mentor_code))


@login_required
def book(mentor_code: str):
    mentor = queries.get_mentor_for(current_user, mentor_code)
    form = BookForm()
    status = 422
    if form.validate_on_submit():
        status = _try(
            form,
            lambda: services.book(
                current_user,
                mentor,
                display.parse_slot(form.slot.data),
                form.topic.data,
                form.message.data or "",
            ),
        )
        if status is None:
            flash(_("Your request is sent. Your mentor will answer it."), "success")
            return redirect(url_for("mentoring.agenda"))
    return _book_page(mentor, book_form=form, status=status)


@login_required
def request_free(mentor_code: str):
    mentor = queries.get_mentor_for(current_user, mentor_code)
    form = FreeRequestForm(prefix="free")
    status = 422
    if form.validate_on_submit():
        status = _try(
            form,
            lambda: services.request_free(
                current_user, mentor, form.topic.data, form.message.data or ""
            ),
        )
        if status is None:
            flash(_("Your request is sent. Your mentor will propose a time."), "success")
            return redirect(url_for("mentoring.agenda"))
    return _book_page(mentor, free_form=form, status=status)


# --- one appointment ---------------------------------------------------------------------------


def _forms(appointment) -> dict:
    """A blank form for each action the viewer may do now (prefixed: one page, many forms)."""
    allowed = states.allowed_actions(current_user, appointment, utcnow(), services.notice_period())
    makers = {
        "accept": lambda: AcceptForm(formdata=None, prefix="accept"),
        "decline": lambda: ReasonForm(formdata=None, prefix="decline"),
        "cancel": lambda: ReasonForm(formdata=None, prefix="cancel"),
        "propose": lambda: ProposeForm(formdata=None, prefix="propose"),
        "report": lambda: ReportForm(formdata=None, prefix="report", report=appointment.report),
        "rate": lambda: RatingForm(formdata=None, prefix="rate", rating=appointment.rating),
    }
    return {action: maker() for action, maker in makers.items() if action in allowed} | {
        "reschedule": "reschedule" in allowed
    }


def _show(appointment, action=None, form=None, status=200):
    forms = _forms(appointment)
    if action is not None:
        forms[action] = form
    return render_template(
        "mentoring/appointment.html",
        appointment=appointment,
        other=display.other_person(appointment, current_user)
        if permissions.is_party(current_user, appointment)
        else None,
        forms=forms,
        role=states.role_of(current_user, appointment),
        notice_hours=int(services.notice_period().total_seconds() // 3600),
    ), status


@login_required
def appointment(appointment_id: int):
    return _show(queries.get_appointment(current_user, appointment_id))


def _act(appointment_id: int, action: str, form_class, run, done_message):
    """Answer a POST of one of the appointment page's forms."""
    appointment = queries.get_appointment(current_user, appointment_id)
    form = form_class(prefix=action)
    status = 422
    if form.validate_on_submit():
        status = _try(form, lambda: run(appointment, form))
        if status is None:
            flash(done_message, "success")
            return redirect(url_for("mentoring.appointment", appointment_id=appointment_id))
    return _show(appointment, action, form, status)


@login_required
def accept(appointment_id: int):
    def run(appointment, form):
        services.accept(
            current_user,
            appointment,
            meeting_url=form.meeting_url.data,
            place=form.place.data,
        )

    return _act(appointment_id, "accept", AcceptForm, run, _("The appointment is confirmed."))


@login_required
def decline(appointment_id: int):
    def run(appointment, form):
        services.decline(current_user, appointment, form.reason.data)

    return _act(appointment_id, "decline", ReasonForm, run, _("The appointment is declined."))


@login_required
def cancel(appointment_id: int):
    def run(appointment, form):
        services.cancel(current_user, appointment, form.reason.data)

    return _act(appointment_id, "cancel", ReasonForm, run, _("The appointment is cancelled."))


@login_required
def propose(appointment_id: int):
    def run(appointment, form):
        zone = display.viewer_zone()
        start = display.instant(form.date.data, form.start.data, zone, "start")
        end = start + timedelta(minutes=form.duration.data)
        services.propose(current_user, appointment, start, end, form.reason.data)

    return _act(appointment_id, "propose", ProposeForm, run, _("Your proposal is sent."))


@login_required
def report(appointment_id: int):
    def run(appointment, form):
        services.write_report(current_user, appointment, form.report.data)

    return _act(appointment_id, "report", ReportForm, run, _("The report is saved."))


@login_required
def rate(appointment_id: int):
    def run(appointment, form):
        services.rate(current_user, appointment, form.rating.data)

    return _act(appointment_id, "rate", RatingForm, run, _("Thank you for your rating."))


def _reschedule_page(appointment, form=None, status=200):
    zone = display.viewer_zone()
    week = _week()
    start, end, first = display.week_bounds(zone, utcnow(), week)
    free = queries.free_slots(
        appointment.mentor, start, end, services.earliest_booking(), exclude_id=appointment.id
    )
    form = form or RescheduleForm(formdata=None)
    form.slot.choices = [(display.slot_value(s), "") for s in free]
    return render_template(
        "mentoring/reschedule.html",
        appointment=appointment,
        days=display.slot_days(free, zone),
        week=week,
        weeks=WEEKS_AHEAD,
        first=first,
        zone=zone,
        zone_at=start,
        form=form,
        needs_reason=states.needs_reason(appointment, "reschedule"),
    ), status


@login_required
def reschedule(appointment_id: int):
    """The learner picks another free slot (the mentor proposes a time on the main page)."""
    appointment = queries.get_appointment(current_user, appointment_id)
    states.check(current_user, appointment, "reschedule", utcnow(), services.notice_period())
    if request.method == "GET":
        return _reschedule_page(appointment)
    form = RescheduleForm()
    status = 422
    if form.validate_on_submit():
        status = _try(
            form,
            lambda: services.reschedule(
                current_user, appointment, display.parse_slot(form.slot.data), form.reason.data
            ),
        )
        if status is None:
            flash(_("Your request for another time is sent."), "success")
            return redirect(url_for("mentoring.appointment", appointment_id=appointment_id))
    return _reschedule_page(appointment, form, status)


@login_required
def download(appointment_id: int):
    """The appointment as a ``.ics`` file, for one of its two people."""
    appointment = queries.get_appointment(current_user, appointment_id)
    if not permissions.is_party(current_user, appointment) or appointment.starts_at is None:
        return redirect(url_for("mentoring.appointment", appointment_id=appointment_id))
    return Response(
        ical.calendar_of([appointment], current_user, _("Appointment")),
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="appointment-{appointment.id}.ics"',
            "Cache-Control": "private, no-store",
        },
    )
