"""The flush listener that writes a version each time a versioned content changes.

Like the audit recorder, ``before_flush`` notes which versioned fields change (only known then)
and ``after_flush`` writes the rows on the same connection, in the same transaction: a
rolled-back edit leaves no version behind.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from dclic.audit.context import current_actor
from dclic.audit.recorder import json_value
from dclic.core.db import utcnow
from dclic.history.models import ContentVersion

_PENDING = "dclic_history_pending"
_RESTORES = "dclic_history_restores"
_AUTHORS = "dclic_history_authors"


def versioned_fields(obj) -> tuple[str, ...]:
    """The fields of ``obj`` kept in its versions (empty when its model is not versioned)."""
    return getattr(type(obj), "__versioned__", ())


def object_key(obj) -> tuple[str, int]:
    """``(table, id)``: how versions name the content they belong to."""
    return type(obj).__tablename__, obj.id


def mark_restore(obj, number: int) -> None:
    """Note that the next save of ``obj`` brings back its version ``number``."""
    session = sa.inspect(obj).session
    session.info.setdefault(_RESTORES, {})[id(obj)] = number


def attribute_to(obj, user) -> None:
    """Name ``user`` as the author of the next save of ``obj``.

    Services call it with their explicit actor; without it the version names the actor of
    the request, CLI command or job (what the audit trail names).
    """
    if user is not None:
        session = sa.inspect(obj).session
        session.info.setdefault(_AUTHORS, {})[id(obj)] = (user.id, user.display_name)


def _changed(obj) -> tuple[list[str], bool]:
    """The versioned fields that really change, and whether the content becomes published."""
    state = sa.inspect(obj)
    changed = []
    for name in versioned_fields(obj):
        history = state.attrs[name].history
        before = history.deleted[0] if history.deleted else None
        if history.added and history.added[0] != before:
            changed.append(name)
    published = False
    if "status" in state.attrs:
        status = state.attrs.status.history
        published = bool(status.added) and status.added[0] == "published"
    return changed, published


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context, instances) -> None:
    pending = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        if versioned_fields(obj):
            pending.append((obj, list(versioned_fields(obj)), False))
    for obj in session.dirty:
        if versioned_fields(obj) and session.is_modified(obj):
            changed, published = _changed(obj)
            if changed or published:
                pending.append((obj, changed, published))


@event.listens_for(Session, "after_flush")
def _write_versions(session: Session, flush_context) -> None:
    pending = session.info.pop(_PENDING, [])
    restores = session.info.get(_RESTORES, {})
    authors = session.info.get(_AUTHORS, {})
    if not pending:
        return
    connection = session.connection()
    actor = current_actor()
    for obj, changed, published in pending:
        author = authors.pop(id(obj), (actor.id, actor.name))
        _write_one(connection, obj, changed, published, author, restores.pop(id(obj), None))


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_RESTORES, None)
    session.info.pop(_AUTHORS, None)


def _write_one(connection, obj, changed, published, author, restored_from) -> None:
    table = ContentVersion.__table__
    object_type, object_id = object_key(obj)
    mine = (table.c.object_type == object_type) & (table.c.object_id == object_id)
    last = connection.execute(sa.select(sa.func.max(table.c.number)).where(mine)).scalar()
    is_published = getattr(obj, "status", None) == "published"
    if not changed and last is not None:
        # Published without a content change: the last saved content is what went live.
        connection.execute(
            sa.update(table).where(mine & (table.c.number == last)).values(was_published=True)
        )
        return
    connection.execute(
        sa.insert(table).values(
            object_type=object_type,
            object_id=object_id,
            number=(last or 0) + 1,
            snapshot={name: json_value(getattr(obj, name)) for name in versioned_fields(obj)},
            changed_fields=changed or list(versioned_fields(obj)),
            author_id=author[0],
            author_name=author[1] or "",
            created_at=utcnow(),
            was_published=is_published or published,
            restored_from=restored_from,
        )
    )
