"""The application factory: config → extensions → modules → errors → cli → validate."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.sansio.utils import host_is_trusted

from dclic.config import build_config
from dclic.core import assets, errors, http, i18n, logs, realtime
from dclic.core.settings import setting
from dclic.extensions import compress, csrf, db, limiter, migrate, socketio

ROOT = Path(__file__).resolve().parent.parent
# Domain modules, in the order their blueprints register; each exposes blueprint.init_app(app).
MODULES = (
    "dclic.audit",
    "dclic.history",
    "dclic.site",
    "dclic.accounts",
    "dclic.courses",
    "dclic.learning",
    "dclic.files",
    "dclic.oai",
    "dclic.mentoring",
    "dclic.notifications",
    "dclic.messages",
    "dclic.forums",
    "dclic.chat",
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides the environment (same names, see docs/configuration.md)."""
    instance_path = (config or {}).get("DCLIC_INSTANCE_PATH") or os.environ.get(
        "DCLIC_INSTANCE_PATH", str(ROOT / "instance")
    )
    app = Flask(
        "dclic",
        instance_path=instance_path,
        instance_relative_config=True,
        static_folder=None,
        root_path=str(Path(__file__).parent),
    )
    app.config.update(build_config(instance_path, config))
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    logs.init_app(app)
    _init_extensions(app)
    http.init_app(app)
    i18n.init_app(app, str(ROOT / "translations"))
    assets.init_app(app, ROOT / "static")
    for name in MODULES:
        importlib.import_module(f"{name}.blueprint").init_app(app)
    errors.init_app(app)
    from dclic.cli import cli

    app.cli.add_command(cli)
    _add_template_context(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config["REDIS_URL"],
        channel=app.config["DCLIC_SOCKETIO_CHANNEL"],
        cors_allowed_origins=_origins(app),
        logger=False,
        engineio_logger=False,
    )
    realtime.init_app(app, socketio)


def _origins(app: Flask):
    """Socket.IO's origin check: a browser page served from one of the allowed host names.

    Socket.IO requests never reach Flask's hooks (its middleware answers them first), so the
    host rule of :mod:`dclic.core.http` is applied here again, to the ``Origin`` header.
    """
    hosts = app.config["DCLIC_ALLOWED_HOSTS"]
    schemes = {"https"} if app.config["PREFERRED_URL_SCHEME"] == "https" else {"http", "https"}

    def allowed(origin, environ=None) -> bool:
        parts = urlsplit(origin or "")
        return parts.scheme in schemes and host_is_trusted(parts.netloc, hosts)

    return allowed


def _add_template_context(app: Flask) -> None:
    from dclic import __version__

    @app.context_processor
    def globals_():
        return {
            "dclic_env": app.config["DCLIC_ENV"],
            "dclic_version": __version__,
            "site_name": setting("site_name"),
        }
