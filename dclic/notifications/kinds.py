"""Kinds of notification owned by no other module: reactions to core signals."""

from dclic.core.i18n import lazy_gettext as _l
from dclic.notifications.registry import declare_kind

COURSE_COMPLETED = declare_kind(
    "course_completed", _l("A course of mine is completed"), default="in_app"
)
