"""The archive pages: download a course, import an archive (wiring, rights, error shapes).

These need the URL rules of ``dclic/courses/archive_views.py`` in ``courses/blueprint.py``:
``/edit/courses/<code>/export.zip`` (``courses.export_course``) and ``/edit/import``
(``courses.import_course``, GET and POST). The archives themselves are tested in
``test_archive.py``.
"""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.courses import archive, queries
from dclic.courses.models import Course
from tests.helpers import csrf_token

IMPORT = "/edit/import"


@pytest.fixture
def draft(create_course):
    return create_course(status="draft", title="Tableur", summary="Les formules.")


def export_url(course) -> str:
    return f"/edit/courses/{course.code}/export.zip"


def send(client, data: bytes, code: str = "", *, token: str | None = None):
    form = {"archive": (io.BytesIO(data), "cours.zip"), "code": code}
    form["csrf_token"] = token if token is not None else csrf_token(client, IMPORT)
    return client.post(IMPORT, data=form, content_type="multipart/form-data")


def test_an_editor_downloads_a_course_as_one_archive(client, login, session, editor, draft):
    login(editor)
    response = client.get(export_url(draft))
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f"attachment; filename={draft.code}.zip"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.data == archive.export_course(None, draft)
    row = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.actor_kind == "user")
    ).one()
    assert (row.actor_id, row.object_type, row.object_id) == (editor.id, "courses", str(draft.id))


def test_only_editors_download_archives(client, login, create_user, draft):
    assert client.get(export_url(draft)).status_code == 302  # to the sign-in page
    login(create_user())
    assert client.get(export_url(draft)).status_code == 403


def test_the_archive_of_an_unknown_course_is_not_found(client, login, editor):
    login(editor)
    assert client.get("/edit/courses/NOPE-404/export.zip").status_code == 404


def test_only_editors_import_archives(client, login, create_user):
    assert client.get(IMPORT).status_code == 302
    login(create_user())
    assert client.get(IMPORT).status_code == 403


def test_the_import_page_is_an_upload_form(client, login, editor):
    login(editor)
    response = client.get(IMPORT)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in body
    assert 'type="file"' in body and 'name="archive"' in body
    assert 'name="csrf_token"' in body


def test_an_imported_course_opens_as_a_draft(client, login, editor, draft):
    data = archive.export_course(None, draft)
    login(editor)
    response = send(client, data, code="test-imp-001")
    assert response.status_code == 302
    assert "TEST-IMP-001" in response.headers["Location"]
    course = queries.get_course("TEST-IMP-001")
    assert (course.title, course.status) == ("Tableur", "draft")


def test_a_bad_archive_is_answered_422_naming_the_entry(client, login, session, editor):
    login(editor)
    count = session.scalar(sa.select(sa.func.count()).select_from(Course))
    response = send(client, b"PK\x03\x04 not really a zip")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "archive:" in body
    assert 'aria-invalid="true"' in body
    assert session.scalar(sa.select(sa.func.count()).select_from(Course)) == count


def test_a_taken_code_is_shown_on_the_code_field(client, login, editor, draft):
    data = archive.export_course(None, draft)
    login(editor)
    response = send(client, data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert draft.code in body
    assert 'id="code-error"' in body


def test_an_import_without_a_file_or_a_token_is_refused(client, login, editor, draft):
    login(editor)
    token = csrf_token(client, IMPORT)
    response = client.post(IMPORT, data={"csrf_token": token, "code": ""})
    assert response.status_code == 422
    data = archive.export_course(None, draft)
    assert send(client, data, code="TEST-CSRF-1", token="forged").status_code == 400
    assert queries.get_course("TEST-CSRF-1") is None
