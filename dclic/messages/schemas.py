"""API shapes of private messages: conversations, messages with read receipts, the bodies."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from dclic.core.schemas import StrictSchema, page_schema
from dclic.messages.models import MAX_BODY, MAX_PARTICIPANTS

# Emptiness and length are the service's rule (the same for the pages): a 422 on ``body``.
BODY = f"Plain text, 1 to {MAX_BODY} characters"


class PersonSchema(Schema):
    """Someone in a conversation, as the others see them."""

    id = fields.Integer(required=True)
    display_name = fields.String(required=True)


class ConversationSchema(Schema):
    """One of my conversations, with the people in it besides me."""

    id = fields.Integer(required=True)
    others = fields.List(fields.Nested(PersonSchema), required=True)
    created_at = fields.DateTime(required=True)
    last_message_at = fields.DateTime(required=True)
    unread = fields.Integer(
        required=True, metadata={"description": "Messages of the others I have not read"}
    )


class PrivateMessageSchema(Schema):
    """One message; on my own, who has read it (read receipts)."""

    id = fields.Integer(required=True)
    sender = fields.Nested(
        PersonSchema, allow_none=True, metadata={"description": "null: a deleted account"}
    )
    body = fields.String(required=True, metadata={"description": "Plain text"})
    created_at = fields.DateTime(required=True)
    is_mine = fields.Boolean(required=True)
    read_by = fields.List(
        fields.Nested(PersonSchema),
        allow_none=True,
        metadata={"description": "On my messages: who of the others has read it; else null"},
    )
    receipt = fields.String(
        allow_none=True,
        metadata={
            "enum": ["read", "partly", "sent", None],
            "description": "On my messages: read by all, by some, by nobody yet; else null",
        },
    )


ConversationPageSchema = page_schema(ConversationSchema, "ConversationPage")
MessagePageSchema = page_schema(PrivateMessageSchema, "PrivateMessagePage")


class NewConversationSchema(StrictSchema):
    """Write to people named by their learner codes (a one-to-one conversation is reused)."""

    to = fields.List(
        fields.String(validate=validate.Length(min=1, max=40)),
        required=True,
        validate=validate.Length(min=1, max=MAX_PARTICIPANTS - 1),
        metadata={"description": "Learner codes of the people to write to"},
    )
    body = fields.String(required=True, metadata={"description": BODY})


class ReplySchema(StrictSchema):
    """A message in one of my conversations."""

    body = fields.String(required=True, metadata={"description": BODY})
