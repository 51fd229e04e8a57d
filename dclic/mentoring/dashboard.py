"""The mentors' dashboard: the learners a mentor follows, with their progress and last
activity, those who are stuck first.

*A mentor's learners* are those whose **active** enrolment names them as mentor
(``Enrolment.mentor_id``), and the members of the groups where they hold a role with
``progress.view`` (a mentor *of group G*). A site-wide ``progress.view`` (which every mentor
holds) lets them open anyone's progress, but does not put everyone on their dashboard.

A learner is **stuck** when something they follow is unfinished and they have done nothing
for ``DCLIC_MENTOR_STUCK_DAYS`` days (no step opened or done; never started: counted from
the enrolment). Everything is read in a fixed number of queries whatever the number of
learners (``dclic.learning.progress`` reads the progress in bulk).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from dclic.accounts.models import Group, GroupMember, Role, RoleAssignment, User
from dclic.accounts.rights import role_holds
from dclic.core.db import db
from dclic.learning import progress
from dclic.learning.models import Enrolment
from dclic.learning.progress import Overview
from dclic.mentoring.models import ACTIVE_STATUSES, Appointment


@dataclass
class LearnerRow:
    """One learner on a mentor's dashboard."""

    learner: User
    overview: Overview
    last_activity_at: datetime | None  # the last step opened or done, in any course
    since: datetime | None  # what "stuck" counts from: the last activity, else the enrolment
    is_stuck: bool
    is_mentored: bool  # the mentor is named on one of the learner's active enrolments
    groups: list[str] = field(default_factory=list)  # the followed groups they belong to
    upcoming: int = 0  # active appointments to come with this mentor


def stuck_after() -> timedelta:
    """How long without activity makes a learner stuck (``DCLIC_MENTOR_STUCK_DAYS``)."""
    return timedelta(days=current_app.config.get("DCLIC_MENTOR_STUCK_DAYS", 7))


def mentored_ids(mentor) -> set[int]:
    """The learners whose active enrolment names ``mentor`` (one query)."""
    return set(
        db.session.scalars(
            sa.select(Enrolment.user_id).where(
                Enrolment.mentor_id == mentor.id,
                Enrolment.status == "active",
                Enrolment.user_id != mentor.id,
            )
        )
    )


def group_memberships(mentor) -> dict[int, list[str]]:
    """``{member id: [group names]}`` of the groups where ``mentor`` holds a role with
    ``progress.view`` (two queries)."""
    rows = db.session.execute(
        sa.select(RoleAssignment.context_id, Role.code)
        .join(Role, Role.id == RoleAssignment.role_id)
        .where(RoleAssignment.user_id == mentor.id, RoleAssignment.context_type == "group")
    )
    group_ids = {group_id for group_id, code in rows if role_holds(code, "progress.view")}
    if not group_ids:
        return {}
    members: dict[int, list[str]] = {}
    for user_id, name in db.session.execute(
        sa.select(GroupMember.user_id, Group.name)
        .join(Group, Group.id == GroupMember.group_id)
        .where(GroupMember.group_id.in_(group_ids), GroupMember.user_id != mentor.id)
        .order_by(Group.name)
    ):
        members.setdefault(user_id, []).append(name)
    return members


def upcoming_counts(mentor, learner_ids, now: datetime) -> dict[int, int]:
    """``{learner id: active appointments with mentor not over yet}`` (one query)."""
    if not learner_ids:
        return {}
    rows = db.session.execute(
        sa.select(Appointment.learner_id, sa.func.count())
        .where(
            Appointment.mentor_id == mentor.id,
            Appointment.learner_id.in_(list(learner_ids)),
            Appointment.status.in_(ACTIVE_STATUSES),
            sa.or_(Appointment.ends_at.is_(None), Appointment.ends_at > now),
        )
        .group_by(Appointment.learner_id)
    )
    return dict(rows.all())


def _activity(enrolments: list[Enrolment]) -> tuple[datetime | None, datetime | None, bool]:
    """(last activity, what "stuck" counts from, has something unfinished)."""
    last = max((e.last_activity_at for e in enrolments if e.last_activity_at), default=None)
    unfinished = [e for e in enrolments if e.status == "active"]
    since = last or max((e.enrolled_at for e in unfinished), default=None)
    return last, since, bool(unfinished)


def list_learners(mentor, now: datetime) -> list[LearnerRow]:
    """``mentor``'s learners with progress, stuck ones first (longest without activity first),
    then the others by name. A fixed number of queries whatever their number."""
    mentored = mentored_ids(mentor)
    memberships = group_memberships(mentor)
    ids = mentored | set(memberships)
    if not ids:
        return []
    learners = list(
        db.session.scalars(sa.select(User).where(User.id.in_(ids), User.deleted_at.is_(None)))
    )
    enrolments = progress.load_enrolments([learner.id for learner in learners])
    found = progress.overviews(enrolments)
    by_learner: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_learner.setdefault(enrolment.user_id, []).append(enrolment)
    upcoming = upcoming_counts(mentor, ids, now)
    limit = now - stuck_after()
    rows = []
    for learner in learners:
        last, since, unfinished = _activity(by_learner.get(learner.id, []))
        rows.append(
            LearnerRow(
                learner=learner,
                overview=found.get(learner.id, Overview([], [])),
                last_activity_at=last,
                since=since,
                is_stuck=unfinished and since is not None and since < limit,
                is_mentored=learner.id in mentored,
                groups=memberships.get(learner.id, []),
                upcoming=upcoming.get(learner.id, 0),
            )
        )
    stuck = sorted((r for r in rows if r.is_stuck), key=lambda r: (r.since, r.learner.id))
    others = sorted(
        (r for r in rows if not r.is_stuck),
        key=lambda r: (r.learner.display_name.casefold(), r.learner.id),
    )
    return stuck + others
