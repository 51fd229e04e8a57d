"""URL rules of private messages (pages and /api/v1), the per-sender rate limit and the
template helpers."""

from flask import Blueprint, Flask, current_app, g, request
from flask_login import current_user

from dclic.accounts.permissions import can_message
from dclic.core.api import bearer_secret
from dclic.extensions import csrf, limiter
from dclic.messages import api, kinds, models, queries, views  # noqa: F401 - tables, kinds


def _sender_key() -> str:
    """Throttling key: the sender (whatever their address), signed in on a page or by a
    bearer token in the API, so both count against the same limit."""
    if request.blueprint == "messages_api":
        user = g.get("api_user")
        if user is None:
            authenticator = current_app.extensions.get("dclic_api_authenticator")
            secret = bearer_secret()
            user = authenticator(secret) if authenticator and secret else None
        # No valid token: the endpoint answers 401; such calls share one bucket per address.
        return f"messages-sender:{user.id}" if user else f"messages-anonymous:{request.remote_addr}"
    # The id alone (get_id() also carries the session nonce): one count per person.
    return f"messages-sender:{getattr(current_user, 'id', None)}"


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

api_bp = Blueprint("messages_api", __name__, url_prefix="/api/v1")
for rule, view, methods in (
    ("/me/conversations", api.list_conversations, ["GET"]),
    ("/me/conversations", per_sender(api.start_conversation), ["POST"]),
    ("/me/conversations/<int:conversation_id>/messages", api.list_messages, ["GET"]),
    ("/me/conversations/<int:conversation_id>/messages", per_sender(api.reply), ["POST"]),
):
    api_bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
csrf.exempt(api_bp)


def _unread_messages() -> int:
    return queries.count_unread_conversations(current_user)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["unread_messages"] = _unread_messages
    app.jinja_env.globals["can_message"] = can_message
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
