"""Wiring of the audit trail: its listeners and signal receivers (pages come later)."""

from flask import Flask

from dclic.audit import receivers, recorder  # noqa: F401 - importing registers the listeners


def init_app(app: Flask) -> None:
    app.extensions["dclic_audit"] = True
