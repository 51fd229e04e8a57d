"""Wiring of the audit trail: its listeners, signal receivers and administration pages."""

from flask import Blueprint, Flask

from dclic.audit import receivers, recorder, views  # noqa: F401 - importing registers listeners

bp = Blueprint("audit", __name__, template_folder="templates", url_prefix="/admin/audit")
bp.add_url_rule("", view_func=views.events)
bp.add_url_rule("/<int:event_id>", view_func=views.event)
bp.add_url_rule("/export.csv", view_func=views.export)
bp.add_url_rule("/verify", view_func=views.verify)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
