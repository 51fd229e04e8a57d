"""URL rules of the mentoring module: availability, booking, appointments, agendas, feeds,
the mentors' dashboard and notes, virtual class sessions, announcements and the queue."""

from flask import Blueprint, Flask
from flask_login import current_user

from dclic.extensions import csrf
from dclic.mentoring import (  # noqa: F401 - models: tables; kinds: notification kinds
    agenda_views,
    api,
    availability_views,
    dashboard_views,
    event_views,
    kinds,
    models,
    outreach_models,
    outreach_views,
    reassign_views,
    session_views,
    views,
)
from dclic.mentoring.announcements import latest_for
from dclic.mentoring.display import TEMPLATE_HELPERS

bp = Blueprint("mentoring", __name__, template_folder="templates")
for rule, view, methods in (
    ("/mentoring", views.home, ["GET"]),
    ("/mentoring/availability", availability_views.availability, ["GET"]),
    ("/mentoring/availability/settings", availability_views.save_settings, ["POST"]),
    ("/mentoring/availability/weekly", availability_views.add_weekly, ["POST"]),
    ("/mentoring/availability/once", availability_views.add_once, ["POST"]),
    (
        "/mentoring/availability/windows/<int:window_id>/delete",
        availability_views.remove_window,
        ["POST"],
    ),
    ("/mentoring/availability/absences", availability_views.add_absence, ["POST"]),
    (
        "/mentoring/availability/absences/<int:absence_id>/delete",
        availability_views.remove_absence,
        ["POST"],
    ),
    ("/mentoring/mentors/<mentor_code>", views.book_page, ["GET"]),
    ("/mentoring/mentors/<mentor_code>/book", views.book, ["POST"]),
    ("/mentoring/mentors/<mentor_code>/request", views.request_free, ["POST"]),
    ("/appointments/<int:appointment_id>", views.appointment, ["GET"]),
    ("/appointments/<int:appointment_id>.ics", views.download, ["GET"]),
    ("/appointments/<int:appointment_id>/accept", views.accept, ["POST"]),
    ("/appointments/<int:appointment_id>/decline", views.decline, ["POST"]),
    ("/appointments/<int:appointment_id>/propose", views.propose, ["POST"]),
    ("/appointments/<int:appointment_id>/cancel", views.cancel, ["POST"]),
    ("/appointments/<int:appointment_id>/reschedule", views.reschedule, ["GET", "POST"]),
    ("/appointments/<int:appointment_id>/report", views.report, ["POST"]),
    ("/appointments/<int:appointment_id>/rating", views.rate, ["POST"]),
    ("/agenda", agenda_views.agenda, ["GET"]),
    ("/agenda/feed", agenda_views.open_feed, ["POST"]),
    ("/agenda/feed/revoke", agenda_views.revoke_feed, ["POST"]),
    ("/calendar/<secret>.ics", agenda_views.feed, ["GET"]),
    ("/mentoring/learners", dashboard_views.learners, ["GET"]),
    ("/mentoring/learners/<learner_code>", dashboard_views.learner, ["GET"]),
    ("/mentoring/learners/<learner_code>/notes", dashboard_views.add_note, ["POST"]),
    ("/mentoring/sessions", session_views.class_sessions, ["GET"]),
    ("/mentoring/sessions", session_views.schedule, ["POST"]),
    ("/mentoring/sessions/<int:session_id>", session_views.class_session, ["GET"]),
    ("/mentoring/sessions/<int:session_id>/attendance", session_views.attendance, ["POST"]),
    ("/mentoring/sessions/<int:session_id>/edit", session_views.edit_session, ["POST"]),
    ("/mentoring/sessions/<int:session_id>/cancel", session_views.cancel_session, ["POST"]),
    ("/mentoring/announcements", outreach_views.list_announcements, ["GET"]),
    ("/mentoring/announcements", outreach_views.post_announcement, ["POST"]),
    ("/mentoring/queue", outreach_views.waiting_queue, ["GET"]),
    ("/mentoring/queue/<int:enrolment_id>/take", outreach_views.take, ["POST"]),
    ("/mentoring/enrolments/<int:enrolment_id>/mentor", reassign_views.mentor_page, ["GET"]),
    ("/mentoring/enrolments/<int:enrolment_id>/mentor", reassign_views.assign, ["POST"]),
    ("/agenda/events", outreach_views.shared_events, ["GET"]),
    ("/agenda/events", outreach_views.post_event, ["POST"]),
    ("/agenda/events/<int:event_id>", event_views.shared_event, ["GET"]),
    ("/agenda/events/<int:event_id>/edit", event_views.edit_event, ["POST"]),
    ("/agenda/events/<int:event_id>/cancel", event_views.cancel_event, ["POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)


api_bp = Blueprint("mentoring_api", __name__, url_prefix="/api/v1")
for rule, view, methods in (
    ("/me/appointments", api.list_appointments, ["GET"]),
    ("/me/appointments", api.book, ["POST"]),
    ("/me/appointments/<int:appointment_id>", api.get_appointment, ["GET"]),
    ("/me/appointments/<int:appointment_id>/accept", api.accept, ["POST"]),
    ("/me/appointments/<int:appointment_id>/decline", api.decline, ["POST"]),
    ("/me/appointments/<int:appointment_id>/propose", api.propose, ["POST"]),
    ("/me/appointments/<int:appointment_id>/cancel", api.cancel, ["POST"]),
    ("/me/appointments/<int:appointment_id>/reschedule", api.reschedule, ["POST"]),
    ("/me/mentors/<mentor_code>/slots", api.free_slots, ["GET"]),
):
    api_bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
csrf.exempt(api_bp)


def _announcements_for_viewer():
    return latest_for(current_user)


def init_app(app: Flask) -> None:
    # Globals (prefixed), so the macros of mentoring/_macros.html see them too.
    app.jinja_env.globals.update(TEMPLATE_HELPERS)
    # The home page's announcements (site/home.html includes mentoring/_announcements.html).
    app.jinja_env.globals["mentoring_announcements"] = _announcements_for_viewer
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
