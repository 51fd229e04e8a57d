"""Mentors' announcements: to all their learners, or to the members of a group they follow.

Each recipient finds it on their home page (:func:`latest_for`, one query) and receives it by
mail after the commit, unless they chose ``mail_notifications = off``.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dclic.accounts import groups
from dclic.accounts.models import GroupMember, User
from dclic.core.db import db, utcnow
from dclic.core.errors import NotAllowed
from dclic.core.i18n import gettext as _
from dclic.learning.models import Enrolment
from dclic.learning.permissions import followed_groups
from dclic.mentoring import dashboard, notifications, permissions
from dclic.mentoring.outreach_models import Announcement
from dclic.mentoring.validation import clean_text

LONGEST_BODY = 3000
SHOWN_FOR = timedelta(days=30)  # on the home page
SHOWN_AT_MOST = 3


def audiences(actor) -> list[tuple[str, str]]:
    """What ``actor`` may write to: ``("all", …)`` (their learners) and ``(group id, name)``."""
    if not permissions.may_follow_learners(actor):
        return []
    return [("all", _("All my learners"))] + [(str(g.id), g.name) for g in followed_groups(actor)]


def recipients(author, group_id: int | None) -> list[User]:
    """The open accounts an announcement reaches (never its author)."""
    if group_id is None:
        ids = dashboard.mentored_ids(author)
        if not ids:
            return []
        found = db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.id))
    else:
        found = groups.members(groups.get_group(group_id))
    return [u for u in found if u.id != author.id and u.is_active and u.deleted_at is None]


def post_announcement(actor, audience: str, title: str, body: str) -> Announcement:
    """``actor`` writes to ``audience`` (``"all"`` or a group id they follow); each recipient
    is mailed after the commit."""
    allowed = {code for code, _label in audiences(actor)}
    if str(audience) not in allowed:
        raise NotAllowed(_("You may write only to your learners or to a group you follow."))
    announcement = Announcement(
        author_id=actor.id,
        group_id=None if str(audience) == "all" else int(audience),
        title=clean_text(title, "title", 200, required=True),
        body=clean_text(body, "body", LONGEST_BODY, required=True),
    )
    db.session.add(announcement)
    db.session.flush()
    for person in recipients(actor, announcement.group_id):
        notifications.announce(announcement, person, actor)
    return announcement


def list_by(author, limit: int = 50) -> list[Announcement]:
    """``author``'s announcements, newest first."""
    return list(
        db.session.scalars(
            sa.select(Announcement)
            .where(Announcement.author_id == author.id)
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(limit)
        )
    )


def latest_for(user) -> list[Announcement]:
    """The recent announcements ``user`` receives, newest first, authors loaded (one query):
    from a mentor named on one of their active enrolments, or to a group they belong to."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    my_mentors = sa.select(Enrolment.mentor_id).where(
        Enrolment.user_id == user.id, Enrolment.status == "active"
    )
    my_groups = sa.select(GroupMember.group_id).where(GroupMember.user_id == user.id)
    return list(
        db.session.scalars(
            sa.select(Announcement)
            .options(joinedload(Announcement.author).lazyload("*"))
            .where(
                sa.or_(
                    sa.and_(
                        Announcement.group_id.is_(None),
                        Announcement.author_id.in_(my_mentors.scalar_subquery()),
                    ),
                    Announcement.group_id.in_(my_groups.scalar_subquery()),
                ),
                Announcement.author_id != user.id,
                Announcement.created_at > utcnow() - SHOWN_FOR,
            )
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(SHOWN_AT_MOST)
        )
    )
