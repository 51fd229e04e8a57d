"""Forums, their threads and posts, and what surrounds them: categories, attachments, edit
history, reports and subscriptions.

A forum belongs to the community (created by administrators, in ordered categories), to a
course or to a group (one each, created on the first visit). A thread's first post is its
opening message; its other posts are the replies.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.accounts.models import User
from dclic.core.db import UTCDateTime, db, utcnow

FORUM_KINDS = ("community", "course", "group")
POST_STATUSES = ("visible", "held", "hidden")  # held: waits for a moderator's approval
REPORT_STATUSES = ("open", "resolved", "dismissed")
SUBSCRIPTION_MODES = ("immediate", "digest")
MAX_TITLE = 200
MAX_BODY = 20_000  # characters of Markdown in one post
MAX_REASON = 1000


def _one_of(column: str, values) -> sa.CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=column)


class ForumCategory(db.Model):
    """A heading of the community forums (e.g. "Entraide", "Vie de la communauté")."""

    __tablename__ = "forum_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0, server_default="0", comment="Order shown")

    __audited__ = ("title", "position")

    def __repr__(self) -> str:
        return f"<ForumCategory {self.id} {self.title}>"


class Forum(db.Model):
    """A forum: of the community (in a category), of a course or of a group."""

    __tablename__ = "forums"
    __table_args__ = (
        _one_of("kind", FORUM_KINDS),
        sa.UniqueConstraint("kind", "context_id", name="uq_forums_context"),
        sa.CheckConstraint("(kind = 'community') = (context_id IS NULL)", name="context_of_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10), comment="community, course or group")
    context_id: Mapped[int | None] = mapped_column(
        comment="The course's or group's id; null for a community forum"
    )
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("forum_categories.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(MAX_TITLE))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    position: Mapped[int] = mapped_column(default=0, server_default="0", comment="Order shown")
    is_qa: Mapped[bool] = mapped_column(
        default=False,
        server_default=sa.false(),
        comment="Q&A forum: every new thread is a question awaiting an accepted answer",
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    category: Mapped[ForumCategory | None] = relationship(lazy="joined")

    __audited__ = ("kind", "context_id", "category_id", "title", "description", "position", "is_qa")

    def __repr__(self) -> str:
        return f"<Forum {self.id} {self.kind}:{self.context_id}>"

    @property
    def context(self) -> tuple[str, int] | None:
        """``("course", 3)`` or ``("group", 7)``: the context whose roles count here."""
        return None if self.context_id is None else (self.kind, self.context_id)


class ForumThread(db.Model):
    """A discussion: a title, an opening post and replies."""

    __tablename__ = "forum_threads"
    __table_args__ = (
        sa.Index("ix_forum_threads_forum_order", "forum_id", "is_pinned", "last_post_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(sa.ForeignKey("forums.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="Who opened it"
    )
    title: Mapped[str] = mapped_column(sa.String(MAX_TITLE))
    title_folded: Mapped[str] = mapped_column(
        sa.String(MAX_TITLE), default="", server_default="", comment="Without accents nor case"
    )
    is_question: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), comment="Q&A: one reply may be accepted"
    )
    is_pinned: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_locked: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), comment="No new replies"
    )
    is_held: Mapped[bool] = mapped_column(
        default=False,
        server_default=sa.false(),
        comment="Its opening post awaits approval: only its author and moderators see it",
    )
    reply_count: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="Visible replies (the opening post not counted)"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, comment="Time of the newest visible post (sorts the list)"
    )
    deleted_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="Deleted by a moderator: gone from lists and searches"
    )

    forum: Mapped[Forum] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined")

    __audited__ = (
        "forum_id", "author_id", "title", "is_question", "is_pinned", "is_locked", "is_held",
        "deleted_at",
    )  # fmt: skip

    def __repr__(self) -> str:
        return f"<ForumThread {self.id} forum={self.forum_id}>"


class ForumPost(db.Model):
    """One message of a thread, in Markdown (rendered and sanitized when shown)."""

    __tablename__ = "forum_posts"
    __table_args__ = (
        _one_of("status", POST_STATUSES),
        sa.Index("ix_forum_posts_thread_created", "thread_id", "created_at"),
        sa.Index("ix_forum_posts_author_status", "author_id", "status"),
        sa.Index("ix_forum_posts_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text, comment="Markdown, at most 20,000 characters")
    body_folded: Mapped[str] = mapped_column(
        sa.Text, default="", server_default="", comment="Plain words without accents nor case"
    )
    status: Mapped[str] = mapped_column(
        sa.String(10), default="visible", server_default="visible", comment="visible, held, hidden"
    )
    is_accepted: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(), comment="The accepted answer of a question"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="Deleted: shown as a tombstone; its text is erased"
    )

    thread: Mapped[ForumThread] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined")
    attachments: Mapped[list[ForumAttachment]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ForumAttachment.file_id"
    )

    __audited__ = ("thread_id", "author_id", "body", "status", "is_accepted", "deleted_at")

    def __repr__(self) -> str:
        return f"<ForumPost {self.id} thread={self.thread_id} {self.status}>"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ForumAttachment(db.Model):
    """A stored file attached to a post (readable by whoever may read the thread)."""

    __tablename__ = "forum_attachments"

    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True
    )
    file_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    file = relationship("StoredFile", lazy="joined")

    __audited__ = ("post_id", "file_id")

    def __repr__(self) -> str:
        return f"<ForumAttachment post={self.post_id} file={self.file_id}>"


class ForumPostRevision(db.Model):
    """A post's text before one of its edits (the edit history)."""

    __tablename__ = "forum_post_revisions"
    __table_args__ = (sa.Index("ix_forum_post_revisions_post", "post_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_posts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(sa.Text, comment="The text replaced by this edit")
    edited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="Who made the edit"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edited_by: Mapped[User | None] = relationship(lazy="joined")

    __audited__ = ("post_id", "edited_by_id")

    def __repr__(self) -> str:
        return f"<ForumPostRevision {self.id} post={self.post_id}>"


class ForumReport(db.Model):
    """Someone's report of a post to the moderators, and what became of it."""

    __tablename__ = "forum_reports"
    __table_args__ = (
        _one_of("status", REPORT_STATUSES),
        sa.Index("ix_forum_reports_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_posts.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.Text, comment="Why, in the reporter's words")
    status: Mapped[str] = mapped_column(
        sa.String(10), default="open", server_default="open", comment="open, resolved, dismissed"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="The moderator who closed it"
    )
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[ForumPost] = relationship(lazy="joined")
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id], lazy="joined")

    __audited__ = ("post_id", "reporter_id", "reason", "status", "handled_by_id")

    def __repr__(self) -> str:
        return f"<ForumReport {self.id} post={self.post_id} {self.status}>"


class ForumSubscription(db.Model):
    """A person following a forum or a thread, by mail at once or in the daily digest."""

    __tablename__ = "forum_subscriptions"
    __table_args__ = (
        _one_of("mode", SUBSCRIPTION_MODES),
        sa.CheckConstraint("(forum_id IS NULL) <> (thread_id IS NULL)", name="forum_or_thread"),
        sa.UniqueConstraint("user_id", "forum_id", name="uq_forum_subscriptions_forum"),
        sa.UniqueConstraint("user_id", "thread_id", name="uq_forum_subscriptions_thread"),
        sa.Index("ix_forum_subscriptions_forum", "forum_id"),
        sa.Index("ix_forum_subscriptions_thread", "thread_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    forum_id: Mapped[int | None] = mapped_column(sa.ForeignKey("forums.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("forum_threads.id", ondelete="CASCADE")
    )
    mode: Mapped[str] = mapped_column(sa.String(10), comment="immediate or digest")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
    forum: Mapped[Forum | None] = relationship()
    thread: Mapped[ForumThread | None] = relationship()

    __audited__ = ("user_id", "forum_id", "thread_id", "mode")

    def __repr__(self) -> str:
        target = f"forum={self.forum_id}" if self.forum_id else f"thread={self.thread_id}"
        return f"<ForumSubscription user={self.user_id} {target} {self.mode}>"


class ForumThreadRead(db.Model):
    """How far a person has read a thread (their "jump to the first unread post")."""

    __tablename__ = "forum_thread_reads"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_read_at: Mapped[datetime] = mapped_column(
        UTCDateTime, comment="Every post up to this time is read by this person"
    )

    # last_read_at changes at every look: not recorded.
    __audited__ = ("user_id", "thread_id")

    def __repr__(self) -> str:
        return f"<ForumThreadRead user={self.user_id} thread={self.thread_id}>"
