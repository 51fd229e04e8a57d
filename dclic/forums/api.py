"""The forums JSON API (bearer token): the forums one may read, their threads and posts,
and writing a thread or a reply. Rights and rules are the services' (404 for a forum one may
not read, 409 for a locked thread, 422 with field errors)."""

from __future__ import annotations

from dclic.core.api import endpoint, page_body
from dclic.core.db import db
from dclic.core.schemas import PageQuerySchema
from dclic.forums import queries, services
from dclic.forums.schemas import (
    ForumListSchema,
    NewPostSchema,
    NewThreadSchema,
    PostPageSchema,
    PostSchema,
    ThreadPageSchema,
    ThreadQuerySchema,
    ThreadSchema,
)

TAGS = ["forums"]


@endpoint(summary="The forums I may read", tags=TAGS, response=ForumListSchema, auth=True)
def list_forums(actor):
    return {"items": queries.list_forums_for(actor)}


@endpoint(
    summary="Threads of a forum, pinned first then by newest post",
    tags=TAGS,
    query=ThreadQuerySchema,
    response=ThreadPageSchema,
    auth=True,
    errors=(404,),
)
def list_threads(actor, forum_id: int, query):
    forum = queries.get_forum_for(actor, forum_id)
    return page_body(
        queries.list_threads(actor, forum, query["page"], query["filter"], query["per_page"])
    )


@endpoint(
    summary="Open a thread in a forum",
    tags=TAGS,
    body=NewThreadSchema,
    response=ThreadSchema,
    status=201,
    auth=True,
    errors=(403, 404),
)
def create_thread(actor, forum_id: int, body):
    forum = queries.get_forum_for(actor, forum_id)
    thread = services.create_thread(
        actor, forum, body["title"], body["body"], is_question=body["is_question"]
    )
    db.session.commit()
    return thread


@endpoint(
    summary="Posts of a thread, oldest first",
    tags=TAGS,
    query=PageQuerySchema,
    response=PostPageSchema,
    auth=True,
    errors=(404,),
)
def list_posts(actor, thread_id: int, query):
    thread = queries.get_thread_for(actor, thread_id)
    return page_body(queries.list_posts(actor, thread, query["page"], query["per_page"]))


@endpoint(
    summary="Reply in a thread",
    tags=TAGS,
    body=NewPostSchema,
    response=PostSchema,
    status=201,
    auth=True,
    errors=(403, 404, 409),
)
def create_post(actor, thread_id: int, body):
    thread = queries.get_thread_for(actor, thread_id)
    post = services.reply(actor, thread, body["body"])
    db.session.commit()
    return post
