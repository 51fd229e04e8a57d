"""Who may read the audit trail."""

from __future__ import annotations

from dclic.accounts.rights import has_capability
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.permissions import declare

AUDIT_VIEW = declare(
    "audit.view", _l("Read and export the audit trail (each look is recorded)"), ("admin",)
)


def can_view_audit(user) -> bool:
    return has_capability(user, "audit.view")
