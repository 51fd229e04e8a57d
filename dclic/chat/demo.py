"""The chat part of the French demo data set (see dclic.demo); idempotent.

A little history in the room of the course *DCLIC-WEB-001* (Moussa Traoré asks, his mentor
Aminata Diallo answers) and in their mentor–learner room.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from dclic.accounts import queries as accounts
from dclic.chat.models import ChatMessage
from dclic.core.db import db, utcnow
from dclic.courses import queries as courses

MENTOR = "aminata.diallo@dclic.example"
LEARNER = "moussa.traore@dclic.example"
COURSE = "DCLIC-WEB-001"
COURSE_TALK = (
    (LEARNER, "Bonjour à tous ! Quelqu'un a réussi l'exercice sur les balises HTML ?"),
    (MENTOR, "Bonjour Moussa. Relis la partie sur <h1> et <p> : tout y est."),
    (LEARNER, "Merci, c'est bon maintenant !"),
)
PAIR_TALK = (
    (MENTOR, "Bonjour Moussa, comment avance ton projet de site ?"),
    (LEARNER, "Bien ! J'ai fini la page d'accueil, je vous l'envoie demain."),
)


def seed_chat() -> dict[str, int]:
    """Write the demo conversations in rooms that have no message yet; counts of what was made."""
    mentor, learner = accounts.get_user_by_email(MENTOR), accounts.get_user_by_email(LEARNER)
    course = courses.get_course(COURSE)
    if mentor is None or learner is None:
        return {}
    people = {MENTOR: mentor, LEARNER: learner}
    rooms = [(f"pair:{mentor.id}:{learner.id}", PAIR_TALK)]
    if course is not None:
        rooms.insert(0, (f"course:{course.id}", COURSE_TALK))
    made = 0
    for key, talk in rooms:
        if db.session.scalar(sa.select(ChatMessage.id).where(ChatMessage.room == key).limit(1)):
            continue
        start = utcnow() - timedelta(hours=2)
        for n, (email, body) in enumerate(talk):
            db.session.add(
                ChatMessage(room=key, author_id=people[email].id, body=body,
                            created_at=start + timedelta(minutes=7 * n))
            )  # fmt: skip
            made += 1
    db.session.flush()
    return {"chat messages": made} if made else {}
