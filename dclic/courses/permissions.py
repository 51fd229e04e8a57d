"""Who may do what with courses and learning paths."""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts.rights import has_capability, register_context_type
from dclic.core.db import db
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare
from dclic.courses.models import Course, LearningPath

COURSE_EDIT = declare(
    "course.edit",
    _l("Write, publish and archive courses and learning paths"),
    ("editor", "pedagogical_admin", "admin"),
)


def can_edit_courses(user) -> bool:
    """True when ``user`` may create, change, publish and archive courses and paths."""
    return has_capability(user, "course.edit")


def _titles(model):
    def names(ids) -> dict[int, str]:
        rows = db.session.execute(
            sa.select(model.id, model.code + " " + model.title).where(model.id.in_(list(ids)))
        )
        return {row[0]: row[1] for row in rows}

    return names


register_context_type("course", _titles(Course))
register_context_type("path", _titles(LearningPath))
