"""API endpoints of the site shell."""

from __future__ import annotations

from flask import current_app
from marshmallow import Schema, fields

from dclic import __version__
from dclic.config import LOCALES
from dclic.core.api import endpoint


class StatusSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    environment = fields.String(
        required=True, metadata={"description": "development, staging or production"}
    )
    languages = fields.List(fields.String(), required=True)
    default_language = fields.String(required=True)


@endpoint(
    summary="Platform name, version, environment and languages",
    tags=["site"],
    response=StatusSchema,
)
def status():
    config = current_app.config
    return {
        "name": "dclic",
        "version": __version__,
        "environment": config["DCLIC_ENV"],
        "languages": list(LOCALES),
        "default_language": config["DCLIC_DEFAULT_LOCALE"],
    }
