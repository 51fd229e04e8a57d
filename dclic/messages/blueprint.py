"""URL rules of private messages, the per-sender rate limit and the template helpers."""

from flask import Blueprint, Flask
from flask_login import current_user

from dclic.accounts.permissions import can_message
from dclic.extensions import limiter
from dclic.messages import kinds, models, queries, views  # noqa: F401 - tables, kinds


def _sender_key() -> str:
    """Throttling key: the signed-in sender (whatever their address)."""
    return f"messages-sender:{current_user.get_id()}"


# A person writes at most this much, from anywhere: enough to talk, too little to flood.
per_sender = limiter.shared_limit(
    "20 per minute", scope="messages-send", key_func=_sender_key, methods=["POST"]
)

bp = Blueprint("messages", __name__, template_folder="templates")
for rule, view, methods in (
    ("/messages", views.inbox, ["GET"]),
    ("/messages/new", per_sender(views.new), ["GET", "POST"]),
    ("/messages/<int:conversation_id>", views.conversation, ["GET"]),
    ("/messages/<int:conversation_id>", per_sender(views.reply), ["POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)


def _unread_messages() -> int:
    return queries.count_unread_conversations(current_user)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["unread_messages"] = _unread_messages
    app.jinja_env.globals["can_message"] = can_message
    app.register_blueprint(bp)
