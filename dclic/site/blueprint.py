"""URL rules of the site shell."""

from flask import Blueprint, Flask

from dclic.core.api import openapi_view
from dclic.extensions import csrf
from dclic.site import api, settings, views

bp = Blueprint("site", __name__, template_folder="templates")
bp.add_url_rule("/", view_func=views.home)
bp.add_url_rule("/language", view_func=views.switch_language, methods=["POST"])
bp.add_url_rule("/healthz", view_func=views.healthz)
bp.add_url_rule("/readyz", view_func=views.readyz)
bp.add_url_rule("/admin", view_func=views.administration)
bp.add_url_rule("/admin/settings", view_func=views.admin_settings, methods=["GET", "POST"])
bp.add_url_rule("/theme/<digest>.css", view_func=views.theme)

api_bp = Blueprint("site_api", __name__, url_prefix="/api/v1")
api_bp.add_url_rule("/status", view_func=api.status)
api_bp.add_url_rule("/openapi.json", view_func=openapi_view)
csrf.exempt(api_bp)


def init_app(app: Flask) -> None:
    app.extensions["dclic_settings_reader"] = settings.read
    app.jinja_env.globals["theme_url"] = views.theme_url
    app.jinja_env.globals["logo_url"] = settings.logo_url
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
