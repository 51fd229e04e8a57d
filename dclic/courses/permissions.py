"""Who may do what with courses and learning paths."""

from __future__ import annotations

# Roles that write the catalogue: the editorial team and administrators.
EDITOR_ROLES = frozenset({"editor", "admin"})


def can_edit_courses(user) -> bool:
    """True when ``user`` may create, change, publish and archive courses and paths."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(EDITOR_ROLES & user.role_codes)
