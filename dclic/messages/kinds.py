"""The kind of notification this module sends."""

from dclic.core.i18n import lazy_gettext as _l
from dclic.notifications.registry import declare_kind

MESSAGE = declare_kind("message", _l("A new private message"), default="immediate")
