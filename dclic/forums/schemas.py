"""API shapes of the forums: forums, threads, posts, and the bodies to write them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from dclic.core.richtext import render
from dclic.core.schemas import PageMetaSchema, StrictSchema
from dclic.forums.models import FORUM_KINDS, MAX_BODY, MAX_TITLE


class ForumSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(FORUM_KINDS)})
    context_id = fields.Integer(allow_none=True, metadata={"description": "Course or group id"})
    title = fields.String(required=True)
    description = fields.String(required=True)
    is_qa = fields.Boolean(required=True)


class ForumListSchema(Schema):
    items = fields.List(fields.Nested(ForumSchema), required=True)


class ThreadSchema(Schema):
    id = fields.Integer(required=True)
    forum_id = fields.Integer(required=True)
    title = fields.String(required=True)
    author = fields.Function(lambda t: t.author.display_name if t.author else None, allow_none=True)
    is_question = fields.Boolean(required=True)
    is_pinned = fields.Boolean(required=True)
    is_locked = fields.Boolean(required=True)
    is_held = fields.Boolean(required=True, metadata={"description": "Awaits a moderator"})
    reply_count = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    last_post_at = fields.DateTime(required=True)


class ThreadPageSchema(Schema):
    items = fields.List(fields.Nested(ThreadSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class PostSchema(Schema):
    id = fields.Integer(required=True)
    thread_id = fields.Integer(required=True)
    author = fields.Function(lambda p: p.author.display_name if p.author else None, allow_none=True)
    status = fields.String(required=True, metadata={"enum": ["visible", "held", "hidden"]})
    body = fields.Function(
        lambda p: "" if p.is_deleted else p.body, metadata={"description": "Markdown"}
    )
    html = fields.Function(
        lambda p: "" if p.is_deleted else str(render(p.body)),
        metadata={"description": "The Markdown rendered and sanitized"},
    )
    is_accepted = fields.Boolean(required=True)
    is_deleted = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    edited_at = fields.DateTime(allow_none=True)


class PostPageSchema(Schema):
    items = fields.List(fields.Nested(PostSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)


class ThreadQuerySchema(StrictSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    filter = fields.String(load_default="all", validate=validate.OneOf(["all", "unanswered"]))


class NewPostSchema(StrictSchema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=MAX_BODY))


class NewThreadSchema(NewPostSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TITLE))
    is_question = fields.Boolean(load_default=False)
