"""URL rules of the chat (pages and /api/v1), its socket events and template helpers."""

from flask import Blueprint, Flask

from dclic.chat import api, kinds, models, namespace, views  # noqa: F401 - tables, kinds
from dclic.extensions import csrf, socketio

bp = Blueprint("chat", __name__, template_folder="templates")
for rule, view, methods in (
    ("/chat", views.rooms, ["GET", "POST"]),
    ("/chat/<key>", views.room, ["GET"]),
    ("/chat/<key>", views.post, ["POST"]),
    ("/chat/<key>/messages/<int:message_id>/delete", views.delete, ["POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)

api_bp = Blueprint("chat_api", __name__, url_prefix="/api/v1")
for rule, view, methods in (
    ("/chat/rooms", api.rooms, ["GET"]),
    ("/chat/rooms/<key>/messages", api.messages, ["GET"]),
    ("/chat/rooms/<key>/messages", api.post, ["POST"]),
):
    api_bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
csrf.exempt(api_bp)


def init_app(app: Flask) -> None:
    # The room page's one script: the Socket.IO client (when installed) and ours, joined.
    app.extensions["dclic_assets"].add_bundle(views.BUNDLE, (views.CLIENT, "js/chat.js"))
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    namespace.init_app(socketio)
