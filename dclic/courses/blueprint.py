"""URL rules of the catalogue: HTML pages and the /api/v1 endpoints."""

from flask import Blueprint, Flask

from dclic.courses import api, permissions, views  # noqa: F401 - permissions declares rights
from dclic.courses.labels import TEMPLATE_HELPERS
from dclic.extensions import csrf

bp = Blueprint("courses", __name__, template_folder="templates")
bp.add_url_rule("/catalogue", view_func=views.catalogue)
bp.add_url_rule("/courses/<code>", view_func=views.course)
bp.add_url_rule("/paths", view_func=views.paths)
bp.add_url_rule("/paths/<code>", view_func=views.path)


@bp.context_processor
def _labels():
    return TEMPLATE_HELPERS


api_bp = Blueprint("courses_api", __name__, url_prefix="/api/v1")
api_bp.add_url_rule("/courses", view_func=api.list_courses)
api_bp.add_url_rule("/courses/<code>", view_func=api.get_course)
api_bp.add_url_rule("/paths", view_func=api.list_paths)
api_bp.add_url_rule("/paths/<code>", view_func=api.get_path)
csrf.exempt(api_bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
