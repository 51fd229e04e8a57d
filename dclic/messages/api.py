"""The private messages JSON API (bearer token): my conversations, their messages, writing.

Rights and rules are the services', as on the pages: someone else's conversation is 404, a
send that ``can_message`` refuses is 403, an empty or too long text or an unknown code is a
422 field error; sending shares the pages' limit of 20 a minute per sender (blueprint).
"""

from __future__ import annotations

from dclic.core.api import endpoint, page_body
from dclic.core.db import db
from dclic.core.schemas import PageQuerySchema
from dclic.messages import queries, services
from dclic.messages.schemas import (
    ConversationPageSchema,
    ConversationSchema,
    MessagePageSchema,
    NewConversationSchema,
    PrivateMessageSchema,
    ReplySchema,
)

TAGS = ["messages"]


@endpoint(
    summary="My conversations: unread first, then the most recent, with unread counts",
    tags=TAGS,
    query=PageQuerySchema,
    response=ConversationPageSchema,
    auth=True,
)
def list_conversations(actor, query):
    return page_body(queries.list_conversation_summaries(actor, **query))


@endpoint(
    summary="Start a conversation (a one-to-one conversation is reused)",
    tags=TAGS,
    body=NewConversationSchema,
    response=ConversationSchema,
    status=201,
    auth=True,
    errors=(403, 429),
)
def start_conversation(actor, body):
    conversation = services.start_conversation_with_codes(
        actor, ", ".join(body["to"]), body["body"]
    )
    db.session.commit()
    return queries.conversation_summary(actor, conversation)


@endpoint(
    summary="One page of a conversation (page 1 the newest; oldest first); marks it read",
    tags=TAGS,
    query=PageQuerySchema,
    response=MessagePageSchema,
    auth=True,
    errors=(404,),
)
def list_messages(actor, conversation_id: int, query):
    conversation = queries.get_conversation_for(actor, conversation_id)
    services.mark_read(actor, conversation)
    db.session.commit()
    return page_body(queries.list_message_summaries(actor, conversation, **query))


@endpoint(
    summary="Reply in one of my conversations",
    tags=TAGS,
    body=ReplySchema,
    response=PrivateMessageSchema,
    status=201,
    auth=True,
    errors=(403, 404, 429),
)
def reply(actor, conversation_id: int, body):
    conversation = queries.get_conversation_for(actor, conversation_id)
    message = services.send_message(actor, conversation, body["body"])
    db.session.commit()
    return queries.message_summary(actor, message, conversation)
