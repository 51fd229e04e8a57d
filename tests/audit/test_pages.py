"""The audit trail's pages: administrators only, filters, before/after, CSV export; all audited."""

import csv
import io

import sqlalchemy as sa

from dclic.accounts import services
from dclic.audit.models import AuditEvent


def last_action(session):
    return session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))


def test_only_administrators_read_the_trail(client, create_user, login):
    login(create_user(roles=("mentor",)))
    for path in ("/admin/audit", "/admin/audit/1", "/admin/audit/export.csv"):
        assert client.get(path).status_code == 403


def test_an_administrator_filters_and_reads_before_and_after(client, create_user, login, session):
    admin = create_user(roles=("admin",), display_name="Admin")
    learner = create_user(display_name="Awa")
    services.update_profile(learner, learner, country="SN")
    session.commit()
    login(admin)
    page = client.get(f"/admin/audit?object_type=users&object_id={learner.id}&action=update")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    row = session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.object_id == str(learner.id)
        )
    )
    assert f'href="/admin/audit/{row.id}"' in html
    detail = client.get(f"/admin/audit/{row.id}").get_data(as_text=True)
    assert '<th scope="row">country</th>' in detail and "<bdi>SN</bdi>" in detail
    assert last_action(session) == "view_audit"


def test_bad_filters_get_messages_not_errors(client, create_user, login):
    login(create_user(roles=("admin",)))
    response = client.get("/admin/audit?since=yesterday&actor=" + "x" * 300)
    assert response.status_code == 422
    assert 'id="since-error"' in response.get_data(as_text=True)
    assert client.get("/admin/audit/999999999").status_code == 404


def test_the_export_is_a_csv_of_the_filtered_rows_and_is_itself_recorded(
    client, create_user, login, session
):
    admin = create_user(roles=("admin",))
    login(admin)
    response = client.get("/admin/audit/export.csv?action=login")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and {row["action"] for row in rows} == {"login"}
    assert rows[0]["actor_id"] == str(admin.id)
    assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "export")) == 1


def test_a_non_administrator_with_bad_filters_is_still_refused(client, create_user, login):
    login(create_user())
    assert client.get("/admin/audit?since=not-a-date").status_code == 403


def test_the_export_never_hands_a_formula_to_a_spreadsheet(client, create_user, login):
    login(create_user(roles=("admin",), display_name="=SUM(A1:A9)"))
    body = client.get("/admin/audit/export.csv?action=login").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert row["actor_name"] == "'=SUM(A1:A9)"
