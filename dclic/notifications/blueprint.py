"""URL rules of the notification centre."""

from flask import Blueprint, Flask

from dclic.notifications import kinds, models, receivers, views  # noqa: F401 - tables, signals

bp = Blueprint("notifications", __name__, template_folder="templates")
for rule, view, methods in (
    ("/notifications", views.centre, ["GET"]),
    ("/notifications/read", views.mark_all_read, ["POST"]),
    ("/notifications/settings", views.settings, ["GET", "POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
