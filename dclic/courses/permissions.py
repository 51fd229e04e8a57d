"""Who may do what with courses and learning paths."""

from __future__ import annotations

from dclic.accounts.rights import has_capability
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare

COURSE_EDIT = declare(
    "course.edit",
    _l("Write, publish and archive courses and learning paths"),
    ("editor", "pedagogical_admin", "admin"),
)


def can_edit_courses(user) -> bool:
    """True when ``user`` may create, change, publish and archive courses and paths."""
    return has_capability(user, "course.edit")
