"""API shapes of the notification centre: notices, the unread filter, the channels per kind."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from dclic.core.schemas import PageQuerySchema, StrictSchema, page_schema
from dclic.notifications.registry import CHANNELS

_CHANNEL = {"enum": list(CHANNELS)}


class NotificationQuerySchema(PageQuerySchema):
    """``?unread=true`` lists only the notifications not read yet."""

    unread = fields.Boolean(load_default=False)


class NotificationSchema(Schema):
    """One notice, in its recipient's language."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"example": "message"})
    title = fields.String(required=True)
    body = fields.String(allow_none=True)
    link = fields.String(allow_none=True, metadata={"description": "Path of the page concerned"})
    created_at = fields.DateTime(required=True)
    read_at = fields.DateTime(allow_none=True)
    is_read = fields.Function(lambda n: n.read_at is not None, metadata={"type": "boolean"})


NotificationPageSchema = page_schema(NotificationSchema, "NotificationPage")


class MarkedSchema(Schema):
    """How many notifications were marked as read."""

    marked = fields.Integer(required=True)


class PreferenceSchema(Schema):
    """A kind of notification and how I hear of it."""

    kind = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": "In the request's language"})
    default = fields.String(required=True, metadata=_CHANNEL)
    channel = fields.String(required=True, metadata=_CHANNEL)


class PreferencesSchema(Schema):
    """Every kind of notification with my channel for it."""

    preferences = fields.List(fields.Nested(PreferenceSchema), required=True)


class PreferencesBodySchema(StrictSchema):
    """The channels to change, by kind; kinds not named keep theirs."""

    channels = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=40)),
        values=fields.String(validate=validate.OneOf(CHANNELS)),
        required=True,
        validate=validate.Length(min=1),
        metadata={"example": {"message": "digest", "course_completed": "off"}},
    )
