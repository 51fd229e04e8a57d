"""Moderation: reports, approving held posts, hiding, deleting, pinning, locking and moving.

Every action takes the right to moderate the forum concerned and leaves, besides the
recorded change of the rows, an audit row named ``forum.<action>`` with the moderator, the
object and what was decided.
"""

from __future__ import annotations

import sqlalchemy as sa

from dclic import audit
from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.forums import queries, services
from dclic.forums.kinds import POST_MODERATED
from dclic.forums.models import (
    MAX_REASON,
    Forum,
    ForumAttachment,
    ForumPost,
    ForumPostRevision,
    ForumReport,
    ForumThread,
)
from dclic.forums.permissions import can_moderate, can_read_forum
from dclic.notifications import services as notifications


def _require(actor, forum: Forum) -> None:
    if not can_moderate(actor, forum):
        raise NotAllowed(_("Only the moderators of this forum may do this."))


def _record(action: str, obj, **details) -> None:
    audit.record(
        f"forum.{action}", object_type=obj.__tablename__, object_id=obj.id, details=details or None
    )


def _tell_author(post: ForumPost, title_of) -> None:
    if post.author is None:
        return
    with notifications.in_language_of(post.author):
        title = title_of(post.thread.title)
    notifications.notify(
        post.author, POST_MODERATED, title, notifications.path_for("forums.post", post_id=post.id)
    )


def report_post(actor, post: ForumPost, reason: str) -> ForumReport:
    """``actor`` (who may read the post) reports it to the moderators, with a reason."""
    if not can_read_forum(actor, post.thread.forum):
        raise NotFound()
    text = (reason or "").replace("\r\n", "\n").strip()
    if not text:
        raise Invalid(_("Please correct the following:"), {"reason": [_("Say what is wrong.")]})
    if len(text) > MAX_REASON:
        message = _("At most %(n)s characters.", n=MAX_REASON)
        raise Invalid(_("Please correct the following:"), {"reason": [message]})
    already = db.session.scalar(
        sa.select(ForumReport).where(
            ForumReport.post_id == post.id,
            ForumReport.reporter_id == actor.id,
            ForumReport.status == "open",
        )
    )
    if already is not None:
        raise Conflict(_("You have already reported this post; the moderators will look at it."))
    report = ForumReport(post_id=post.id, reporter_id=actor.id, reason=text)
    db.session.add(report)
    db.session.flush()
    return report


def close_report(actor, report: ForumReport, outcome: str) -> ForumReport:
    """A moderator resolves (acted on it) or dismisses (nothing wrong) a report."""
    _require(actor, report.post.thread.forum)
    if outcome not in ("resolved", "dismissed"):
        raise Invalid(
            _("Please correct the following:"), {"outcome": [_("Choose one of the options.")]}
        )
    if report.status != "open":
        raise Conflict(_("This report is already closed."))
    report.status = outcome
    report.handled_by_id = actor.id
    report.handled_at = utcnow()
    db.session.flush()
    _record("close_report", report, outcome=outcome)
    return report


def _resolve_reports(actor, post: ForumPost) -> None:
    """Acting on a post answers the open reports about it."""
    for report in db.session.scalars(
        sa.select(ForumReport).where(ForumReport.post_id == post.id, ForumReport.status == "open")
    ):
        report.status, report.handled_by_id, report.handled_at = "resolved", actor.id, utcnow()


def approve_post(actor, post: ForumPost) -> ForumPost:
    """A held post becomes visible (and its followers hear of it)."""
    _require(actor, post.thread.forum)
    if post.status != "held":
        raise Conflict(_("This post is not awaiting approval."))
    post.status = "visible"
    db.session.flush()
    services.made_visible(post)
    _record("approve_post", post)
    _tell_author(post, lambda title: _("Your post was approved: %(title)s", title=title))
    return post


def set_hidden(actor, post: ForumPost, hidden: bool, reason: str = "") -> ForumPost:
    """Hide a post from everyone but its author and the moderators, or show it again."""
    _require(actor, post.thread.forum)
    if post.is_deleted:
        raise Conflict(_("This post is deleted."))
    wanted = "hidden" if hidden else "visible"
    if post.status == wanted or (not hidden and post.status != "hidden"):
        return post
    post.status = wanted
    if hidden:
        post.is_accepted = False
        _resolve_reports(actor, post)
    db.session.flush()
    _record("hide_post" if hidden else "unhide_post", post, reason=reason.strip()[:MAX_REASON])
    if hidden:
        _tell_author(post, lambda title: _("A moderator hid your post in “%(title)s”", title=title))
    return post


def delete_post(actor, post: ForumPost, reason: str = "") -> ForumPost:
    """Erase a post's text and attachments; a tombstone stays in the thread. The opening
    post cannot go alone: delete the thread."""
    _require(actor, post.thread.forum)
    first = queries.opening_post(post.thread)
    if first is not None and first.id == post.id:
        raise Conflict(_("This is the opening post: delete the whole thread instead."))
    if post.is_deleted:
        return post
    if post.status == "visible" and post.thread.reply_count > 0:
        post.thread.reply_count -= 1
    post.deleted_at = utcnow()
    post.body = ""
    post.body_folded = ""
    post.is_accepted = False
    for model in (ForumAttachment, ForumPostRevision):  # the erased text and files go too
        for row in db.session.scalars(sa.select(model).where(model.post_id == post.id)):
            db.session.delete(row)
    _resolve_reports(actor, post)
    db.session.flush()
    _record("delete_post", post, reason=reason.strip()[:MAX_REASON])
    _tell_author(post, lambda title: _("A moderator deleted your post in “%(title)s”", title=title))
    return post


def delete_thread(actor, thread: ForumThread, reason: str = "") -> ForumThread:
    """Remove a thread from its forum, lists and searches (kept for the audit trail)."""
    _require(actor, thread.forum)
    thread.deleted_at = utcnow()
    for report in db.session.scalars(
        sa.select(ForumReport)
        .join(ForumPost, ForumPost.id == ForumReport.post_id)
        .where(ForumPost.thread_id == thread.id, ForumReport.status == "open")
    ):
        report.status, report.handled_by_id, report.handled_at = "resolved", actor.id, utcnow()
    db.session.flush()
    _record("delete_thread", thread, reason=reason.strip()[:MAX_REASON])
    return thread


def set_pinned(actor, thread: ForumThread, pinned: bool) -> ForumThread:
    _require(actor, thread.forum)
    if thread.is_pinned != pinned:
        thread.is_pinned = pinned
        db.session.flush()
        _record("pin_thread" if pinned else "unpin_thread", thread)
    return thread


def set_locked(actor, thread: ForumThread, locked: bool) -> ForumThread:
    _require(actor, thread.forum)
    if thread.is_locked != locked:
        thread.is_locked = locked
        db.session.flush()
        _record("lock_thread" if locked else "unlock_thread", thread)
    return thread


def move_thread(actor, thread: ForumThread, target: Forum) -> ForumThread:
    """Move a thread to another forum ``actor`` moderates too."""
    _require(actor, thread.forum)
    if not can_moderate(actor, target):
        raise Invalid(
            _("Please correct the following:"),
            {"forum": [_("You do not moderate that forum.")]},
        )
    if target.id == thread.forum_id:
        return thread
    origin = thread.forum_id
    thread.forum_id = target.id
    thread.forum = target
    db.session.flush()
    _record("move_thread", thread, from_forum=origin, to_forum=target.id)
    return thread


def move_targets(actor, thread: ForumThread) -> list[Forum]:
    """The forums ``actor`` may move ``thread`` to (those they moderate, but its own)."""
    return [
        forum
        for forum in queries.list_forums_for(actor)
        if forum.id != thread.forum_id and can_moderate(actor, forum)
    ]
