"""Who may register OAI-PMH sources and start harvests."""

from __future__ import annotations

from dclic.accounts.rights import has_capability
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare

HARVEST_MANAGE = declare(
    "harvest.manage",
    _l("Register OAI-PMH sources whose courses join the catalogue, and harvest them"),
    ("admin",),
)


def can_manage_harvest(user) -> bool:
    """True when ``user`` may register, change and harvest OAI-PMH sources."""
    return has_capability(user, "harvest.manage")
