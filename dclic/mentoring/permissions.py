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

from dclic.accounts.rights import has_capability
from dclic.core.db import db
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.learning.models import Enrolment

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
