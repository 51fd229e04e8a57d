"""Course archives: export, import on a fresh platform state, determinism, every refusal."""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from dclic.audit.models import AuditEvent
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import force_locale
from dclic.courses import activities, archive, archive_reading, content, queries
from dclic.courses.models import Course
from dclic.files import services as files
from dclic.files import storage
from dclic.files.models import StoredFile
from dclic.history.models import ContentVersion
from tests.files import samples


@pytest.fixture(autouse=True)
def english(session):
    """Messages in English (the source strings), whatever the platform's default language."""
    with force_locale("en"):
        yield


# --- a course with every kind of content ---------------------------------------------------


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


@pytest.fixture
def rich_course(editor, create_course):
    """A published course with a cover, two modules and steps of every kind, with files."""
    cover = files.store_upload(
        editor, samples.image(size=(640, 360)), "image", "couverture élève.png", is_public=True
    )
    course = create_course(
        title="Créer son site web",
        summary="Apprendre à **publier** une page.\n\nEn deux modules — مرحبا.",
        language="fr",
        level="intermediate",
        track="M",
        domain="web",
        duration_minutes=240,
        licence="CC BY 4.0",
        keywords="web, HTML, CSS",
        authors="Awa Diop; Moussa Ba",
        cover_file_id=cover.id,
    )
    first = content.create_module(editor, course, title="Les bases", summary="Le *HTML*.")
    second = content.create_module(editor, course, title="Publier", summary="")
    content.create_step(
        editor,
        first,
        kind="text",
        title="Qu'est-ce qu'une page ?",
        body="## Une page\n\nDu texte, des [liens](https://example.org) et <script>x</script>.",
        duration_minutes=10,
    )
    content.create_step(
        editor,
        first,
        kind="file",
        title="Le mémo",
        body="À imprimer.",
        upload=upload(samples.pdf("Memo"), "Mémo HTML.pdf"),
        alternative="Les balises principales.",
    )
    content.create_step(
        editor,
        first,
        kind="link",
        title="La référence",
        url="https://developer.mozilla.org/fr/docs/Web/HTML",
        body="La documentation de référence.",
    )
    content.create_step(
        editor,
        second,
        kind="video",
        title="Héberger son site",
        url="https://videos.example.org/heberger.mp4",
        media_bytes=12_500_000,
        alternative="Transcription : on choisit un hébergeur…",
    )
    content.create_step(
        editor,
        second,
        kind="video",
        title="Le tour du tableau de bord",
        upload=upload(samples.mp4(), "tableau de bord.mp4"),
        alternative="Résumé de la vidéo.",
    )
    content.create_step(
        editor,
        second,
        kind="file",
        title="Les notes",
        upload=upload(samples.text("Notes du cours"), "notes.txt"),
    )
    return course


def file_snapshot(stored: StoredFile | None) -> dict | None:
    if stored is None:
        return None
    return {
        "name": stored.original_name,
        "media_type": stored.media_type,
        "kind": stored.kind,
        "size": stored.size,
        "sha256": stored.sha256,
        "width": stored.width,
        "height": stored.height,
        "bytes": storage.blob_path(stored.sha256).read_bytes(),
    }


STEP_FIELDS = (
    "position", "kind", "title", "body", "body_html", "url", "alternative", "media_bytes",
    "duration_minutes", "activity_type",
)  # fmt: skip
COURSE_FIELDS = (
    "title", "summary", "language", "level", "track", "domain", "duration_minutes", "licence",
    "keywords", "authors", "search_text",
)  # fmt: skip


def snapshot(course: Course) -> dict:
    """Every content field of the course, its modules and steps, and its files' bytes."""
    db.session.expire_all()
    course = db.session.get(Course, course.id)
    return {
        **{name: getattr(course, name) for name in COURSE_FIELDS},
        "cover": file_snapshot(course.cover),
        "cover_is_public": course.cover.is_public if course.cover else None,
        "modules": [
            {
                "position": module.position,
                "title": module.title,
                "summary": module.summary,
                "steps": [
                    {
                        **{name: getattr(step, name) for name in STEP_FIELDS},
                        "file": file_snapshot(step.file),
                    }
                    for step in module.steps
                ],
            }
            for module in course.modules
        ],
    }


# --- the round trip ------------------------------------------------------------------------


def test_an_imported_copy_has_the_same_content_files_included(editor, rich_course):
    original = snapshot(rich_course)
    data = archive.export_course(editor, rich_course)
    copy = archive.import_course(editor, data, code="TEST-COPY-001")
    assert copy.code == "TEST-COPY-001"
    assert copy.status == "draft"  # whatever the original's
    imported = snapshot(copy)
    # The code is in the search text; everything else is the same, to the byte.
    original.pop("search_text"), imported.pop("search_text")
    assert imported == original
    assert len(original["modules"]) == 2
    assert sum(len(m["steps"]) for m in original["modules"]) == 6
    assert original["cover"]["bytes"][:8] == b"\x89PNG\r\n\x1a\n"
    assert imported["cover_is_public"] is True


def test_an_archive_imported_on_a_fresh_platform_gives_back_the_same_archive(
    session, editor, rich_course
):
    original = snapshot(rich_course)
    data = archive.export_course(editor, rich_course)
    code = rich_course.code
    db.session.delete(rich_course)  # as if on another dclic, where the code is free
    db.session.flush()
    assert queries.get_course(code) is None

    imported = archive.import_course(editor, data)
    assert imported.code == code
    assert snapshot(imported) == {**original, "cover_is_public": True}
    # What another dclic imports unchanged, it exports unchanged: the very same bytes.
    assert archive.export_course(editor, imported) == data


def test_markdown_is_rendered_again_on_import(editor, create_course):
    course = create_course(status="draft")
    module = content.create_module(editor, course, title="M")
    step = content.create_step(editor, module, kind="text", title="T", body="*x* <b>y</b>")
    step.body_html = "<p>stale</p>"  # whatever was stored, the importer renders the Markdown
    copy = archive.import_course(editor, archive.export_course(editor, course), code="TEST-MD-1")
    assert copy.modules[0].steps[0].body_html == "<p><em>x</em> &lt;b&gt;y&lt;/b&gt;</p>\n"


def test_an_empty_course_travels_too(editor, create_course):
    course = create_course(status="draft", summary="")
    copy = archive.import_course(editor, archive.export_course(editor, course), code="TEST-E-1")
    assert copy.modules == []
    assert copy.cover is None
    assert copy.summary == ""


# --- the archive written -------------------------------------------------------------------


def test_the_archive_holds_course_json_then_the_files_by_sha256(editor, rich_course):
    data = archive.export_course(editor, rich_course)
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        names = zipped.namelist()
        document = json.loads(zipped.read("course.json"))
        assert names[0] == "course.json"
        assert names[1:] == sorted(names[1:])
        for info in zipped.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr == 0o100644 << 16
        for name in names[1:]:
            assert hashlib.sha256(zipped.read(name)).hexdigest() == name.removeprefix("files/")
    assert document["format"] == "dclic-course"
    assert document["version"] == 1
    assert list(document) == ["format", "version", "course", "cover", "modules"]
    assert document["course"]["code"] == rich_course.code
    assert "status" not in document["course"]
    assert document["cover"]["name"] == "couverture élève.png"
    assert document["cover"]["path"] == "files/" + document["cover"]["sha256"]
    assert [len(module["steps"]) for module in document["modules"]] == [3, 3]
    step = document["modules"][0]["steps"][1]
    assert step["kind"] == "file"
    assert step["file"]["media_type"] == "application/pdf"
    assert "body_html" not in step  # rendered again by the importer
    assert len(names) == 1 + 4  # cover, PDF, MP4, text


def test_two_exports_of_the_same_content_are_identical(editor, rich_course):
    first = archive.export_course(editor, rich_course)
    assert archive.export_course(None, rich_course) == first


def test_an_export_streams_to_a_file(editor, rich_course, tmp_path):
    target = tmp_path / "course.zip"
    with target.open("wb") as out:
        count = archive.write_course_archive(editor, rich_course, out)
    assert count == 4
    assert target.read_bytes() == archive.export_course(editor, rich_course)


def test_an_export_is_recorded_in_the_audit_trail(session, editor, rich_course):
    archive.export_course(editor, rich_course)
    row = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id.desc())
    ).first()
    assert row.object_type == "courses"
    assert row.object_id == str(rich_course.id)
    assert row.changes == {"format": "dclic-course", "version": 1, "files": 4}


def test_a_file_missing_from_the_storage_stops_the_export(editor, create_course):
    cover = files.store_upload(editor, samples.image(), "image", "c.png", is_public=True)
    course = create_course(status="draft", cover_file_id=cover.id)
    storage.blob_path(cover.sha256).unlink()
    with pytest.raises(Conflict, match=r"c\.png"):
        archive.export_course(editor, course)


# --- rights, history and audit -------------------------------------------------------------


def test_only_editors_export_and_import(create_user, editor, rich_course):
    learner = create_user()
    data = archive.export_course(editor, rich_course)
    with pytest.raises(NotAllowed):
        archive.export_course(learner, rich_course)
    with pytest.raises(NotAllowed):
        archive.import_course(learner, data, code="TEST-NO-1")
    assert queries.get_course("TEST-NO-1") is None


def test_an_import_is_versioned_and_audited_under_its_author(session, editor, rich_course):
    data = archive.export_course(editor, rich_course)
    importer = editor
    before = session.scalar(sa.select(sa.func.max(AuditEvent.id)))
    copy = archive.import_course(importer, data, code="TEST-AUD-1")
    module_ids = [module.id for module in copy.modules]
    step_ids = [step.id for module in copy.modules for step in module.steps]

    versions = session.scalars(
        sa.select(ContentVersion).where(
            sa.or_(
                (ContentVersion.object_type == "courses") & (ContentVersion.object_id == copy.id),
                (ContentVersion.object_type == "course_modules")
                & ContentVersion.object_id.in_(module_ids),
                (ContentVersion.object_type == "course_steps")
                & ContentVersion.object_id.in_(step_ids),
            )
        )
    ).all()
    assert len(versions) == 1 + len(module_ids) + len(step_ids)
    assert {(v.number, v.author_id) for v in versions} == {(1, importer.id)}

    rows = session.scalars(sa.select(AuditEvent).where(AuditEvent.id > before)).all()
    summary = next(row for row in rows if row.action == "import")
    assert summary.object_type == "courses"
    assert summary.object_id == str(copy.id)
    assert summary.changes == {
        "format": "dclic-course",
        "version": 1,
        "original_code": rich_course.code,
        "modules": 2,
        "steps": 6,
        "files": 4,
    }
    created = {(row.object_type, row.object_id) for row in rows if row.action == "create"}
    assert ("courses", str(copy.id)) in created
    assert {("course_steps", str(i)) for i in step_ids} <= created
    assert (
        sum(1 for row in rows if row.action == "create" and row.object_type == "stored_files") == 4
    )


def test_the_platform_imports_from_the_command_line(app, session, editor, rich_course, tmp_path):
    target = tmp_path / "export.zip"
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["dclic", "course", "export", rich_course.code.lower(), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert f"Course {rich_course.code} exported" in result.output
    assert target.read_bytes() == archive.export_course(None, rich_course)
    assert [p.name for p in tmp_path.iterdir()] == ["export.zip"]  # no partial file left

    result = runner.invoke(args=["dclic", "course", "import", str(target)])
    assert result.exit_code == 1
    assert f"{rich_course.code}" in result.output  # already used: another code is needed
    assert "Traceback" not in result.output

    result = runner.invoke(args=["dclic", "course", "import", str(target), "--code", "cli-copy-1"])
    assert result.exit_code == 0, result.output
    assert "CLI-COPY-1 (2 modules, 6 steps)" in result.output
    copy = queries.get_course("CLI-COPY-1")
    assert copy.status == "draft"
    rows = session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action.in_(["export", "import"]), AuditEvent.actor_kind == "cli"
        )
    ).all()
    assert sorted((row.action, row.actor_name.split("(")[-1]) for row in rows) == [
        ("export", "flask dclic course export)"),
        ("import", "flask dclic course import)"),
    ]


def test_the_command_line_says_which_course_does_not_exist(app, session, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["dclic", "course", "export", "NOPE-1", "-o", str(tmp_path / "x.zip")]
    )
    assert result.exit_code == 1
    assert "No course has the code NOPE-1" in result.output


# --- the code ------------------------------------------------------------------------------


def test_a_taken_code_is_a_conflict_unless_another_is_given(editor, rich_course):
    data = archive.export_course(editor, rich_course)
    with pytest.raises(Conflict) as caught:
        archive.import_course(editor, data)
    assert rich_course.code in str(caught.value.message)
    assert list(caught.value.errors) == ["code"]
    assert archive.import_course(editor, data, code=" test-new-1 ").code == "TEST-NEW-1"


def test_a_malformed_code_is_refused(editor, rich_course):
    data = archive.export_course(editor, rich_course)
    with pytest.raises(Invalid) as caught:
        archive.import_course(editor, data, code="pas un code")
    assert list(caught.value.errors) == ["code"]


# --- activities ----------------------------------------------------------------------------


@pytest.fixture
def quiz_type():
    made = []

    def create(actor, step):
        made.append(step.id)
        return 1000 + len(made)

    registered = activities.register_activity_type(
        activities.ActivityType(code="quiz", label="Quiz", create=create, render=str)
    )
    yield made
    activities._TYPES.pop(registered.code, None)


def test_an_activity_step_gets_a_new_activity_of_its_type(editor, create_course, quiz_type):
    course = create_course(status="draft")
    module = content.create_module(editor, course, title="Évaluation")
    step = content.create_step(editor, module, kind="activity", title="Quiz", activity_type="quiz")
    assert step.activity_id == 1001
    copy = archive.import_course(editor, archive.export_course(editor, course), code="TEST-Q-1")
    imported = copy.modules[0].steps[0]
    assert (imported.kind, imported.activity_type, imported.activity_id) == (
        "activity",
        "quiz",
        1002,
    )
    assert quiz_type == [step.id, imported.id]  # never the original's activity, shared


def test_an_activity_of_a_type_unknown_here_is_kept_without_activity(editor):
    document = manifest(
        modules=[
            {"title": "M", "steps": [{"kind": "activity", "title": "Q", "activity_type": "poll"}]}
        ]
    )
    course = archive.import_course(editor, make_archive(document))
    step = course.modules[0].steps[0]
    assert (step.activity_type, step.activity_id) == ("poll", None)


# --- hand-made archives --------------------------------------------------------------------


def manifest(**overrides) -> dict:
    document = {
        "format": "dclic-course",
        "version": 1,
        "course": {
            "code": "TEST-ARC-001",
            "title": "Archive",
            "summary": "",
            "language": "fr",
            "level": "beginner",
            "track": "A",
            "domain": "web",
            "duration_minutes": 30,
            "licence": "CC BY-SA 4.0",
            "keywords": "",
            "authors": "",
        },
        "cover": None,
        "modules": [],
    }
    document.update(overrides)
    return document


def file_ref(data: bytes, name="notes.txt", media_type="text/plain", **overrides) -> dict:
    sha256 = hashlib.sha256(data).hexdigest()
    ref = {"path": f"files/{sha256}", "name": name, "media_type": media_type}
    return {**ref, "size": len(data), "sha256": sha256, **overrides}


def with_file(data: bytes, **ref) -> dict:
    """A manifest with one file step using ``data``."""
    step = {"kind": "file", "title": "Le fichier", "file": file_ref(data, **ref)}
    return manifest(modules=[{"title": "M", "summary": "", "steps": [step]}])


def make_archive(document, files=(), *, raw_manifest: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        if raw_manifest is not None or document is not None:
            zipped.writestr("course.json", raw_manifest or json.dumps(document).encode())
        for entry in files:
            name, data = entry if isinstance(entry, tuple) else (f"files/{sha(entry)}", entry)
            zipped.writestr(name, data)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def refused(session, editor):
    """``refused(data)`` → the errors of the Invalid raised; checks nothing was written."""

    def attempt(data, **kwargs):
        courses = session.scalar(sa.select(sa.func.count()).select_from(Course))
        stored = session.scalar(sa.select(sa.func.count()).select_from(StoredFile))
        with pytest.raises(Invalid) as caught:
            archive.import_course(editor, data, **kwargs)
        assert session.scalar(sa.select(sa.func.count()).select_from(Course)) == courses
        assert session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == stored
        assert str(caught.value.message) == "This course archive cannot be imported."
        return caught.value.errors

    return attempt


def test_a_hand_made_archive_with_a_file_is_imported(editor):
    data = samples.text("Bonjour")
    course = archive.import_course(editor, make_archive(with_file(data), [data]))
    stored = course.modules[0].steps[0].file
    assert (stored.original_name, stored.sha256, stored.uploaded_by_id) == (
        "notes.txt",
        sha(data),
        editor.id,
    )
    assert course.status == "draft"


def test_an_archive_is_read_from_a_stream_that_cannot_seek(editor):
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self.source = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self.source.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    course = archive.import_course(editor, Pipe(make_archive(manifest())))
    assert course.code == "TEST-ARC-001"


def test_what_is_not_a_zip_archive_is_refused(refused):
    assert refused(b"course.json, promise")["archive"] == [
        "This file is not a ZIP archive, or it is damaged."
    ]


def test_an_archive_without_course_json_is_refused(refused):
    assert list(refused(make_archive(None, [("files/", b"")]))) == ["course.json"]


def test_a_folder_entry_for_the_files_is_accepted(editor):
    data = samples.text()
    course = archive.import_course(editor, make_archive(with_file(data), [("files/", b""), data]))
    assert course.modules[0].steps[0].file.sha256 == sha(data)


@pytest.mark.parametrize(
    "name, message",
    [
        ("../evil.txt", "leads out of the archive"),
        ("files/../../etc/passwd", "leads out of the archive"),
        ("..\\evil.txt", "leads out of the archive"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/evil.exe", "absolute path"),
        ("notes.txt", "not part of the format"),
        ("files/ABC", "not part of the format"),
        ("course.json/x", "not part of the format"),
    ],
)
def test_entries_outside_the_format_are_refused(refused, name, message):
    errors = refused(make_archive(manifest(), [(name, b"x")]))
    assert message in errors[name][0]


def test_symbolic_links_are_refused(refused):
    data = samples.text()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        zipped.writestr("course.json", json.dumps(with_file(data)))
        link = zipfile.ZipInfo(f"files/{sha(data)}")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        zipped.writestr(link, data)
    assert "symbolic link" in refused(out.getvalue())[f"files/{sha(data)}"][0]


def encrypted(data: bytes, name: str) -> bytes:
    """``data`` with the entry ``name`` marked encrypted (zipfile cannot write such entries)."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")  # the central directory
    while at >= 0:
        length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + length] == name.encode():
            raw[at + 8] |= 0x1
        at = raw.find(b"PK\x01\x02", at + 46)
    return bytes(raw)


def test_encrypted_and_oddly_compressed_entries_are_refused(refused):
    data, other = samples.text(), samples.text()
    document = with_file(data)
    document["modules"][0]["steps"].append(
        {"kind": "file", "title": "Autre", "file": file_ref(other)}
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        zipped.writestr("course.json", json.dumps(document))
        zipped.writestr(f"files/{sha(data)}", data)
        zipped.writestr(f"files/{sha(other)}", other, compress_type=zipfile.ZIP_BZIP2)
    errors = refused(encrypted(out.getvalue(), f"files/{sha(data)}"))
    assert "encrypted" in errors[f"files/{sha(data)}"][0]
    assert "Deflate" in errors[f"files/{sha(other)}"][0]


def test_two_entries_of_one_name_are_refused(refused):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns, and writes it all the same
        data = make_archive(manifest(), [("course.json", b"{}")])
    assert refused(data)["course.json"] == ["Two entries have this name."]


def test_a_zip_bomb_is_refused_from_its_directory(refused):
    zeros = b"\x00" * (5 * 1024 * 1024)  # 5 MiB in about 5 kB
    errors = refused(make_archive(with_file(zeros, media_type="text/plain"), [zeros]))
    assert "zip bomb" in errors[f"files/{sha(zeros)}"][0]


def test_an_archive_expanding_past_the_total_limit_is_refused(refused, monkeypatch):
    data = samples.text() * 50
    monkeypatch.setattr(archive_reading, "MAX_TOTAL_BYTES", 1000)
    errors = refused(make_archive(with_file(data), [data]))
    assert "would expand to more than" in errors["archive"][0]


def test_too_many_entries_are_refused(refused):
    entries = [(f"files/{n:064x}", b"") for n in range(1001)]
    errors = refused(make_archive(manifest(), entries))
    assert errors["archive"] == ["The archive holds 1002 entries; at most 1001 are accepted."]


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": NaN}', "not valid JSON"),
        (b'{"format": "dclic-course", "format": "x"}', "given twice"),
        ("{}".encode("utf-16"), "not UTF-8"),
        (b"[1, 2]", "must hold a JSON object"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_course_json_that_is_not_a_json_object_is_refused(refused, raw, message):
    errors = refused(make_archive(None, raw_manifest=raw))
    assert message in errors["course.json"][0]


@pytest.mark.parametrize(
    "overrides, where",
    [
        ({"format": "moodle-backup"}, "format"),
        ({"version": 2}, "version"),
        ({"version": "1"}, "version"),
        ({"version": True}, "version"),
    ],
)
def test_another_format_or_version_is_refused(refused, overrides, where):
    errors = refused(make_archive(manifest(**overrides)))
    assert list(errors) == [where]


def test_the_version_refusal_says_what_is_read(refused):
    errors = refused(make_archive(manifest(version=2)))
    assert errors["version"] == [
        "This archive uses version 2 of the format; this platform reads version 1."
    ]


def test_every_bad_field_is_named(refused):
    document = manifest(secret="x")
    document["course"].update(level="expert", duration_minutes="soixante", title=" ")
    document["course"]["colour"] = "red"
    del document["course"]["domain"]
    document["modules"] = [
        {"title": "", "steps": [{"kind": "quiz", "title": "T"}]},
        {
            "title": "M2",
            "steps": [
                {"kind": "link", "title": "L", "url": "javascript:alert(1)", "body": "b"},
                {"kind": "text", "title": "T", "body": "b", "url": "https://example.org"},
                {"kind": "video", "title": "V", "media_bytes": -3, "duration_minutes": 1.5},
                {"kind": "text", "title": "x" * 201, "body": "\x00"},
                "not an object",
            ],
        },
        {"title": "M3", "summary": 7},
    ]
    errors = refused(make_archive(document))
    assert set(errors) == {
        "secret",
        "course.level",
        "course.duration_minutes",
        "course.title",
        "course.colour",
        "course.domain",
        "modules[1].title",
        "modules[1].steps[1].kind",
        "modules[2].steps[1].url",
        "modules[2].steps[2].url",
        "modules[2].steps[3].media_bytes",
        "modules[2].steps[3].duration_minutes",
        "modules[2].steps[4].title",
        "modules[2].steps[4].body",
        "modules[2].steps[5]",
        "modules[3].summary",
        "modules[3].steps",
    }
    assert errors["course.level"] == ["Choose one of: beginner, intermediate, advanced."]
    assert errors["modules[2].steps[2].url"] == ["A step of the kind text has no such field."]
    assert errors["secret"] == ["This field is not part of the format."]


@pytest.mark.parametrize(
    "ref, where",
    [
        ({"sha256": "ABC"}, "sha256"),
        ({"path": "files/../../x"}, "path"),
        ({"name": ""}, "name"),
        ({"media_type": "text"}, "media_type"),
        ({"size": 0}, "size"),
        ({"size": "12"}, "size"),
    ],
)
def test_bad_file_references_are_named(refused, ref, where):
    data = samples.text()
    errors = refused(make_archive(with_file(data, **ref), [data]))
    assert f"modules[1].steps[1].file.{where}" in errors


def test_a_cover_must_be_an_image(refused):
    data = samples.pdf()
    document = manifest(cover=file_ref(data, "cover.pdf", "application/pdf"))
    errors = refused(make_archive(document, [data]))
    assert errors == {"cover.media_type": ["A cover is an image: JPEG, PNG, GIF or WebP."]}


def test_a_file_named_but_missing_is_refused(refused):
    data = samples.text()
    errors = refused(make_archive(with_file(data)))
    assert errors == {
        f"files/{sha(data)}": ["This file is named in course.json but missing from the archive."]
    }


def test_a_file_no_step_uses_is_refused(refused):
    stray = samples.text()
    errors = refused(make_archive(manifest(), [stray]))
    assert errors == {f"files/{sha(stray)}": ["This file is not used by course.json."]}


def test_a_file_whose_content_does_not_match_its_sha256_is_refused(refused):
    declared, actual = b"Bonjour tout le monde\n", b"Bonsoir tout le monde\n"
    name = f"files/{sha(declared)}"
    errors = refused(make_archive(with_file(declared), [(name, actual)]))
    assert "does not match its SHA-256" in errors[name][0]


def test_a_file_of_another_size_is_refused(refused):
    data = samples.text()
    errors = refused(make_archive(with_file(data, size=len(data) + 1), [data]))
    assert "bytes, not the" in errors[f"files/{sha(data)}"][0]


def test_a_renamed_program_inside_is_refused(refused):
    program = samples.windows_program()
    document = with_file(program, name="cours.pdf", media_type="application/pdf")
    errors = refused(make_archive(document, [program]))
    assert errors == {
        f"files/{sha(program)} (cours.pdf)": [
            "This file is a program, whatever its name: programs are never accepted."
        ]
    }


def test_a_file_that_is_not_what_course_json_says_is_refused(refused):
    data = samples.pdf()
    errors = refused(make_archive(with_file(data, name="a.txt", media_type="text/plain"), [data]))
    assert errors == {
        f"files/{sha(data)} (a.txt)": [
            "This file is application/pdf, not text/plain as course.json says."
        ]
    }


def test_a_refusal_after_some_files_were_stored_leaves_nothing(refused, editor):
    good, program = samples.pdf(), samples.linux_program()
    document = manifest(
        cover=None,
        modules=[
            {
                "title": "M",
                "steps": [
                    {
                        "kind": "file",
                        "title": "A",
                        "file": file_ref(good, "a.pdf", "application/pdf"),
                    },
                    {
                        "kind": "file",
                        "title": "B",
                        "file": file_ref(program, "b.pdf", "application/pdf"),
                    },
                ],
            }
        ],
    )
    errors = refused(make_archive(document, [good, program]))
    assert list(errors) == [f"files/{sha(program)} (b.pdf)"]
