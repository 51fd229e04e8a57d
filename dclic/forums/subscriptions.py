"""Following a forum or a thread, and telling the followers of each new visible post.

Each subscription chooses mail at once (``immediate``) or the daily digest (``digest``); the
notification centre stores the notice and mails it that way. Every notice carries the path
of a one-click unsubscribe holding a signed token (no sign-in needed, RFC 8058).
"""

from __future__ import annotations

import html

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy.orm import joinedload

from dclic.accounts.models import Group
from dclic.core.api import Page, paginate
from dclic.core.db import db, get_by_id
from dclic.core.errors import Invalid, NotFound
from dclic.core.i18n import gettext as _
from dclic.core.richtext import plain_text
from dclic.courses.models import Course
from dclic.forums import queries
from dclic.forums.kinds import FORUM_POST
from dclic.forums.models import (
    SUBSCRIPTION_MODES,
    Forum,
    ForumPost,
    ForumSubscription,
    ForumThread,
)
from dclic.forums.permissions import can_read_forum, moderated, readable
from dclic.notifications import services as notifications

_SALT = "dclic.forums.unsubscribe"
EXCERPT = 200
PER_PAGE = 20


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def token_for(subscription: ForumSubscription) -> str:
    """The signed token naming ``subscription`` and its owner (it does not expire: an old
    mail's link keeps working)."""
    return _serializer().dumps([subscription.id, subscription.user_id])


def from_token(token: str) -> tuple[int, int] | None:
    """``(subscription id, user id)`` of a valid token, None for a forged or damaged one."""
    try:
        value = _serializer().loads(token)
    except BadData:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        return None
    return value[0], value[1]


def subscription_from_token(token: str) -> ForumSubscription | None:
    """The subscription a valid token names, if it still exists; ``NotFound`` for a bad
    token."""
    found = from_token(token)
    if found is None:
        raise NotFound()
    subscription = db.session.get(ForumSubscription, found[0])
    if subscription is None or subscription.user_id != found[1]:
        return None
    return subscription


def target_title(subscription: ForumSubscription) -> str:
    """The title of the forum or thread followed."""
    target = subscription.forum if subscription.forum_id else subscription.thread
    return target.title


def unsubscribe_by_token(token: str) -> ForumSubscription | None:
    """Remove the subscription the token names (no sign-in: the token is the proof); what
    was removed, None when it was already gone."""
    subscription = subscription_from_token(token)
    if subscription is not None:
        db.session.delete(subscription)
        db.session.flush()
    return subscription


def default_mode(user) -> str:
    return "digest" if user.mail_notifications == "digest" else "immediate"


def subscribe(actor, mode: str, *, forum=None, thread=None) -> ForumSubscription | None:
    """``actor`` follows ``forum`` or ``thread`` in ``mode`` (``"none"``: stops following).
    The caller has read the forum or thread through ``queries.get_*_for``."""
    if mode not in (*SUBSCRIPTION_MODES, "none"):
        raise Invalid(
            _("Please correct the following:"), {"mode": [_("Choose one of the options.")]}
        )
    target_forum = forum if forum is not None else thread.forum
    if not can_read_forum(actor, target_forum):
        raise NotFound()
    existing = queries.subscription_of(actor, forum=forum, thread=thread)
    if mode == "none":
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return None
    if existing is None:
        existing = ForumSubscription(
            user_id=actor.id,
            forum_id=forum.id if forum is not None else None,
            thread_id=thread.id if thread is not None else None,
            mode=mode,
        )
        db.session.add(existing)
    else:
        existing.mode = mode
    db.session.flush()
    return existing


def follow_thread(actor, thread) -> ForumSubscription:
    """Subscribe the author of a post to its thread, in their usual mail rhythm."""
    existing = queries.subscription_of(actor, thread=thread)
    return existing or subscribe(actor, default_mode(actor), thread=thread)


def announce(post: ForumPost) -> int:
    """Tell every follower of ``post``'s thread or forum who may read it (never its author)
    of the new post; the number told."""
    thread = post.thread
    told = 0
    for subscription in queries.subscribers(thread):
        user = subscription.user
        if user.id == post.author_id or not can_read_forum(user, thread.forum):
            continue
        author = post.author.display_name if post.author else "?"
        with notifications.in_language_of(user):
            title = _("%(name)s in “%(title)s”", name=author, title=thread.title)
            mail_text = _("A new post in a forum you follow. Read and answer on the site:")
        sent = notifications.notify(
            user,
            FORUM_POST,
            title,
            notifications.path_for("forums.post", post_id=post.id),
            body=html.unescape(plain_text(post.body, EXCERPT)),
            mail_text=mail_text,
            channel=subscription.mode,
            unsubscribe=notifications.path_for("forums.unsubscribe", token=token_for(subscription)),
        )
        told += sent is not None
    return told


def list_subscriptions(user, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """The forums and threads ``user`` follows and may still read (the read rule; a thread
    also not deleted, and seen: not held unless theirs or moderated), by forum, each forum
    before its threads (two queries, with the forum and thread loaded)."""
    statement = (
        sa.select(ForumSubscription)
        .outerjoin(ForumThread, ForumThread.id == ForumSubscription.thread_id)
        .join(Forum, Forum.id == sa.func.coalesce(ForumSubscription.forum_id, ForumThread.forum_id))
        .where(
            ForumSubscription.user_id == user.id,
            readable(user),
            sa.or_(
                ForumSubscription.thread_id.is_(None),
                sa.and_(
                    ForumThread.deleted_at.is_(None),
                    sa.or_(
                        ForumThread.is_held.is_(False),
                        ForumThread.author_id == user.id,
                        moderated(user),
                    ),
                ),
            ),
        )
        .options(joinedload(ForumSubscription.forum), joinedload(ForumSubscription.thread))
        .order_by(
            Forum.title,
            Forum.id,
            ForumSubscription.thread_id.is_not(None),
            ForumThread.title,
            ForumSubscription.id,
        )
    )
    return paginate(statement, page, per_page)


def forum_of(subscription: ForumSubscription) -> Forum:
    """The forum followed, or the forum of the thread followed."""
    return subscription.forum if subscription.forum_id else subscription.thread.forum


def context_names(subscriptions) -> dict[tuple[str, int], str]:
    """``{(kind, id): name}`` of the courses and groups of the forums of ``subscriptions``
    (one query, whatever their number)."""
    forums = [forum_of(s) for s in subscriptions]
    courses = [f.context_id for f in forums if f.kind == "course"]
    groups = [f.context_id for f in forums if f.kind == "group"]
    rows = db.session.execute(
        sa.union_all(
            sa.select(sa.literal("course"), Course.id, Course.title).where(Course.id.in_(courses)),
            sa.select(sa.literal("group"), Group.id, Group.name).where(Group.id.in_(groups)),
        )
    )
    return {(kind, context_id): name for kind, context_id, name in rows}


def get_subscription_of(user, subscription_id) -> ForumSubscription:
    """``user``'s own subscription; ``NotFound`` for anybody else's (nothing leaks)."""
    subscription = get_by_id(ForumSubscription, subscription_id)
    if subscription is None or subscription.user_id != user.id:
        raise NotFound()
    return subscription


def target_of(user, subscription: ForumSubscription) -> dict:
    """``{"forum": …}`` or ``{"thread": …}``, read through the read rule (``NotFound`` for
    what ``user`` may no longer read), ready for :func:`subscribe`."""
    if subscription.forum_id:
        return {"forum": queries.get_forum_for(user, subscription.forum_id)}
    return {"thread": queries.get_thread_for(user, subscription.thread_id)}
