"""The kind of notification this module sends."""

from dclic.core.i18n import lazy_gettext as _l
from dclic.notifications.registry import declare_kind

CHAT_MESSAGE = declare_kind("chat_message", _l("A chat message written to me"), default="immediate")
