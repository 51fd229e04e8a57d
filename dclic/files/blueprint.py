"""URL rules of stored files; the template helpers."""

from flask import Blueprint, Flask

from dclic.files import views
from dclic.files.urls import TEMPLATE_HELPERS

bp = Blueprint("files", __name__, template_folder="templates")
bp.add_url_rule("/files/<int:file_id>/<digest>/<name>", view_func=views.serve)
bp.add_url_rule(
    "/files/<int:file_id>/<digest>/w/<int:width>.<any(webp, jpg, png):extension>",
    view_func=views.serve_variant,
)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(TEMPLATE_HELPERS)
    app.register_blueprint(bp)
