"""The audit trail: every write with before/after, accesses, actors, and a chain that shows tampering."""

import json

import pytest
import sqlalchemy as sa

from dclic.accounts import services
from dclic.audit.chain import verify
from dclic.audit.models import AuditEvent
from dclic.core import jobs
from tests.conftest import PASSWORD
from tests.helpers import post_form


def events(session, **filters):
    statement = sa.select(AuditEvent).filter_by(**filters).order_by(AuditEvent.id)
    return session.scalars(statement).all()


def test_creating_an_account_records_its_fields_but_never_its_secrets(session, create_user):
    user = create_user(email="awa@example.org", display_name="Awa")
    [row] = events(session, action="create", object_type="users", object_id=str(user.id))
    assert row.changes["email"] == [None, "awa@example.org"]
    assert row.changes["display_name"] == [None, "Awa"]
    everything = json.dumps([e.changes for e in events(session)], ensure_ascii=False)
    assert "password_hash" not in everything and user.password_hash not in everything
    assert "session_nonce" not in everything and "token_hash" not in everything


def test_an_update_records_the_values_before_and_after(session, create_user):
    user = create_user(display_name="Awa")
    services.update_profile(user, user, display_name="Awa K.", country="SN")
    session.flush()
    [row] = events(session, action="update", object_type="users", object_id=str(user.id))
    assert row.changes == {"display_name": ["Awa", "Awa K."], "country": [None, "SN"]}


def test_a_rolled_back_change_leaves_no_row(app, session, create_user):
    before = len(events(session))
    nested = session.begin_nested()
    create_user()
    nested.rollback()
    assert len(events(session)) == before


def test_a_request_records_who_from_where(client, create_user, login, session):
    user = create_user(display_name="Awa")
    login(user)
    response = post_form(
        client,
        "/account",
        {"display_name": "Awa", "locale": "fr", "mail_notifications": "immediate",
         "track": "A", "path_type": "free", "country": "SN"},
    )  # fmt: skip
    assert response.status_code == 302
    [row] = events(session, action="update", object_type="users", object_id=str(user.id))
    assert (row.actor_kind, row.actor_id, row.actor_name) == ("user", user.id, "Awa")
    assert row.ip == "127.0.0.1"
    assert row.request_id and len(row.request_id) == 16
    assert row.user_agent


def test_sign_ins_failures_sign_outs_and_refusals_are_recorded(client, create_user, login, session):
    user = create_user(email="awa@example.org")
    post_form(client, "/login", {"email": "awa@example.org", "password": "wrong password!"})
    login(user)
    assert client.get("/people").status_code == 403  # a learner may not search people
    post_form(client, "/logout", {}, page="/")
    actions = [e.action for e in events(session) if e.action not in ("create", "update")]
    assert actions == ["login_failed", "login", "denied", "logout"]
    failed, signed_in, denied, _ = (
        e for e in events(session) if e.action != "create" and e.action != "update"
    )
    assert failed.changes == {"via": "web", "email": "awa@example.org"}
    assert (signed_in.actor_id, signed_in.object_id) == (user.id, str(user.id))
    assert denied.changes["path"] == "/people" and denied.actor_id == user.id


def test_the_cli_and_jobs_are_named_as_actors(app, session):
    result = app.test_cli_runner().invoke(
        args=[
            "dclic",
            "create-admin",
            "--email",
            "chef@example.org",
            "--password",
            "une équipe attentionnée",
        ]
    )
    assert result.exit_code == 0, result.output
    row = events(session, action="create", object_type="users")[-1]
    assert row.actor_kind == "cli" and "create-admin" in row.actor_name
    jobs.enqueue("tests.audit.test_trail:create_someone")
    session.commit()
    row = events(session, action="create", object_type="users")[-1]
    assert (row.actor_kind, row.actor_name) == ("job", "tests.audit.test_trail:create_someone")


def create_someone():
    """A job that writes."""
    services.create_user(None, email="job@example.org", password=PASSWORD, display_name="Job")


def test_the_chain_is_intact_after_normal_work(session, create_user):
    for _n in range(3):
        create_user()
    verdict = verify()
    assert verdict.ok and verdict.checked >= 3


@pytest.mark.parametrize("tampering", ["change", "delete_middle", "delete_newest"])
def test_tampering_with_one_row_is_detected_at_that_row(app, session, create_user, tampering):
    for n in range(4):
        create_user(display_name=f"User {n}")
    rows = events(session)
    target = rows[len(rows) // 2]
    table = AuditEvent.__table__
    if tampering == "change":
        session.execute(
            table.update().where(table.c.id == target.id).values(actor_name="someone else")
        )
        expected = target.id
    elif tampering == "delete_middle":
        session.execute(table.delete().where(table.c.id == target.id))
        expected = rows[rows.index(target) + 1].id
    else:
        session.execute(table.delete().where(table.c.id == rows[-1].id))
        expected = rows[-1].id
    session.expire_all()
    verdict = verify()
    assert not verdict.ok
    assert verdict.broken_at == expected
    result = app.test_cli_runner().invoke(args=["dclic", "audit", "verify"])
    assert result.exit_code == 1
    assert f"broken at row {expected}" in result.output


def test_the_cli_says_when_the_trail_is_intact(app, session, create_user):
    create_user()
    result = app.test_cli_runner().invoke(args=["dclic", "audit", "verify"])
    assert result.exit_code == 0
    assert "Audit trail intact" in result.output


def test_secret_changes_are_recorded_without_their_values(session, create_user):
    user = create_user()
    services.set_password(None, user, "un tout nouveau mot de passe")
    services.sign_out_everywhere(user, user)
    session.flush()
    updates = events(session, action="update", object_type="users", object_id=str(user.id))
    assert {"password_hash": ["(secret)", "(secret)"]} in [u.changes for u in updates]
    assert any(u.changes == {"session_nonce": ["(secret)", "(secret)"]} for u in updates)
    assert events(session, action="revoke_api_tokens", object_id=str(user.id))


def test_an_account_deletion_keeps_none_of_the_erased_values(session, create_user):
    user = create_user(email="awa@example.org", display_name="Awa Konaté")
    services.delete_account(user, user, PASSWORD)
    session.flush()
    [row] = [
        e
        for e in events(session, action="update", object_id=str(user.id))
        if "deleted_at" in e.changes
    ]
    assert row.changes["email"][0] == "(erased)"
    assert row.changes["display_name"][0] == "(erased)"
    assert "Awa" not in json.dumps(row.changes, ensure_ascii=False)


def test_bookkeeping_updates_of_api_tokens_are_not_recorded(client, create_user, session):
    user = create_user()
    token = client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    ).get_json()["token"]
    before = len(events(session, object_type="api_tokens"))
    from datetime import timedelta

    from dclic.accounts.models import ApiToken

    for record in session.scalars(sa.select(ApiToken)):
        record.last_used_at = record.created_at - timedelta(hours=1)
    session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert len(events(session, object_type="api_tokens")) == before
