"""Who may offer appointments, book with whom, and see which appointments and agendas.

* A mentor (capability ``appointment.offer``) publishes availability and receives requests
  from **their** learners: those with an active enrolment whose ``mentor_id`` is theirs.
* A learner books only with one of their mentors (no capability: the enrolment decides).
* The two people of an appointment see it and act on it; holders of ``appointment.view_all``
  (pedagogical administrators and administrators) see every appointment and agenda, and act
  on none.
"""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts.groups import can_follow
from dclic.accounts.rights import has_capability
from dclic.core.db import db
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.learning.models import Enrolment
from dclic.learning.permissions import followed_groups

APPOINTMENT_OFFER = declare(
    "appointment.offer",
    _l("Publish one's availability and receive appointment requests from one's learners"),
    ("mentor", "trainer"),
)
APPOINTMENT_VIEW_ALL = declare(
    "appointment.view_all",
    _l("See every mentor's availability, every appointment and every agenda"),
    ("pedagogical_admin", "admin"),
)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def can_offer_appointments(user) -> bool:
    """Mentors (and trainers) publish availability and receive requests."""
    return has_capability(user, "appointment.offer")


def can_view_all_appointments(user) -> bool:
    return has_capability(user, "appointment.view_all")


def is_mentor_of(mentor, learner) -> bool:
    """Is ``mentor`` named as ``learner``'s mentor on one of their active enrolments?"""
    if mentor is None or learner is None or mentor.id == learner.id:
        return False
    return (
        db.session.scalar(
            sa.select(Enrolment.id)
            .where(
                Enrolment.user_id == learner.id,
                Enrolment.mentor_id == mentor.id,
                Enrolment.status == "active",
            )
            .limit(1)
        )
        is not None
    )


def can_book_with(learner, mentor) -> bool:
    """May ``learner`` ask ``mentor`` for an appointment?"""
    return (
        _signed_in(learner)
        and mentor is not None
        and mentor.is_active
        and mentor.deleted_at is None
        and can_offer_appointments(mentor)
        and is_mentor_of(mentor, learner)
    )


def is_party(user, appointment) -> bool:
    return _signed_in(user) and user.id in (appointment.mentor_id, appointment.learner_id)


def can_view_appointment(user, appointment) -> bool:
    return is_party(user, appointment) or can_view_all_appointments(user)


def can_view_agenda_of(viewer, user) -> bool:
    """Oneself, or the pedagogical team."""
    return _signed_in(viewer) and (viewer.id == user.id or can_view_all_appointments(viewer))


def can_follow_learner(viewer, learner) -> bool:
    """May ``viewer`` see ``learner``'s follow-up page and mentors' notes: one of their
    mentors, or someone who follows their progress (``groups.can_follow``: a mentor of one of
    their groups, the pedagogical team). Never the learner themselves."""
    if not _signed_in(viewer) or learner is None or viewer.id == learner.id:
        return False
    return is_mentor_of(viewer, learner) or can_follow(viewer, learner)


def may_follow_learners(user) -> bool:
    """Has ``user`` a dashboard of learners: a mentor (site-wide or in a group), or someone
    named mentor on an enrolment?"""
    if not _signed_in(user):
        return False
    if has_capability(user, "progress.view") or can_offer_appointments(user):
        return True
    named = sa.select(Enrolment.id).where(Enrolment.mentor_id == user.id).limit(1)
    return bool(followed_groups(user)) or db.session.scalar(named) is not None


def can_schedule_session(user, group_id: int) -> bool:
    """Mentors and trainers schedule virtual class sessions for a group they follow: both
    ``appointment.offer`` and ``progress.view``, site-wide or as a role in that group."""
    context = ("group", group_id)
    return has_capability(user, "appointment.offer", context) and has_capability(
        user, "progress.view", context
    )
