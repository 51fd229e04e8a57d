"""API shapes of the chat: rooms, messages, the history query and the post body."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from dclic.chat.models import MAX_BODY
from dclic.core.i18n import gettext as _
from dclic.core.schemas import PageMetaSchema, StrictSchema


class RoomSchema(Schema):
    """A room the person belongs to."""

    key = fields.String(required=True, metadata={"example": "course:12"})
    kind = fields.Function(lambda entry: entry.room.kind, required=True)
    name = fields.String(required=True)
    unread = fields.Integer(required=True, metadata={"description": "Messages by others not seen"})


class RoomPageSchema(Schema):
    items = fields.List(fields.Nested(RoomSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class AuthorSchema(Schema):
    id = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True)


class MessageSchema(Schema):
    """One message; a deleted one keeps its place with an empty body."""

    id = fields.Integer(required=True, metadata={"description": "Grows with time"})
    room = fields.String(required=True)
    author = fields.Nested(AuthorSchema, required=True)
    body = fields.String(required=True)
    created_at = fields.String(required=True)
    deleted = fields.Boolean(required=True)


class MessageListSchema(Schema):
    items = fields.List(fields.Nested(MessageSchema), required=True)
    more = fields.Boolean(
        required=True, metadata={"description": "Older messages exist beyond this page"}
    )


class HistoryQuerySchema(StrictSchema):
    """``?after=<id>`` (what came since) or ``?before=<id>`` (older), ``?limit=`` (1 to 200)."""

    after = fields.Integer(validate=validate.Range(min=0))
    before = fields.Integer(validate=validate.Range(min=1))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))

    @validates_schema
    def _one_direction(self, data, **kwargs):
        if "after" in data and "before" in data:
            raise ValidationError(_("Give either after or before, not both."), "before")


class PostBodySchema(StrictSchema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=MAX_BODY))
    client_id = fields.String(
        validate=validate.Length(max=64),
        metadata={"description": "Your id for this message: a retried post is stored once"},
    )
