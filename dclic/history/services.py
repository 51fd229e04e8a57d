"""Writes of the edit history: preparing a restore, and purging old intermediate versions.

Restoring is a normal edit: the owning module's service applies :func:`values_to_restore`
through its own update function (same rights, same validation), so the restore is a new
version and an audited update like any other save.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from dclic.audit import record
from dclic.core.db import db
from dclic.core.errors import Conflict
from dclic.core.i18n import gettext as _
from dclic.history.models import ContentVersion
from dclic.history.queries import latest_number
from dclic.history.recorder import mark_restore, versioned_fields


def values_to_restore(obj, version: ContentVersion) -> dict:
    """The field values that bring ``obj`` back to ``version``; marks the next save a restore.

    Raises Conflict when ``version`` is already the current content.
    """
    if version.number == latest_number(obj):
        raise Conflict(_("This version is already the current one."))
    values = {
        name: version.snapshot[name] for name in versioned_fields(obj) if name in version.snapshot
    }
    mark_restore(obj, version.number)
    return values


def purge_versions(older_than: datetime) -> int:
    """Delete intermediate versions saved before ``older_than``; returns how many went.

    Kept whatever their age: every version that was published, and each content's newest
    version. The purge is recorded in the audit trail with its count.
    """
    table = ContentVersion.__table__
    newer = table.alias("newer")
    has_newer = (
        sa.select(newer.c.id)
        .where(
            newer.c.object_type == table.c.object_type,
            newer.c.object_id == table.c.object_id,
            newer.c.number > table.c.number,
        )
        .exists()
    )
    result = db.session.execute(
        sa.delete(table).where(
            table.c.created_at < older_than, table.c.was_published.is_(False), has_newer
        )
    )
    count = result.rowcount or 0
    record("history.purge", details={"older_than": older_than.isoformat(), "deleted": count})
    return count
