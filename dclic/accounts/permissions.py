"""Who may see and contact whom. One place, used by pages, the API and later modules.

Minors (under 18, or of unknown age) are protected by default: their profile is visible
only to mentors and staff, and other learners cannot write to them privately. Later modules
that put people in touch (forums, chat, messages, mentoring) ask these predicates.
"""

from __future__ import annotations

from dclic.accounts.models import User

# Roles that follow learners: they may find them and see their profile.
FOLLOWING_ROLES = frozenset({"mentor", "trainer", "pedagogical_admin", "moderator", "admin"})
# Roles that manage accounts: they also see e-mail addresses.
ACCOUNT_MANAGER_ROLES = frozenset({"pedagogical_admin", "admin"})


def _has_any(user: User | None, roles: frozenset[str]) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and bool(user.role_codes & roles)
    )


def can_search_people(user: User | None) -> bool:
    """Mentors, trainers and staff find learners by code, name or address."""
    return _has_any(user, FOLLOWING_ROLES)


def can_see_email(viewer: User | None, user: User) -> bool:
    return viewer is not None and (viewer.id == user.id or _has_any(viewer, ACCOUNT_MANAGER_ROLES))


def can_view_profile(viewer: User | None, user: User) -> bool:
    """Oneself, mentors and staff always; other members only for an adult's open profile."""
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not user.is_active:
        return False
    if viewer.id == user.id or _has_any(viewer, FOLLOWING_ROLES):
        return True
    return user.profile_visibility == "members" and not user.is_minor


def can_message(sender: User | None, recipient: User) -> bool:
    """May ``sender`` write privately to ``recipient``?

    Mentors and staff may write to anyone; between learners, only to an adult who accepts
    it, and a minor writes privately only to mentors and staff.
    """
    if sender is None or not recipient.is_active or sender.id == recipient.id:
        return False
    if _has_any(sender, FOLLOWING_ROLES):
        return True
    if recipient.is_minor or sender.is_minor:
        return _has_any(recipient, FOLLOWING_ROLES)
    return recipient.accepts_learner_messages or _has_any(recipient, FOLLOWING_ROLES)
