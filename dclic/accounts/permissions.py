"""Who may see and contact whom. One place, used by pages, the API and later modules.

Minors (under 18, or of unknown age) are protected by default: their profile is visible
only to mentors and staff, and other learners cannot write to them privately. Later modules
that put people in touch (forums, chat, messages, mentoring) ask these predicates.
"""

from __future__ import annotations

from dclic.accounts.models import User
from dclic.accounts.rights import has_capability
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare

_FOLLOWING = ("mentor", "trainer", "pedagogical_admin", "moderator", "admin")
_MANAGING = ("pedagogical_admin", "admin")

USER_SEARCH = declare(
    "user.search",
    _l("Find learners by learner code, name or address, and open their profiles"),
    _FOLLOWING,
)
USER_READ_EMAIL = declare("user.read.email", _l("See other people's e-mail addresses"), _MANAGING)
USER_CREATE = declare("user.create", _l("Create accounts for other people"), _MANAGING)
USER_UPDATE = declare(
    "user.update", _l("Change, suspend or delete other people's accounts"), ("admin",)
)
USER_LIST = declare(
    "user.list", _l("See the list of accounts, with their roles and status"), _MANAGING
)
RIGHTS_MANAGE = declare("rights.manage", _l("Change which roles hold which rights"), ("admin",))


def can_search_people(user: User | None) -> bool:
    """Mentors, trainers and staff find learners by code, name or address."""
    return has_capability(user, "user.search")


def can_see_email(viewer: User | None, user: User) -> bool:
    return viewer is not None and (
        viewer.id == user.id or has_capability(viewer, "user.read.email")
    )


def can_view_profile(viewer: User | None, user: User) -> bool:
    """Oneself, mentors and staff always; other members only for an adult's open profile."""
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not user.is_active:
        return False
    if viewer.id == user.id or has_capability(viewer, "user.search"):
        return True
    return user.profile_visibility == "members" and not user.is_minor


def can_message(sender: User | None, recipient: User) -> bool:
    """May ``sender`` write privately to ``recipient``?

    Mentors and staff may write to anyone; between learners, only to an adult who accepts
    it, and a minor writes privately only to mentors and staff.
    """
    if sender is None or not recipient.is_active or sender.id == recipient.id:
        return False
    if has_capability(sender, "user.search"):
        return True
    if recipient.is_minor or sender.is_minor:
        return has_capability(recipient, "user.search")
    return recipient.accepts_learner_messages or has_capability(recipient, "user.search")
