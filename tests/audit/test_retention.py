"""Retention: purging old audit rows leaves a checkpoint, and the chain still verifies."""

from datetime import timedelta

import sqlalchemy as sa

from dclic.audit.chain import verify
from dclic.audit.models import AuditCheckpoint, AuditEvent
from dclic.audit.retention import cutoff, purge
from dclic.core.db import utcnow


def age_rows(session, through_id: int, days: int) -> None:
    """Pretend the rows up to ``through_id`` happened ``days`` ago (rehashing them)."""
    from dclic.audit.chain import row_hash
    from dclic.audit.models import GENESIS_HASH

    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    prev = GENESIS_HASH
    table = AuditEvent.__table__
    for row in rows:
        values = {c.name: getattr(row, c.name) for c in table.columns}
        if row.id <= through_id:
            values["occurred_at"] = utcnow() - timedelta(days=days)
        values["prev_hash"] = prev
        values["hash"] = row_hash(values, prev)
        session.execute(table.update().where(table.c.id == row.id).values(**values))
        prev = values["hash"]
    session.execute(sa.text("UPDATE audit_chain SET last_hash = :h"), {"h": prev})
    session.expire_all()


def ids(session) -> list[int]:
    return list(session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id)))


def test_a_purge_deletes_old_rows_and_the_chain_still_verifies(session, create_user):
    for _ in range(4):
        create_user()
    old = ids(session)[:2]
    age_rows(session, old[-1], days=400)
    checkpoint = purge(cutoff(365))
    assert checkpoint.purged_through_id == old[-1]
    assert checkpoint.purged_count == 2
    remaining = ids(session)
    assert not set(old) & set(remaining)
    verdict = verify()
    assert verdict.ok, verdict
    purge_row = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "audit.purge")
    ).one()
    assert purge_row.changes["purged_through_id"] == old[-1]
    assert purge_row.changes["last_hash"] == checkpoint.last_hash


def test_nothing_old_enough_means_no_checkpoint(session, create_user):
    create_user()
    assert purge(cutoff(30)) is None
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditCheckpoint)) == 0


def test_deleting_rows_after_a_checkpoint_is_still_detected(session, create_user):
    for _ in range(4):
        create_user()
    age_rows(session, ids(session)[1], days=400)
    purge(cutoff(365))
    first_kept = ids(session)[0]
    session.execute(sa.delete(AuditEvent).where(AuditEvent.id == first_kept))
    session.expire_all()
    verdict = verify()
    assert not verdict.ok
    assert verdict.code == "gap"


def test_a_forged_checkpoint_is_not_vouched_for(session, create_user):
    for _ in range(4):
        create_user()
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    # Someone deletes the first rows and writes the checkpoint a purge would have written.
    session.add(
        AuditCheckpoint(
            created_at=utcnow(),
            older_than=utcnow(),
            purged_through_id=rows[1].id,
            purged_count=2,
            last_hash=rows[1].hash,
        )
    )
    session.execute(sa.delete(AuditEvent).where(AuditEvent.id <= rows[1].id))
    session.flush()
    session.expire_all()
    verdict = verify()
    assert not verdict.ok
    assert verdict.code == "checkpoint"


def test_verify_ignores_rows_written_after_it_read_the_head(session, create_user):
    create_user()
    head = session.execute(sa.text("SELECT last_event_id FROM audit_chain")).scalar()
    # A row appended by a concurrent writer that has not moved the head yet must not be
    # mistaken for damage: verify stops at the head it read.
    from dclic.audit.chain import row_hash

    table = AuditEvent.__table__
    last = session.get(AuditEvent, head)
    values = {
        "occurred_at": utcnow(), "actor_id": None, "actor_name": "x", "actor_kind": "system",
        "action": "login", "object_type": None, "object_id": None, "changes": None,
        "ip": None, "user_agent": None, "request_id": None,
    }  # fmt: skip
    values["prev_hash"] = last.hash
    values["hash"] = row_hash(values, last.hash)
    session.execute(table.insert().values(**values))
    assert verify().ok


def test_the_purge_command_needs_an_age(app, session, create_user):
    create_user()
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["dclic", "audit", "purge"])
    assert refused.exit_code == 1
    assert "DCLIC_AUDIT_RETENTION_DAYS" in refused.output
    done = runner.invoke(args=["dclic", "audit", "purge", "--days", "30"])
    assert done.exit_code == 0, done.output
    assert "No audit row is older than 30 days" in done.output


def test_administrators_check_the_trail_from_a_page(client, login, create_user, session):
    admin = create_user(roles=("admin",))
    login(admin)
    response = client.get("/admin/audit/verify")
    assert response.status_code == 200
    assert "La piste est intacte" in response.get_data(as_text=True)
    assert session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "verify_audit")).first()


def test_others_cannot_check_the_trail(client, login, create_user):
    login(create_user(roles=("mentor", "editor")))
    assert client.get("/admin/audit/verify").status_code == 403
