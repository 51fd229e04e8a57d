"""URL rules of the catalogue: HTML pages and the /api/v1 endpoints."""

from flask import Blueprint, Flask

from dclic.courses import api, history_views, permissions, views
from dclic.courses.labels import TEMPLATE_HELPERS
from dclic.extensions import csrf

bp = Blueprint("courses", __name__, template_folder="templates")
bp.add_url_rule("/catalogue", view_func=views.catalogue)
bp.add_url_rule("/courses/<code>", view_func=views.course)
bp.add_url_rule("/paths", view_func=views.paths)
bp.add_url_rule("/paths/<code>", view_func=views.path)
for kind, prefix in (("course", "/courses"), ("path", "/paths")):
    bp.add_url_rule(
        f"{prefix}/<code>/history",
        f"{kind}_history",
        history_views.versions,
        defaults={"kind": kind},
    )
    bp.add_url_rule(
        f"{prefix}/<code>/history/compare",
        f"{kind}_compare",
        history_views.compare,
        defaults={"kind": kind},
    )
    bp.add_url_rule(
        f"{prefix}/<code>/history/<int:number>/restore",
        f"{kind}_restore",
        history_views.restore,
        defaults={"kind": kind},
        methods=["POST"],
    )


@bp.context_processor
def _labels():
    return {**TEMPLATE_HELPERS, "can_edit_courses": permissions.can_edit_courses}


api_bp = Blueprint("courses_api", __name__, url_prefix="/api/v1")
api_bp.add_url_rule("/courses", view_func=api.list_courses)
api_bp.add_url_rule("/courses/<code>", view_func=api.get_course)
api_bp.add_url_rule("/paths", view_func=api.list_paths)
api_bp.add_url_rule("/paths/<code>", view_func=api.get_path)
csrf.exempt(api_bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
