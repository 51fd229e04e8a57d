"""URL rules of the accounts module."""

from flask import Blueprint, Flask

from dclic.accounts import sessions, views
from dclic.extensions import limiter

bp = Blueprint("accounts", __name__, template_folder="templates")

# Sign-in attempts are throttled per address of origin (a friendly 429 page past the limit).
bp.add_url_rule(
    "/login",
    view_func=limiter.limit("10 per minute", methods=["POST"])(views.login),
    methods=["GET", "POST"],
)
bp.add_url_rule("/logout", view_func=views.logout, methods=["POST"])


def init_app(app: Flask) -> None:
    sessions.init_app(app)
    app.register_blueprint(bp)
