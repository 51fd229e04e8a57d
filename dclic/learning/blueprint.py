"""URL rules of the learning module (enrolments, player, progress): HTML pages and /api/v1."""

from flask import Blueprint, Flask
from flask_login import current_user

from dclic.courses.labels import TEMPLATE_HELPERS as COURSE_LABELS
from dclic.extensions import csrf
from dclic.learning import api, deadlines, mentor_views, models, queries, views  # noqa: F401
from dclic.learning.content import TEMPLATE_HELPERS

bp = Blueprint("learning", __name__, template_folder="templates")
for rule, view, methods in (
    ("/learn/<code>", views.resume, ["GET"]),
    ("/learn/<code>/<int:step_id>", views.step, ["GET"]),
    ("/learn/<code>/<int:step_id>/done", views.complete, ["POST"]),
    ("/learn/<code>/print", views.print_course, ["GET"]),
    ("/courses/<code>/enrol", views.enrol_course, ["POST"]),
    ("/courses/<code>/withdraw", views.withdraw_course, ["POST"]),
    ("/paths/<code>/enrol", views.enrol_path, ["POST"]),
    ("/paths/<code>/withdraw", views.withdraw_path, ["POST"]),
    ("/my-learning", views.my_learning, ["GET"]),
    ("/learners", mentor_views.find_learner, ["GET"]),
    ("/learners/<learner_code>/progress", mentor_views.learner_progress, ["GET"]),
    ("/learners/<learner_code>/enrolments", mentor_views.enrol_learner, ["POST"]),
    (
        "/learners/<learner_code>/enrolments/<int:enrolment_id>/withdraw",
        mentor_views.withdraw_learner,
        ["POST"],
    ),
    (
        "/learners/<learner_code>/enrolments/<int:enrolment_id>/due",
        mentor_views.set_due,
        ["POST"],
    ),
    ("/groups/<int:group_id>/progress", mentor_views.group_progress, ["GET"]),
    ("/groups/<int:group_id>/enrolments", mentor_views.enrol_group, ["POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)


@bp.context_processor
def _helpers():
    return {**COURSE_LABELS, **TEMPLATE_HELPERS}


api_bp = Blueprint("learning_api", __name__, url_prefix="/api/v1")
for rule, view, methods in (
    ("/me/enrolments", api.my_learning, ["GET"]),
    ("/me/enrolments", api.enrol, ["POST"]),
    ("/me/enrolments/<int:enrolment_id>", api.withdraw, ["DELETE"]),
    ("/me/courses/<code>/progress", api.course_progress, ["GET"]),
    ("/me/courses/<code>/syllabus", api.syllabus, ["GET"]),
    ("/me/steps/<int:step_id>/completion", api.complete_step, ["POST"]),
):
    api_bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
csrf.exempt(api_bp)


def course_state(course):
    """For ``learning/_course_actions.html`` on the public course page."""
    return queries.course_state(current_user, course)


def path_state(path):
    """For ``learning/_path_actions.html`` on the public path page."""
    return queries.path_state(current_user, path)


def init_app(app: Flask) -> None:
    # The course and path pages (courses module) include our two small templates.
    app.jinja_env.globals.update(learning_course_state=course_state, learning_path_state=path_state)
    # Globals, so the macros of learning/_macros.html see them (due dates).
    app.jinja_env.globals.update(
        learning_due_state=deadlines.due_state, learning_due_label=deadlines.day_label
    )
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
