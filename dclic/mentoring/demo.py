"""The mentoring part of the French demo data set (see dclic.demo); idempotent.

Aminata Diallo, mentor of Moussa Traoré on the tutored path *Métiers du web* (see
dclic/learning/demo.py), lives in Dakar and offers 30-minute appointments on Tuesday and
Thursday afternoons; Moussa already has one confirmed appointment with her, next week, and
her announcement on his home page.
"""

from __future__ import annotations

from datetime import timedelta

from dclic.accounts import queries as accounts
from dclic.core.db import db, utcnow
from dclic.mentoring import availability, permissions, queries
from dclic.mentoring.models import Appointment
from dclic.mentoring.outreach_models import Announcement

MENTOR = "aminata.diallo@dclic.example"
LEARNER = "moussa.traore@dclic.example"
ZONE = "Africa/Dakar"
WINDOWS = ((1, 14 * 60, 17 * 60), (3, 14 * 60, 17 * 60))  # Tuesday, Thursday 14:00–17:00


def seed_mentoring() -> dict[str, int]:
    """Give the demo mentor availability and the demo learner an appointment, once."""
    mentor, learner = accounts.get_user_by_email(MENTOR), accounts.get_user_by_email(LEARNER)
    if mentor is None or learner is None or queries.get_settings(mentor) is not None:
        return {}
    for person in (mentor, learner):
        person.time_zone = person.time_zone or ZONE
    availability.save_settings(
        mentor, slot_minutes=30, buffer_minutes=10, max_per_day=4, place="Centre D-CLIC, salle 2"
    )
    for weekday, start, end in WINDOWS:
        availability.publish_weekly_window(mentor, weekday, start, end)
    now = utcnow()
    free = queries.free_slots(mentor, now + timedelta(days=7), now + timedelta(days=21), now)
    made = {"availability windows": len(WINDOWS)}
    if free and permissions.is_mentor_of(mentor, learner):
        slot = free[0]
        db.session.add(
            Appointment(
                mentor_id=mentor.id,
                learner_id=learner.id,
                status="confirmed",
                starts_at=slot.start,
                ends_at=slot.end,
                topic="Point d'étape sur le parcours Métiers du web",
                message="Je voudrais parler de mon projet de site.",
                place="Centre D-CLIC, salle 2",
                confirmed_at=now,
                last_actor_id=mentor.id,
                sequence=1,
            )
        )
        db.session.flush()
        made["appointments"] = 1
    # Seeded without mail: the demo learner finds it on his home page.
    db.session.add(
        Announcement(
            author_id=mentor.id,
            title="Atelier portfolio jeudi",
            body="Bonjour à tous,\njeudi à 15 h, atelier portfolio au centre D-CLIC (salle 2).",
        )
    )
    db.session.flush()
    made["announcements"] = 1
    return made
