"""Wiring of OAI-PMH: the ``/oai`` provider (CSRF-exempt) and the harvester's admin pages."""

from flask import Blueprint, Flask

from dclic.extensions import csrf
from dclic.oai import tracker, views  # noqa: F401 - importing the tracker registers its listener
from dclic.oai.labels import TEMPLATE_HELPERS
from dclic.oai.repository import CatalogueRepository
from oai_pmh import Provider

FORM = ["GET", "POST"]

bp = Blueprint("oai", __name__)
bp.add_url_rule("/oai", "endpoint", views.oai, methods=FORM)
csrf.exempt(bp)  # harvesters POST the same arguments as a form, with no session nor token

admin_bp = Blueprint("oai_admin", __name__, template_folder="templates", url_prefix="/admin")
admin_bp.add_url_rule("/harvest", "sources", views.sources, methods=FORM)
admin_bp.add_url_rule("/harvest/<int:source_id>", "source", views.source, methods=FORM)
admin_bp.add_url_rule(
    "/harvest/<int:source_id>/run", "harvest_now", views.harvest_now, methods=["POST"]
)


@admin_bp.context_processor
def _labels():
    return TEMPLATE_HELPERS


def init_app(app: Flask) -> None:
    # Stateless and thread-safe: one provider for the app; its tokens are signed with a key
    # derived from SECRET_KEY (the package adds its own purpose string).
    app.extensions["dclic_oai_provider"] = Provider(
        CatalogueRepository(),
        token_secret=app.config["SECRET_KEY"],
        page_size=app.config["OAI_PAGE_SIZE"],
    )
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
