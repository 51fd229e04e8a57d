"""Reads of the audit trail, for administrators; every read is itself recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.audit.permissions import can_view_audit
from dclic.audit.recorder import record
from dclic.core.api import Page, paginate
from dclic.core.db import db
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _

FILTERS = ("actor", "action", "object_type", "object_id", "ip", "since", "until")


def _check(viewer) -> None:
    if not can_view_audit(viewer):
        raise NotAllowed(_("Only administrators can read the audit trail."))


def _statement(filters: dict):
    statement = sa.select(AuditEvent)
    actor = (filters.get("actor") or "").strip()
    if actor.isdigit():
        statement = statement.where(AuditEvent.actor_id == int(actor))
    elif actor:
        escaped = actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(
            sa.func.lower(AuditEvent.actor_name).like(f"%{escaped}%", escape="\\")
        )
    for name in ("action", "object_type", "object_id", "ip"):
        value = (filters.get(name) or "").strip()
        if value:
            statement = statement.where(getattr(AuditEvent, name) == value)
    since, until = filters.get("since"), filters.get("until")
    if isinstance(since, date):
        statement = statement.where(
            AuditEvent.occurred_at >= datetime.combine(since, time.min, tzinfo=UTC)
        )
    if isinstance(until, date):
        statement = statement.where(
            AuditEvent.occurred_at
            < datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
        )
    return statement.order_by(AuditEvent.id.desc())


def _recorded_filters(filters: dict) -> dict:
    return {k: str(v) for k, v in filters.items() if k in FILTERS and v not in (None, "")}


def list_events(viewer, filters: dict, page: int = 1, per_page: int = 50) -> Page:
    """One page of audit rows matching ``filters``, newest first (the look is recorded)."""
    _check(viewer)
    result = paginate(_statement(filters), page=page, per_page=per_page)
    record("view_audit", details={"filters": _recorded_filters(filters), "page": page})
    return result


def get_event(viewer, event_id: int) -> AuditEvent:
    """One audit row (the look is recorded)."""
    _check(viewer)
    event = db.session.get(AuditEvent, event_id)
    if event is None:
        raise NotFound()
    record("view_audit", object_type="audit_events", object_id=event_id)
    return event


def export_events(viewer, filters: dict, batch: int = 500) -> Iterator[AuditEvent]:
    """Every row matching ``filters``, newest first, read in batches (constant memory).

    The export is recorded when it is asked for; the edge commits before streaming.
    """
    _check(viewer)
    record("export", object_type="audit_events", details={"filters": _recorded_filters(filters)})
    statement = _statement(filters)

    def rows():
        last_id = None
        while True:
            page = statement if last_id is None else statement.where(AuditEvent.id < last_id)
            chunk = db.session.scalars(page.limit(batch)).all()
            yield from chunk
            if len(chunk) < batch:
                return
            last_id = chunk[-1].id
            db.session.expunge_all()

    return rows()


def list_actions() -> list[str]:
    """The actions present in the trail, for the filter."""
    return list(
        db.session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def verify_trail(viewer):
    """Check the hash chain for ``viewer`` (the check is recorded); returns the verdict
    and the newest purge checkpoint, if any."""
    from dclic.audit.chain import verify
    from dclic.audit.retention import latest_checkpoint

    _check(viewer)
    verdict = verify()
    record("verify_audit", details={"checked": verdict.checked, "broken_at": verdict.broken_at})
    return verdict, latest_checkpoint()
