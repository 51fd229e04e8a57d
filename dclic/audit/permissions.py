"""Who may read the audit trail."""

from __future__ import annotations


def can_view_audit(user) -> bool:
    """Administrators read and export the audit trail (a capability of its own is planned)."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.has_role("admin")
    )
