"""Wiring of the edit history: its flush listener and the templates owning modules include."""

from flask import Blueprint, Flask

from dclic.history import recorder  # noqa: F401 - importing registers the listener

bp = Blueprint("history", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
