"""Chat rights beyond room membership: moderation (deleting a message for everyone)."""

from __future__ import annotations

from dclic.accounts.rights import has_capability
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare

CHAT_MODERATE = declare(
    "chat.moderate",
    _l("Delete chat messages for everyone, in every course and group room"),
    ("moderator", "admin"),
)


def can_moderate_everywhere(user) -> bool:
    """Site-wide moderators (and administrators): every course and group room."""
    return has_capability(user, "chat.moderate")


def can_moderate(user, room) -> bool:
    """May ``user`` delete others' messages in ``room`` (a parsed room)?

    Site-wide moderators in course and group rooms; in a course room, also the people who
    hold ``chat.moderate`` through a role in that course (e.g. the course's mentors, when an
    administrator grants it to the mentor role). Private rooms (pairs, direct messages) have
    no moderator: each person may delete only their own messages.
    """
    if room is None or room.kind not in ("course", "group"):
        return False
    return has_capability(user, "chat.moderate", (room.kind, room.ids[0]))
