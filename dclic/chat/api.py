"""The chat JSON API (bearer token): my rooms, a room's messages, post a message.

Rights, limits and the live broadcast are the services' (the same as the socket and pages).
"""

from __future__ import annotations

from dclic.chat import queries, services
from dclic.chat.schemas import (
    HistoryQuerySchema,
    MessageListSchema,
    MessageSchema,
    PostBodySchema,
    RoomPageSchema,
)
from dclic.core.api import endpoint
from dclic.core.db import db
from dclic.core.schemas import PageQuerySchema

TAGS = ["chat"]


@endpoint(summary="The chat rooms I belong to, with unread counts", tags=TAGS,
          query=PageQuerySchema, response=RoomPageSchema, auth=True)  # fmt: skip
def rooms(actor, query):
    page = queries.list_rooms(actor, query["page"], query["per_page"])
    meta = {"page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}
    return {"items": page.items, "meta": meta}


@endpoint(summary="Messages of a room: the newest, those after an id, or those before one",
          tags=TAGS, query=HistoryQuerySchema, response=MessageListSchema, auth=True,
          errors=(404,))  # fmt: skip
def messages(actor, key: str, query):
    room = services.require_room(actor, key)
    if "after" in query:
        found, more = queries.messages_after(room.key, query["after"], query["limit"])
    else:
        found, more = queries.messages_before(room.key, query.get("before"), query["limit"])
    return {"items": [services.as_event(m) for m in found], "more": more}


@endpoint(summary="Post a message in a room (at most 10 every 10 seconds)", tags=TAGS,
          body=PostBodySchema, response=MessageSchema, status=201, auth=True,
          errors=(404, 429))  # fmt: skip
def post(actor, key: str, body):
    message, _created = services.post_message(actor, key, body["body"], body.get("client_id"))
    db.session.commit()
    return services.as_event(message)
