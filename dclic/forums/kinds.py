"""The kinds of notification the forums send."""

from dclic.core.i18n import lazy_gettext as _l
from dclic.notifications.registry import declare_kind

# Sent to subscribers of a forum or thread; each subscription chooses mail at once or the
# daily digest, so the kind's own default only matters for "off".
FORUM_POST = declare_kind("forum.post", _l("A new post in a forum or thread I follow"), "immediate")
ANSWER_ACCEPTED = declare_kind(
    "forum.answer_accepted", _l("My answer to a forum question was accepted"), "in_app"
)
POST_MODERATED = declare_kind(
    "forum.post_moderated", _l("A moderator approved, hid or deleted one of my posts"), "in_app"
)
