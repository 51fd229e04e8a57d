"""Reads for changing a learner's mentor: the learner's tutored-path enrolments with their
mentors, and the mentors one may name with their current load against their capacity.

Eligible mentors hold ``appointment.offer`` through a site role (what
:func:`queue.assign_mentor` accepts); a name search narrows them, a page shows
:data:`SHOWN` at most. Fixed number of queries whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dclic.accounts.models import Role, User, user_roles
from dclic.accounts.rights import role_holds
from dclic.core.db import db
from dclic.learning.models import Enrolment
from dclic.mentoring.models import MentorSettings

SHOWN = 20


@dataclass(frozen=True)
class Candidate:
    """A mentor one may name: ``load`` learners followed, ``capacity`` (None: no limit)."""

    user: User
    load: int
    capacity: int | None

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.load >= self.capacity


def path_enrolments(learner) -> list[Enrolment]:
    """``learner``'s path enrolments (active first), paths and mentors loaded (one query)."""
    return list(
        db.session.scalars(
            sa.select(Enrolment)
            .options(joinedload(Enrolment.path).lazyload("*"), joinedload(Enrolment.mentor))
            .where(Enrolment.user_id == learner.id, Enrolment.path_id.is_not(None))
            .order_by(Enrolment.status != "active", Enrolment.enrolled_at, Enrolment.id)
        )
    )


def _mentor_roles() -> list[int]:
    roles = db.session.execute(sa.select(Role.id, Role.code)).all()
    return [role_id for role_id, code in roles if role_holds(code, "appointment.offer")]


def eligible_mentors(learner, search: str = "") -> tuple[list[Candidate], int]:
    """The mentors one may name for ``learner`` whose name or code contains ``search``, by
    name (the first :data:`SHOWN`), and how many match in all."""
    holders = (
        sa.select(user_roles.c.user_id)
        .where(user_roles.c.role_id.in_(_mentor_roles()))
        .scalar_subquery()
    )
    statement = sa.select(User).where(
        User.id.in_(holders),
        User.id != learner.id,
        User.is_active.is_(True),
        User.deleted_at.is_(None),
    )
    text = (search or "").strip()[:100]
    if text:
        pattern = f"%{text.replace('%', '').replace('_', '')}%"
        statement = statement.where(
            sa.or_(User.display_name.ilike(pattern), User.learner_code.ilike(pattern))
        )
    total = db.session.scalar(statement.with_only_columns(sa.func.count()).order_by(None))
    users = list(db.session.scalars(statement.order_by(User.display_name, User.id).limit(SHOWN)))
    ids = [u.id for u in users]
    loads = dict(
        db.session.execute(
            sa.select(Enrolment.mentor_id, sa.func.count(sa.distinct(Enrolment.user_id)))
            .where(Enrolment.mentor_id.in_(ids), Enrolment.status == "active")
            .group_by(Enrolment.mentor_id)
        ).all()
    )
    capacities = dict(
        db.session.execute(
            sa.select(MentorSettings.mentor_id, MentorSettings.capacity).where(
                MentorSettings.mentor_id.in_(ids)
            )
        ).all()
    )
    return [Candidate(u, loads.get(u.id, 0), capacities.get(u.id)) for u in users], total
