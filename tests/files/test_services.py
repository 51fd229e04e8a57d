"""Storing uploads: content-addressed, once, atomically; resized images; limits; audit rows."""

import hashlib
import io

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage

from dclic.audit.models import AuditEvent
from dclic.core.errors import Invalid, NotAllowed
from dclic.files import queries, services, storage
from tests.files import samples


def leftovers(files_dir):
    folder = files_dir / "tmp"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_content_is_stored_under_its_sha256_in_sharded_folders(upload, files_dir):
    data = samples.pdf()
    stored = upload(data, "document", "cours.pdf")
    digest = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == digest
    assert stored.size == len(data)
    path = files_dir / digest[:2] / digest[2:4] / digest
    assert path.read_bytes() == data
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert leftovers(files_dir) == []


def test_a_werkzeug_upload_is_read_with_its_sent_name(session, uploader):
    data = samples.text()
    sent = FileStorage(io.BytesIO(data), filename="Leçon 1 — تمرين.txt", content_type="image/png")
    stored = services.store_upload(uploader, sent, "document")
    assert stored.media_type == "text/plain"  # not the client's word
    assert stored.original_name == "Leçon 1 — تمرين.txt"
    assert stored.uploaded_by_id == uploader.id
    assert stored.is_public is False


def test_identical_content_is_stored_once(upload, create_user, files_dir):
    data = samples.image(size=(700, 300))
    first = upload(data, "image", "a.png")
    blob = storage.blob_path(first.sha256)
    before = blob.stat()
    second = upload(data, "image", "b.png", actor=create_user())
    assert second.id != first.id  # each upload keeps its own name, uploader, visibility
    assert second.sha256 == first.sha256
    assert second.variants == first.variants  # not rendered again
    after = blob.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert [p.name for p in blob.parent.iterdir()].count(first.sha256) == 1
    assert leftovers(files_dir) == []
    assert [f.id for f in queries.list_files_by_sha(first.sha256)] == [first.id, second.id]
    assert queries.get_file_by_sha(first.sha256.upper()) == first


def test_images_get_resized_copies_in_webp_and_a_fallback(upload):
    stored = upload(samples.image(size=(1600, 1200)), "image", "photo.png")
    assert (stored.width, stored.height) == (1600, 1200)
    sizes = sorted((v["width"], v["height"], v["media_type"]) for v in stored.variants)
    assert sizes == [
        (320, 240, "image/png"),
        (320, 240, "image/webp"),
        (640, 480, "image/png"),
        (640, 480, "image/webp"),
        (1280, 960, "image/png"),
        (1280, 960, "image/webp"),
    ]
    for variant in stored.variants:
        content = storage.blob_path(variant["sha256"])
        assert content.stat().st_size == variant["size"]
        with Image.open(content) as picture:
            assert picture.size == (variant["width"], variant["height"])
            assert picture.get_format_mimetype() == variant["media_type"]


def test_small_images_are_never_enlarged(upload):
    stored = upload(samples.image("WEBP", size=(200, 100)), "image", "petite.webp")
    assert sorted((v["width"], v["height"], v["media_type"]) for v in stored.variants) == [
        (200, 100, "image/jpeg"),  # an opaque WebP falls back to JPEG
        (200, 100, "image/webp"),
    ]
    medium = upload(samples.image("GIF", size=(500, 250)), "image", "anim.gif")
    assert sorted({v["width"] for v in medium.variants}) == [320, 500]
    assert {v["media_type"] for v in medium.variants} == {"image/webp", "image/png"}


def test_transparent_images_keep_their_transparency(upload):
    stored = upload(samples.image("PNG", mode="RGBA", colour=(0, 0, 0, 0)), "image", "a.png")
    assert stored.fallback_type == "image/png"
    with Image.open(storage.blob_path(stored.variants_of("image/webp")[0]["sha256"])) as webp:
        assert webp.mode == "RGBA"


def test_photos_are_turned_upright_and_lose_their_metadata(upload):
    original = samples.jpeg_with_exif(size=(400, 200), orientation=6)
    with Image.open(io.BytesIO(original)) as picture:
        assert picture.getexif()[0x0112] == 6
    stored = upload(original, "image", "photo.jpg")
    assert (stored.width, stored.height) == (200, 400)  # upright
    assert {(v["width"], v["height"]) for v in stored.variants} == {(200, 400)}
    for variant in stored.variants:
        data = storage.blob_path(variant["sha256"]).read_bytes()
        with Image.open(io.BytesIO(data)) as picture:
            assert dict(picture.getexif()) == {}
            assert "exif" not in picture.info and "xmp" not in picture.info
        assert b"PhoneMaker" not in data and b"Exif" not in data


def test_the_size_limit_of_the_purpose_is_enforced_while_reading(
    app, upload, refusal, files_dir, monkeypatch
):
    monkeypatch.setitem(app.config["DCLIC_FILES_MAX_BYTES"], "document", 1024 * 1024)
    message = refusal(b"a" * (1024 * 1024 + 1), "document", "long.txt")
    assert message == "Ce fichier est trop volumineux : 1 Mo au plus sont acceptés ici."
    assert leftovers(files_dir) == []
    assert upload(b"a" * (1024 * 1024), "document", "juste.txt").size == 1024 * 1024


def test_default_limits_per_purpose(app, session):
    assert app.config["DCLIC_FILES_MAX_BYTES"] == {
        "image": 5 * 1024 * 1024,
        "document": 20 * 1024 * 1024,
        "media": 100 * 1024 * 1024,
    }
    assert services.max_bytes("media") == 100 * 1024 * 1024


def test_a_refused_upload_writes_nothing(session, refusal, files_dir):
    before = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    refusal(samples.windows_program(), "document", "cours.pdf")
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before
    assert leftovers(files_dir) == []


def test_an_upload_is_recorded_in_the_audit_trail(session, upload, uploader):
    stored = upload(samples.pdf(), "document", "Cours d'été.pdf")
    rows = session.scalars(
        sa.select(AuditEvent).filter_by(object_type="stored_files", object_id=str(stored.id))
    ).all()
    assert [row.action for row in rows] == ["create"]
    changes = rows[0].changes
    assert changes["sha256"] == [None, stored.sha256]
    assert changes["original_name"] == [None, "Cours d'été.pdf"]
    assert changes["uploaded_by_id"] == [None, uploader.id]
    assert "variants" not in changes


def test_the_uploader_or_the_platform_may_publish_a_file(upload, create_user):
    stored = upload(samples.image(), "image", "cover.png")
    with pytest.raises(NotAllowed):
        services.set_file_public(create_user(), stored, True)
    assert services.set_file_public(stored.uploaded_by, stored, True) == {
        "is_public": (False, True)
    }
    assert services.set_file_public(None, stored, False) == {"is_public": (True, False)}
    assert services.set_file_public(None, stored, False) == {}


def test_the_platform_may_upload_and_an_inactive_account_may_not(upload, create_user):
    stored = upload(samples.text(), "document", "seed.txt", actor=None)
    assert stored.uploaded_by_id is None
    suspended = create_user()
    suspended.is_active = False
    with pytest.raises(NotAllowed):
        upload(samples.text(), "document", "x.txt", actor=suspended)
    with pytest.raises(ValueError, match="unknown purpose"):
        upload(samples.text(), "avatar", "x.txt")


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("../../etc/passwd", "passwd.txt"),
        ("C:\\Users\\awa\\cours.txt", "cours.txt"),
        ("rapport\u202etxt.exe", "rapporttxt.exe.txt"),  # the bidi override is dropped
        ('  a<b>c:"d"|e?.txt ', "a_b_c__d__e_.txt"),
        ("..", "file.txt"),
        ("CON.txt", "_CON.txt"),
        ("Cafe\u0301.TXT", "Café.TXT"),  # NFC, ending kept as sent
        ("notes.md", "notes.md"),
        ("x" * 300 + ".txt", "x" * 196 + ".txt"),
        (None, "file.txt"),
    ],
)
def test_sent_names_are_cleaned(upload, sent, expected):
    assert upload(samples.text(), "document", sent).original_name == expected


def test_contents_are_moved_into_place_only_after_the_row_is_valid(upload, files_dir, monkeypatch):
    from dclic.core.db import db

    data = samples.pdf()

    def fail():
        raise RuntimeError("database down")

    monkeypatch.setattr(db.session, "flush", fail)
    with pytest.raises(RuntimeError):
        upload(data, "document", "cours.pdf")
    assert not storage.blob_path(hashlib.sha256(data).hexdigest()).exists()
    assert leftovers(files_dir) == []


def test_invalid_carries_the_message_on_the_file_field(upload):
    with pytest.raises(Invalid) as caught:
        upload(samples.linux_program(), "media", "son.mp3")
    assert caught.value.status == 422
    assert caught.value.errors == {"file": [caught.value.message]}
