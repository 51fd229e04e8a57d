"""Learners waiting for a mentor, mentors' capacity, and (re)assignment with its history.

The queue: active enrolments in a **tutored** path with no mentor (``Enrolment.mentor_id``
NULL). A mentor takes a learner within their capacity (``mentor_settings.capacity``, the
number of learners whose active enrolment names them); the pedagogical team (capability
``mentor.assign``) assigns or reassigns anyone. Every period is kept in
``mentor_assignments``.

No two mentors take the same learner: the mentor's settings row is locked (capacity checked
in turn), then ``UPDATE enrolments SET mentor_id = … WHERE id = … AND mentor_id IS NULL``;
the mentor who updates no row gets a :class:`Conflict`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dclic.accounts.groups import can_follow
from dclic.accounts.models import User
from dclic.accounts.rights import has_capability
from dclic.core.api import Page, paginate
from dclic.core.db import db, get_by_id, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.courses.models import LearningPath
from dclic.learning.models import Enrolment
from dclic.mentoring import permissions
from dclic.mentoring.models import MentorSettings
from dclic.mentoring.outreach_models import MentorAssignment
from dclic.mentoring.validation import clean_text

MENTOR_ASSIGN = declare(
    "mentor.assign",
    _l("Assign and reassign the mentor of any learner of a tutored path"),
    ("pedagogical_admin", "admin"),
)


def can_assign_mentors(user) -> bool:
    return has_capability(user, "mentor.assign")


def _waiting():
    return (
        sa.select(Enrolment)
        .join(LearningPath, LearningPath.id == Enrolment.path_id)
        .join(User, User.id == Enrolment.user_id)
        .where(
            LearningPath.is_tutored.is_(True),
            Enrolment.status == "active",
            Enrolment.mentor_id.is_(None),
            User.deleted_at.is_(None),
        )
    )


def _check_queue_viewer(viewer) -> None:
    if not (permissions.can_offer_appointments(viewer) or can_assign_mentors(viewer)):
        raise NotAllowed(_("Only mentors and the pedagogical team see the queue."))


def _ordered_queue():
    return (
        _waiting()
        .options(joinedload(Enrolment.user), joinedload(Enrolment.path))
        .order_by(Enrolment.enrolled_at, Enrolment.id)
    )


def list_queue(viewer, limit: int = 200) -> list[Enrolment]:
    """The enrolments waiting for a mentor, oldest first (one query, learner and path loaded)."""
    _check_queue_viewer(viewer)
    return list(db.session.scalars(_ordered_queue().limit(limit)))


def queue_page(viewer, page: int = 1, per_page: int = 20) -> Page:
    """One page of the queue, oldest first, with the total (two queries, whatever its length)."""
    _check_queue_viewer(viewer)
    return paginate(_ordered_queue(), page, per_page)


def count_followed(mentor) -> int:
    """How many learners have an active enrolment naming ``mentor``."""
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Enrolment.user_id))).where(
            Enrolment.mentor_id == mentor.id, Enrolment.status == "active"
        )
    )


def capacity_of(mentor) -> int | None:
    settings = db.session.get(MentorSettings, mentor.id)
    return settings.capacity if settings is not None else None


def _lock_settings(mentor) -> MentorSettings:
    """The mentor's settings row, locked until the commit (created when missing)."""
    statement = sa.select(MentorSettings).where(MentorSettings.mentor_id == mentor.id)
    settings = db.session.scalar(statement.with_for_update())
    if settings is None:
        settings = MentorSettings(mentor_id=mentor.id)
        db.session.add(settings)
        db.session.flush()
    return settings


def _open_period(enrolment: Enrolment, mentor, actor, reason: str = "") -> MentorAssignment | None:
    """Close the enrolment's current period; open one for ``mentor`` (None: back in the queue)."""
    now = utcnow()
    for period in db.session.scalars(
        sa.select(MentorAssignment).where(
            MentorAssignment.enrolment_id == enrolment.id, MentorAssignment.until_at.is_(None)
        )
    ):
        period.until_at = now
    if mentor is None:
        db.session.flush()
        return None
    period = MentorAssignment(
        learner_id=enrolment.user_id,
        enrolment_id=enrolment.id,
        mentor_id=mentor.id if mentor is not None else None,
        assigned_by_id=actor.id,
        from_at=now,
        reason=reason,
    )
    db.session.add(period)
    db.session.flush()
    return period


def get_enrolment(enrolment_id) -> Enrolment:
    enrolment = get_by_id(Enrolment, enrolment_id)
    if enrolment is None or enrolment.path_id is None:
        raise NotFound(_("This enrolment does not exist."))
    return enrolment


def take_learner(actor, enrolment: Enrolment) -> MentorAssignment:
    """``actor`` (a mentor) becomes the mentor of ``enrolment``, waiting in the queue, within
    their capacity. Another mentor took it first: :class:`Conflict`."""
    if not permissions.can_offer_appointments(actor):
        raise NotAllowed(_("Only mentors take learners from the queue."))
    learner = db.session.get(User, enrolment.user_id)
    if learner is None or learner.id == actor.id or not can_follow(actor, learner):
        raise NotAllowed(_("You cannot follow this learner."))
    settings = _lock_settings(actor)
    if settings.capacity is not None and count_followed(actor) >= settings.capacity:
        raise Conflict(_("You already follow as many learners as your capacity allows."))
    taken = db.session.execute(
        sa.update(Enrolment)
        .where(
            Enrolment.id == enrolment.id,
            Enrolment.mentor_id.is_(None),
            Enrolment.status == "active",
        )
        .values(mentor_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise Conflict(_("Another mentor has just taken this learner."))
    db.session.expire(enrolment, ["mentor_id"])
    return _open_period(enrolment, actor, actor)


def assign_mentor(actor, enrolment: Enrolment, mentor: User | None, reason: str = "") -> dict:
    """The pedagogical team names ``mentor`` (None: back to the queue) on ``enrolment``, with
    a ``reason`` kept in the history (required when it replaces a named mentor); the
    previous period is closed. Returns the change ``{"mentor_id": (old, new)}``."""
    if not can_assign_mentors(actor):
        raise NotAllowed(_("Only the pedagogical team assigns mentors."))
    reason = clean_text(reason, "reason", 500)
    if mentor is not None and (
        mentor.deleted_at is not None
        or not permissions.can_offer_appointments(mentor)
        or mentor.id == enrolment.user_id
    ):
        raise Invalid(_("Some fields are not valid."), {"mentor": [_("This person is no mentor.")]})
    old, new = enrolment.mentor_id, mentor.id if mentor is not None else None
    if old == new:
        return {}
    if old is not None and not reason:
        raise Invalid(
            _("Some fields are not valid."),
            {"reason": [_("Say why the learner changes mentor.")]},
        )
    if old is not None and not _has_open_period(enrolment):
        # Named before the history was kept: its period starts with the enrolment.
        db.session.add(
            MentorAssignment(
                learner_id=enrolment.user_id,
                enrolment_id=enrolment.id,
                mentor_id=old,
                from_at=enrolment.enrolled_at,
            )
        )
        db.session.flush()
    enrolment.mentor_id = new
    _open_period(enrolment, mentor, actor, reason)
    return {"mentor_id": (old, new)}


def _has_open_period(enrolment: Enrolment) -> bool:
    found = sa.select(MentorAssignment.id).where(
        MentorAssignment.enrolment_id == enrolment.id, MentorAssignment.until_at.is_(None)
    )
    return db.session.scalar(found.limit(1)) is not None


def history(enrolment: Enrolment) -> list[MentorAssignment]:
    """The mentors of ``enrolment``, oldest first."""
    return list(
        db.session.scalars(
            sa.select(MentorAssignment)
            .options(joinedload(MentorAssignment.mentor))
            .where(MentorAssignment.enrolment_id == enrolment.id)
            .order_by(MentorAssignment.from_at, MentorAssignment.id)
        )
    )
