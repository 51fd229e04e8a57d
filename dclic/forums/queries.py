"""Reads of the forums: the index, one forum's threads, one thread's posts, search, the
moderation queue. Every read of a forum, thread or post goes through the read rule of
:mod:`dclic.forums.permissions` (``NotFound`` for what one may not read: nothing leaks)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dclic.accounts.models import Group, GroupMember, RoleAssignment, User
from dclic.core.api import Page, paginate
from dclic.core.db import db, get_by_id
from dclic.core.errors import NotFound
from dclic.courses.models import Course, fold
from dclic.forums.models import (
    Forum,
    ForumCategory,
    ForumPost,
    ForumPostRevision,
    ForumReport,
    ForumSubscription,
    ForumThread,
    ForumThreadRead,
)
from dclic.forums.permissions import (
    _followed_courses,
    can_moderate,
    can_read_forum,
    moderated,
    readable,
)

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 10
# A post longer than this (characters) shows as an excerpt in its thread, with a link to it
# alone: a page stays small whatever people write.
LONG_POST = 2500
SEARCH_PER_PAGE = 15
QUEUE_PER_PAGE = 20
FILTERS = ("all", "unanswered")


def get_forum_for(user, forum_id) -> Forum:
    """The forum, if ``user`` may read it; ``NotFound`` otherwise."""
    forum = get_by_id(Forum, forum_id)
    if forum is None or not can_read_forum(user, forum):
        raise NotFound()
    return forum


def _sees_thread(user, thread: ForumThread) -> bool:
    if thread.deleted_at is not None:
        return False
    if thread.is_held and (user is None or thread.author_id != user.id):
        return can_moderate(user, thread.forum)
    return True


def get_thread_for(user, thread_id) -> ForumThread:
    """The thread, if ``user`` may read its forum (and see it); ``NotFound`` otherwise."""
    thread = get_by_id(ForumThread, thread_id)
    if thread is None or not can_read_forum(user, thread.forum) or not _sees_thread(user, thread):
        raise NotFound()
    return thread


def sees_post(user, post: ForumPost, moderator: bool) -> bool:
    """Held and hidden posts: their author and the moderators only."""
    return post.status == "visible" or moderator or (user is not None and post.author_id == user.id)


def get_post_for(user, post_id) -> ForumPost:
    """The post, if ``user`` may read its thread and see it; ``NotFound`` otherwise."""
    post = get_by_id(ForumPost, post_id)
    if post is None:
        raise NotFound()
    thread = get_thread_for(user, post.thread_id)
    if not sees_post(user, post, can_moderate(user, thread.forum)):
        raise NotFound()
    return post


def get_context_forum(kind: str, context_id: int) -> Forum | None:
    return db.session.scalar(
        sa.select(Forum).where(Forum.kind == kind, Forum.context_id == context_id)
    )


def community_forums() -> list[tuple[ForumCategory | None, list[Forum]]]:
    """The community forums by category (categories by position; uncategorized last)."""
    forums = db.session.scalars(
        sa.select(Forum)
        .outerjoin(ForumCategory, ForumCategory.id == Forum.category_id)
        .where(Forum.kind == "community")
        .order_by(
            ForumCategory.id.is_(None),
            ForumCategory.position,
            ForumCategory.id,
            Forum.position,
            Forum.id,
        )
    ).all()
    grouped: list[tuple[ForumCategory | None, list[Forum]]] = []
    for forum in forums:
        if grouped and grouped[-1][0] == forum.category:
            grouped[-1][1].append(forum)
        else:
            grouped.append((forum.category, [forum]))
    return grouped


def categories() -> list[ForumCategory]:
    return list(
        db.session.scalars(
            sa.select(ForumCategory).order_by(ForumCategory.position, ForumCategory.id)
        )
    )


def my_contexts(user) -> list[tuple[str, int, str]]:
    """``(kind, id, name)`` of the courses and groups whose forum ``user`` reads through
    following, membership or a role there (two queries)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []

    def roles(kind):
        return sa.select(RoleAssignment.context_id).where(
            RoleAssignment.user_id == user.id, RoleAssignment.context_type == kind
        )

    courses = db.session.execute(
        sa.select(Course.id, Course.title)
        .where(sa.or_(Course.id.in_(_followed_courses(user)), Course.id.in_(roles("course"))))
        .order_by(Course.title)
        .limit(100)
    )
    members = sa.select(GroupMember.group_id).where(GroupMember.user_id == user.id)
    groups = db.session.execute(
        sa.select(Group.id, Group.name)
        .where(sa.or_(Group.id.in_(members), Group.id.in_(roles("group"))))
        .order_by(Group.name)
        .limit(100)
    )
    return [("course", i, t) for i, t in courses] + [("group", i, n) for i, n in groups]


def context_name(kind: str, context_id: int) -> str | None:
    model, column = (Course, Course.title) if kind == "course" else (Group, Group.name)
    return db.session.scalar(sa.select(column).where(model.id == context_id))


def _accepted_exists():
    return (
        sa.select(ForumPost.id)
        .where(ForumPost.thread_id == ForumThread.id, ForumPost.is_accepted.is_(True))
        .exists()
    )


def list_threads(user, forum: Forum, page: int = 1, only: str = "all", per_page=None) -> Page:
    """The threads of ``forum``: pinned first, then by newest post (one page, two queries)."""
    statement = sa.select(ForumThread).where(
        ForumThread.forum_id == forum.id, ForumThread.deleted_at.is_(None)
    )
    if not can_moderate(user, forum):
        statement = statement.where(
            sa.or_(ForumThread.is_held.is_(False), ForumThread.author_id == user.id)
        )
    if only == "unanswered":
        statement = statement.where(ForumThread.is_question.is_(True), ~_accepted_exists())
    statement = statement.order_by(
        ForumThread.is_pinned.desc(), ForumThread.last_post_at.desc(), ForumThread.id.desc()
    )
    return paginate(statement, page, per_page or THREADS_PER_PAGE)


def answered_ids(threads) -> set[int]:
    """Ids of the questions among ``threads`` that have an accepted answer (one query)."""
    ids = [t.id for t in threads if t.is_question]
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(ForumPost.thread_id).where(
                ForumPost.thread_id.in_(ids), ForumPost.is_accepted.is_(True)
            )
        )
    )


def _visible_posts(user, thread: ForumThread):
    statement = sa.select(ForumPost).where(ForumPost.thread_id == thread.id)
    if not can_moderate(user, thread.forum):
        statement = statement.where(
            sa.or_(ForumPost.status == "visible", ForumPost.author_id == user.id)
        )
    return statement


def list_posts(user, thread: ForumThread, page: int = 1, per_page=None) -> Page:
    """The posts of ``thread`` that ``user`` sees, oldest first (one page, two queries)."""
    statement = _visible_posts(user, thread).order_by(ForumPost.created_at, ForumPost.id)
    return paginate(statement, page, per_page or POSTS_PER_PAGE)


def page_of_post(user, post: ForumPost, per_page=None) -> int:
    """The page of its thread where ``post`` is shown to ``user``."""
    before = _visible_posts(user, post.thread).where(
        sa.or_(
            ForumPost.created_at < post.created_at,
            sa.and_(ForumPost.created_at == post.created_at, ForumPost.id < post.id),
        )
    )
    count = db.session.scalar(sa.select(sa.func.count()).select_from(before.subquery()))
    return (count or 0) // (per_page or POSTS_PER_PAGE) + 1


def accepted_answer(thread: ForumThread) -> ForumPost | None:
    if not thread.is_question:
        return None
    return db.session.scalar(
        sa.select(ForumPost).where(
            ForumPost.thread_id == thread.id,
            ForumPost.is_accepted.is_(True),
            ForumPost.status == "visible",
            ForumPost.deleted_at.is_(None),
        )
    )


def opening_post(thread: ForumThread) -> ForumPost | None:
    return db.session.scalar(
        sa.select(ForumPost)
        .where(ForumPost.thread_id == thread.id)
        .order_by(ForumPost.created_at, ForumPost.id)
        .limit(1)
    )


def quote_of(post: ForumPost) -> str:
    """``post`` as a Markdown blockquote with its author, to start a reply with."""
    author = post.author.display_name if post.author else "?"
    lines = (post.body or "").strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"> **{author}**\n>\n{quoted}\n\n"


def revisions(post: ForumPost) -> list[ForumPostRevision]:
    return list(
        db.session.scalars(
            sa.select(ForumPostRevision)
            .where(ForumPostRevision.post_id == post.id)
            .order_by(ForumPostRevision.created_at.desc(), ForumPostRevision.id.desc())
        )
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(user, text: str, page: int = 1, per_page=None) -> Page:
    """Visible posts whose words or thread title hold ``text`` (accents and case ignored),
    in the forums ``user`` may read; newest first (two queries)."""
    words = fold(text)[:100]
    if not words:
        return Page([], page, per_page or SEARCH_PER_PAGE, 0)
    pattern = _like(words)
    statement = (
        sa.select(ForumPost)
        .join(ForumThread, ForumThread.id == ForumPost.thread_id)
        .join(Forum, Forum.id == ForumThread.forum_id)
        .where(
            readable(user),
            ForumThread.deleted_at.is_(None),
            ForumThread.is_held.is_(False),
            ForumPost.status == "visible",
            ForumPost.deleted_at.is_(None),
            sa.or_(
                ForumPost.body_folded.like(pattern, escape="\\"),
                ForumThread.title_folded.like(pattern, escape="\\"),
            ),
        )
        .order_by(ForumPost.created_at.desc(), ForumPost.id.desc())
    )
    return paginate(statement, page, per_page or SEARCH_PER_PAGE)


def open_reports(user, page: int = 1) -> Page:
    """Open reports on posts of the forums ``user`` moderates, oldest first."""
    statement = (
        sa.select(ForumReport)
        .join(ForumPost, ForumPost.id == ForumReport.post_id)
        .join(ForumThread, ForumThread.id == ForumPost.thread_id)
        .join(Forum, Forum.id == ForumThread.forum_id)
        .where(ForumReport.status == "open", moderated(user))
        .options(joinedload(ForumReport.post).joinedload(ForumPost.thread))
        .order_by(ForumReport.created_at, ForumReport.id)
    )
    return paginate(statement, page, QUEUE_PER_PAGE)


def held_posts(user, page: int = 1) -> Page:
    """Posts awaiting approval in the forums ``user`` moderates, oldest first."""
    statement = (
        sa.select(ForumPost)
        .join(ForumThread, ForumThread.id == ForumPost.thread_id)
        .join(Forum, Forum.id == ForumThread.forum_id)
        .where(ForumPost.status == "held", ForumThread.deleted_at.is_(None), moderated(user))
        .order_by(ForumPost.created_at, ForumPost.id)
    )
    return paginate(statement, page, QUEUE_PER_PAGE)


def get_report_for(user, report_id) -> ForumReport:
    report = get_by_id(ForumReport, report_id)
    if report is None or not can_moderate(user, report.post.thread.forum):
        raise NotFound()
    return report


def subscription_of(user, *, forum=None, thread=None) -> ForumSubscription | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    column, value = (
        (ForumSubscription.forum_id, forum.id)
        if forum
        else (ForumSubscription.thread_id, thread.id)
    )
    return db.session.scalar(
        sa.select(ForumSubscription).where(ForumSubscription.user_id == user.id, column == value)
    )


def subscribers(thread: ForumThread) -> list[ForumSubscription]:
    """Subscriptions to ``thread`` and to its forum; a person following both, once (the
    thread's)."""
    rows = db.session.scalars(
        sa.select(ForumSubscription)
        .join(User, User.id == ForumSubscription.user_id)
        .where(
            sa.or_(
                ForumSubscription.thread_id == thread.id,
                ForumSubscription.forum_id == thread.forum_id,
            ),
            User.is_active.is_(True),
            User.deleted_at.is_(None),
        )
        .order_by(ForumSubscription.thread_id.is_(None), ForumSubscription.id)
    ).all()
    chosen: dict[int, ForumSubscription] = {}
    for row in rows:
        chosen.setdefault(row.user_id, row)
    return list(chosen.values())


def list_forums_for(user) -> list[Forum]:
    """Every existing forum ``user`` may read (the API's list; one query)."""
    return list(
        db.session.scalars(
            sa.select(Forum).where(readable(user)).order_by(Forum.kind, Forum.position, Forum.id)
        )
    )


def read_marks(user, threads) -> dict[int, object]:
    """``{thread id: last_read_at}`` of ``user`` for ``threads`` (one query)."""
    ids = [t.id for t in threads]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(ForumThreadRead.thread_id, ForumThreadRead.last_read_at).where(
            ForumThreadRead.user_id == user.id, ForumThreadRead.thread_id.in_(ids)
        )
    )
    return dict(rows.all())


def first_unread(user, thread: ForumThread) -> ForumPost | None:
    """The first post of ``thread`` that ``user`` sees and has not read; else its last post."""
    mark = db.session.get(ForumThreadRead, (user.id, thread.id))
    statement = _visible_posts(user, thread)
    if mark is not None:
        unread = db.session.scalar(
            statement.where(ForumPost.created_at > mark.last_read_at)
            .order_by(ForumPost.created_at, ForumPost.id)
            .limit(1)
        )
        if unread is not None:
            return unread
    return db.session.scalar(
        statement.order_by(ForumPost.created_at.desc(), ForumPost.id.desc()).limit(1)
    )
