"""Shared marshmallow schemas: the error shape and the pagination conventions of the API."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate


class StrictSchema(Schema):
    """Base of input schemas: unknown fields are an error, not silently dropped."""

    class Meta:
        unknown = RAISE


class ErrorSchema(Schema):
    """The one error body of the JSON API."""

    code = fields.String(required=True, metadata={"description": "Stable machine-readable code"})
    message = fields.String(required=True, metadata={"description": "Localized explanation"})
    request_id = fields.String(required=True, metadata={"description": "Quote it to support"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Per-field messages, for validation errors only"},
    )


class PageQuerySchema(StrictSchema):
    """``?page=`` (from 1) and ``?per_page=`` (1 to 100, default 20)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PageMetaSchema(Schema):
    """Where a page stands in the whole list."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A ``{"items": [...], "meta": {...}}`` schema for lists of ``item_schema``."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "meta": fields.Nested(PageMetaSchema, required=True),
        },
        name=name,
    )
