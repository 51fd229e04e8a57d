"""URL rules of the notification centre: pages, one-click unsubscribe, /api/v1."""

from flask import Blueprint, Flask

from dclic.extensions import csrf
from dclic.notifications import api, kinds, models, receivers, views  # noqa: F401 - tables, signals

bp = Blueprint("notifications", __name__, template_folder="templates")
for rule, view, methods in (
    ("/notifications", views.centre, ["GET"]),
    ("/notifications/read", views.mark_all_read, ["POST"]),
    ("/notifications/settings", views.settings, ["GET", "POST"]),
    ("/notifications/unsubscribe/<token>", views.unsubscribe, ["GET", "POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
# RFC 8058: mail clients POST the one-click unsubscribe without a session; the signed token in
# the address is the proof.
csrf.exempt("dclic.notifications.views.unsubscribe")

api_bp = Blueprint("notifications_api", __name__, url_prefix="/api/v1")
for rule, view, methods in (
    ("/me/notifications", api.list_notifications, ["GET"]),
    ("/me/notifications/read", api.mark_all_read, ["POST"]),
    ("/me/notifications/<int:notification_id>/read", api.mark_read, ["POST"]),
    ("/me/notification-preferences", api.preferences, ["GET"]),
    ("/me/notification-preferences", api.set_preferences, ["PATCH"]),
):
    api_bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
csrf.exempt(api_bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
