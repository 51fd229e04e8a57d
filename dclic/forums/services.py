"""Writes of the forums: open a course's or group's forum, start a thread, reply, edit,
accept an answer.

Rights are checked here (:mod:`dclic.forums.permissions`), so pages, the API and jobs share
them. A new account's first posts may wait for a moderator (``DCLIC_FORUM_HOLD_FIRST_POSTS``);
subscribers hear of a post only once it is visible (:mod:`dclic.forums.subscriptions`).
"""

from __future__ import annotations

import html
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from dclic import audit
from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.core.richtext import plain_text
from dclic.courses.models import fold
from dclic.files import services as files
from dclic.forums import queries, subscriptions
from dclic.forums.kinds import ANSWER_ACCEPTED
from dclic.forums.models import (
    MAX_BODY,
    MAX_TITLE,
    Forum,
    ForumAttachment,
    ForumPost,
    ForumPostRevision,
    ForumThread,
    ForumThreadRead,
)
from dclic.forums.permissions import can_moderate, can_read_context, can_write_forum
from dclic.notifications import services as notifications

EDIT_WINDOW = timedelta(hours=1)  # an author edits their post this long after sending it
_IMAGE_ENDINGS = {"jpg", "jpeg", "png", "gif", "webp"}


def _invalid(field: str, message) -> Invalid:
    return Invalid(_("Please correct the following:"), errors={field: [message]})


def clean_title(title: str | None) -> str:
    text = " ".join((title or "").split())
    if not text:
        raise _invalid("title", _("Give a title."))
    if len(text) > MAX_TITLE:
        raise _invalid("title", _("At most %(n)s characters.", n=MAX_TITLE))
    return text


def clean_body(body: str | None) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise _invalid("body", _("Write a message."))
    if len(text) > MAX_BODY:
        raise _invalid("body", _("At most %(n)s characters.", n=MAX_BODY))
    return text


def _folded(body: str) -> str:
    return fold(html.unescape(plain_text(body)))


def open_context_forum(actor, kind: str, context_id: int) -> Forum:
    """The forum of a course or group, created on its first visit by someone who may read
    it; ``NotFound`` for a context ``actor`` may not read (or that does not exist)."""
    if kind not in ("course", "group") or not can_read_context(actor, kind, context_id):
        raise NotFound()
    forum = queries.get_context_forum(kind, context_id)
    if forum is not None:
        return forum
    name = queries.context_name(kind, context_id)
    if name is None:
        raise NotFound()
    forum = Forum(kind=kind, context_id=context_id, title=name[:MAX_TITLE], is_qa=kind == "course")
    try:
        with db.session.begin_nested():
            db.session.add(forum)
    except IntegrityError:  # opened by someone else at the same moment
        forum = queries.get_context_forum(kind, context_id)
    return forum


def _must_hold(actor, forum: Forum) -> bool:
    """A new account's first posts wait for approval (moderators' never do)."""
    limit = current_app.config.get("DCLIC_FORUM_HOLD_FIRST_POSTS", 0)
    if not limit or can_moderate(actor, forum):
        return False
    approved = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ForumPost)
        .where(ForumPost.author_id == actor.id, ForumPost.status != "held")
    )
    return (approved or 0) < limit


def _upload_purpose(upload) -> str:
    name = str(getattr(upload, "filename", "") or "").lower()
    return "image" if name.rsplit(".", 1)[-1] in _IMAGE_ENDINGS else "document"


def _attach(actor, post: ForumPost, upload) -> None:
    if upload is None or not getattr(upload, "filename", None):
        return
    try:
        stored = files.store_upload(actor, upload, _upload_purpose(upload))
    except Invalid as exc:
        messages = (exc.errors or {}).get("file") or [exc.message]
        raise Invalid(_("Please correct the following:"), {"attachment": messages}) from exc
    db.session.add(ForumAttachment(post_id=post.id, file_id=stored.id))


def _add_post(actor, thread: ForumThread, body: str, upload, held: bool) -> ForumPost:
    post = ForumPost(
        thread_id=thread.id,
        author_id=actor.id,
        body=body,
        body_folded=_folded(body),
        status="held" if held else "visible",
        created_at=utcnow(),
    )
    db.session.add(post)
    db.session.flush()
    _attach(actor, post, upload)
    db.session.flush()
    return post


def create_thread(
    actor, forum: Forum, title: str, body: str, *, is_question: bool = False, upload=None,
    follow: bool = True,
) -> ForumThread:  # fmt: skip
    """``actor`` opens a thread in ``forum`` (a question in a Q&A forum, or when asked)."""
    if not can_write_forum(actor, forum):
        raise NotAllowed(_("You may not write in this forum."))
    errors = {}
    for check, value in ((clean_title, title), (clean_body, body)):
        try:
            check(value)
        except Invalid as exc:
            errors.update(exc.errors)
    if errors:
        raise Invalid(_("Please correct the following:"), errors=errors)
    held = _must_hold(actor, forum)
    title = clean_title(title)
    thread = ForumThread(
        forum_id=forum.id,
        author_id=actor.id,
        title=title,
        title_folded=fold(title)[:MAX_TITLE],
        is_question=bool(forum.is_qa or is_question),
        is_held=held,
        last_post_at=utcnow(),
    )
    db.session.add(thread)
    db.session.flush()
    post = _add_post(actor, thread, clean_body(body), upload, held)
    if follow:
        subscriptions.follow_thread(actor, thread)
    if not held:
        subscriptions.announce(post)
    return thread


def reply(actor, thread: ForumThread, body: str, *, upload=None, follow: bool = True) -> ForumPost:
    """``actor`` answers in ``thread``; ``Conflict`` when the thread is locked."""
    if not can_write_forum(actor, thread.forum) or thread.deleted_at is not None:
        raise NotAllowed(_("You may not write in this forum."))
    if thread.is_locked and not can_moderate(actor, thread.forum):
        raise Conflict(_("This thread is locked: no new replies."))
    text = clean_body(body)
    held = _must_hold(actor, thread.forum)
    post = _add_post(actor, thread, text, upload, held)
    if not held:
        made_visible(post)
    if follow and queries.subscription_of(actor, thread=thread) is None:
        subscriptions.follow_thread(actor, thread)
    return post


def made_visible(post: ForumPost) -> None:
    """``post`` has just become visible: count it, move its thread up, tell subscribers."""
    thread = post.thread
    first = queries.opening_post(thread)
    if first is not None and first.id == post.id:
        thread.is_held = False
    else:
        thread.reply_count += 1
    thread.last_post_at = max(thread.last_post_at, post.created_at)
    db.session.flush()
    subscriptions.announce(post)


def can_edit(actor, post: ForumPost, moderator: bool | None = None) -> bool:
    """The author within ``EDIT_WINDOW`` (not in a locked thread), or a moderator
    (``moderator``: whether ``actor`` moderates the forum, when already known)."""
    if post.is_deleted or actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if moderator is None:
        moderator = can_moderate(actor, post.thread.forum)
    if moderator:
        return True
    return (
        post.author_id == actor.id
        and not post.thread.is_locked
        and post.status != "hidden"
        and utcnow() - post.created_at <= EDIT_WINDOW
    )


def edit_post(actor, post: ForumPost, body: str) -> dict:
    """Replace ``post``'s text, keeping the former one in its history; the changes."""
    if not can_edit(actor, post):
        raise NotAllowed(_("You may no longer edit this post."))
    text = clean_body(body)
    if text == post.body:
        return {}
    db.session.add(ForumPostRevision(post_id=post.id, body=post.body, edited_by_id=actor.id))
    changes = {"body": (post.body, text)}
    post.body = text
    post.body_folded = _folded(text)
    post.edited_at = utcnow()
    db.session.flush()
    if post.author_id != actor.id:  # a moderator's edit
        audit.record("forum.edit_post", object_type="forum_posts", object_id=post.id)
    return changes


def can_accept(actor, thread: ForumThread) -> bool:
    """The asker, or a moderator of the forum (its mentors in a course)."""
    if not thread.is_question or actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return thread.author_id == actor.id or can_moderate(actor, thread.forum)


def accept_answer(actor, post: ForumPost) -> ForumPost:
    """Mark ``post`` as the accepted answer of its question (replacing any other)."""
    thread = post.thread
    if not can_accept(actor, thread):
        raise NotAllowed(_("Only the asker or a moderator chooses the accepted answer."))
    first = queries.opening_post(thread)
    if post.status != "visible" or post.is_deleted or (first is not None and first.id == post.id):
        raise Conflict(_("This post cannot be the accepted answer."))
    for other in db.session.scalars(
        sa.select(ForumPost).where(
            ForumPost.thread_id == thread.id, ForumPost.is_accepted.is_(True)
        )
    ):
        other.is_accepted = False
    post.is_accepted = True
    db.session.flush()
    if post.author is not None and post.author_id != actor.id:
        with notifications.in_language_of(post.author):
            title = _("Your answer was accepted: %(title)s", title=thread.title)
        notifications.notify(
            post.author,
            ANSWER_ACCEPTED,
            title,
            notifications.path_for("forums.post", post_id=post.id),
        )
    return post


def unaccept_answer(actor, post: ForumPost) -> ForumPost:
    if not can_accept(actor, post.thread):
        raise NotAllowed(_("Only the asker or a moderator chooses the accepted answer."))
    post.is_accepted = False
    db.session.flush()
    return post


def mark_read(actor, thread: ForumThread, posts) -> None:
    """``actor`` has seen ``posts`` (a page of ``thread``): their read mark moves forward."""
    if not posts or actor is None or not getattr(actor, "is_authenticated", False):
        return
    newest = max(post.created_at for post in posts)
    mark = db.session.get(ForumThreadRead, (actor.id, thread.id))
    if mark is None:
        db.session.add(ForumThreadRead(user_id=actor.id, thread_id=thread.id, last_read_at=newest))
    elif mark.last_read_at < newest:
        mark.last_read_at = newest
    else:
        return
    db.session.flush()
