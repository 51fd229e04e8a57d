"""Mentors' notes on a learner: written and read by those who follow the learner (their
mentors, the mentors of their groups, the pedagogical team), never shown to the learner.

Rights are checked here, not only in the pages: :func:`permissions.can_follow_learner`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dclic.core.db import db
from dclic.core.errors import NotAllowed
from dclic.core.i18n import gettext as _
from dclic.mentoring import permissions
from dclic.mentoring.models import MentorNote
from dclic.mentoring.validation import clean_text

LONGEST_NOTE = 2000


def _require_follower(viewer, learner) -> None:
    if not permissions.can_follow_learner(viewer, learner):
        raise NotAllowed(_("You do not follow this learner."))


def list_notes(viewer, learner, limit: int = 100) -> list[MentorNote]:
    """The notes on ``learner``, newest first, with their authors (two queries)."""
    _require_follower(viewer, learner)
    return list(
        db.session.scalars(
            sa.select(MentorNote)
            .where(MentorNote.learner_id == learner.id)
            .options(selectinload(MentorNote.author))
            .order_by(MentorNote.created_at.desc(), MentorNote.id.desc())
            .limit(limit)
        )
    )


def add_note(actor, learner, body: str) -> MentorNote:
    """``actor`` writes a note on ``learner`` (plain text, 2000 characters at most)."""
    _require_follower(actor, learner)
    note = MentorNote(
        learner_id=learner.id,
        author_id=actor.id,
        body=clean_text(body, "body", LONGEST_NOTE, required=True),
    )
    db.session.add(note)
    db.session.flush()
    return note
