"""Serving stored files: headers, caching, ranges, names, and who may read what."""

import re
from urllib.parse import quote

import pytest

from dclic.files import permissions
from dclic.files.urls import file_url, image_srcset, image_url
from tests.files import samples


@pytest.fixture
def url(app):
    """``url(stored)`` and ``url(stored, width, media_type)``: addresses built outside requests."""

    def build(stored, width=None, media_type=None):
        with app.test_request_context():
            return image_url(stored, width, media_type) if width else file_url(stored)

    return build


@pytest.fixture
def no_rules(monkeypatch):
    monkeypatch.setattr(permissions, "_READ_RULES", [])
    return permissions._READ_RULES


def test_a_document_is_downloaded_with_safe_headers(client, login, upload, uploader, url):
    data = samples.pdf()
    stored = upload(data, "document", "Cours d'été — تمرين.pdf")
    login(uploader)
    response = client.get(url(stored))
    assert response.status_code == 200
    assert response.data == data
    headers = response.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["ETag"] == f'"{stored.sha256}"'
    assert headers["Accept-Ranges"] == "bytes"
    cache = headers["Cache-Control"]
    assert "private" in cache and "immutable" in cache and "max-age=31536000" in cache
    disposition = headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert (
        "filename*=UTF-8''" + quote("Cours d'été — تمرين.pdf", safe="!#$&+-.^_`|~") in disposition
    )
    assert 'filename="Cours d\'ete  .pdf"' in disposition  # an ASCII fallback for old clients


def test_images_and_media_are_shown_inline(client, upload, url):
    stored = upload(samples.mp3(), "media", "son.mp3", is_public=True)
    response = client.get(url(stored))
    assert response.headers["Content-Type"] == "audio/mpeg"
    assert response.headers["Content-Disposition"] == "inline; filename=son.mp3"


def test_text_is_utf8_and_never_recompressed(client, login, upload, uploader, url):
    data = samples.text() * 50
    stored = upload(data, "document", "notes.txt")
    login(uploader)
    response = client.get(url(stored), headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers.get("Content-Encoding", "identity") == "identity"
    ranged = client.get(url(stored), headers={"Range": "bytes=0-3", "Accept-Encoding": "br"})
    assert ranged.status_code == 206
    assert ranged.data == data[:4]


def test_byte_ranges(client, upload, url):
    data = samples.mp4()
    stored = upload(data, "media", "film.mp4", is_public=True)
    address = url(stored)
    part = client.get(address, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206
    assert part.data == data[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(data)}"
    tail = client.get(address, headers={"Range": "bytes=-5"})
    assert (tail.status_code, tail.data) == (206, data[-5:])
    beyond = client.get(address, headers={"Range": f"bytes={len(data) + 10}-"})
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{len(data)}"
    several = client.get(address, headers={"Range": "bytes=0-1,0-1,0-1,5-9"})
    assert (several.status_code, several.data) == (200, data)  # the whole file, once
    garbled = client.get(address, headers={"Range": "bytes=9-2"})
    assert (garbled.status_code, garbled.data) == (200, data)


def test_if_range_and_etags(client, upload, url):
    data = samples.webm()
    stored = upload(data, "media", "film.webm", is_public=True)
    address, etag = url(stored), f'"{stored.sha256}"'
    same = client.get(address, headers={"Range": "bytes=0-3", "If-Range": etag})
    assert (same.status_code, same.data) == (206, data[:4])
    changed = client.get(address, headers={"Range": "bytes=0-3", "If-Range": '"other"'})
    assert (changed.status_code, changed.data) == (200, data)
    cached = client.get(address, headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.data == b""
    assert client.get(address, headers={"If-None-Match": '"other"'}).status_code == 200


def test_public_files_are_for_everyone_and_cacheable_by_anyone(client, upload, url):
    stored = upload(samples.image(), "image", "logo.png", is_public=True)
    response = client.get(url(stored))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"] == "inline; filename=logo.png"
    assert "public" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers


def test_private_files_only_for_their_uploader(
    app, client, login, upload, uploader, create_user, url, no_rules
):
    from tests.conftest import PASSWORD, IsolatedClient
    from tests.helpers import post_form

    stored = upload(samples.pdf(), "document", "copie.pdf")
    assert client.get(url(stored)).status_code == 404  # a visitor learns nothing
    login(create_user())
    assert client.get(url(stored)).status_code == 403
    owner = IsolatedClient(app, app.response_class, use_cookies=True)
    post_form(owner, "/login", {"email": uploader.email, "password": PASSWORD})
    assert owner.get(url(stored)).status_code == 200


def test_a_refusal_is_recorded_in_the_audit_trail(session, client, login, upload, create_user, url):
    import sqlalchemy as sa

    from dclic.audit.models import AuditEvent

    stored = upload(samples.pdf(), "document", "copie.pdf")
    login(create_user())
    assert client.get(url(stored)).status_code == 403
    denied = session.scalars(sa.select(AuditEvent).filter_by(action="denied")).all()
    assert denied[-1].changes["path"] == url(stored)


def test_modules_decide_through_read_rules(
    client, login, upload, uploader, create_user, url, no_rules
):
    stored = upload(samples.pdf(), "document", "ressource.pdf")
    learner = create_user()
    seen = []

    @permissions.read_rule
    def enrolled(user, stored_file):
        seen.append(user)
        return True if user is not None and user.id == learner.id else None

    login(learner)
    assert client.get(url(stored)).status_code == 200
    assert seen[-1].id == learner.id

    @permissions.read_rule
    def taken_down(user, stored_file):
        return False

    assert client.get(url(stored)).status_code == 403  # a refusal wins over any grant
    assert not permissions.can_read_file(uploader, stored)  # the uploader's too
    assert no_rules == [enrolled, taken_down]
    assert permissions.read_rule(enrolled) is enrolled and len(no_rules) == 2


def test_wrong_addresses(client, upload, url):
    stored = upload(samples.image(), "image", "carte.png", is_public=True)
    good = url(stored)
    wrong_digest = re.sub(r"/[0-9a-f]{16}/", "/0000000000000000/", good)
    assert client.get(wrong_digest).status_code == 404
    assert client.get(good.replace(f"/{stored.id}/", "/999999999/")).status_code == 404
    assert client.get(f"/files/{stored.id}/{stored.sha256[:8]}/carte.png").status_code == 404
    renamed = client.get(good.replace("carte.png", "autre.png"))
    assert renamed.status_code == 301
    assert renamed.headers["Location"].endswith(good)
    assert client.get(f"/files/99999999999999/{stored.sha256[:16]}/x.png").status_code == 404


def test_resized_copies_are_served_the_same_way(client, upload, url, app):
    stored = upload(samples.image(size=(900, 600)), "image", "photo.png", is_public=True)
    webp = url(stored, 640, "image/webp")
    assert webp.endswith("/w/640.webp")
    response = client.get(webp)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    variant = stored.variant(640, "image/webp")
    assert response.headers["ETag"] == f'"{variant["sha256"]}"'
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert client.get(url(stored, 320)).headers["Content-Type"] == "image/png"
    assert client.get(webp.replace("/640.webp", "/641.webp")).status_code == 404
    assert client.get(webp.replace("/640.webp", "/640.gif")).status_code == 404
    with app.test_request_context():
        assert image_url(stored, 2000).endswith("/w/900.png")  # the widest there is
        assert image_url(stored).endswith("/w/900.png")
        srcset = image_srcset(stored, "image/webp")
    assert re.fullmatch(
        r"/files/\d+/[0-9a-f]{16}/w/320\.webp 320w, "
        r"/files/\d+/[0-9a-f]{16}/w/640\.webp 640w, "
        r"/files/\d+/[0-9a-f]{16}/w/900\.webp 900w",
        srcset,
    )


def test_resized_copies_of_a_private_image_are_private(client, upload, url):
    stored = upload(samples.image(size=(400, 300)), "image", "photo.png")
    assert client.get(url(stored, 320, "image/webp")).status_code == 404


def test_the_picture_macro(app, upload):
    from flask import render_template_string

    stored = upload(samples.image(size=(1500, 1000)), "image", "couverture.jpg.png")
    photo = upload(samples.image("JPEG", size=(300, 200)), "image", "petite.jpg")
    with app.test_request_context():
        html = render_template_string(
            '{% from "files/macros.html" import picture %}'
            "{{ picture(stored, 'Couverture', sizes='50vw', css_class='cover') }}"
            "{{ picture(photo, 'Élève') }}",
            stored=stored,
            photo=photo,
        )
    assert '<source type="image/webp" srcset="' in html
    assert 'sizes="50vw"' in html
    assert 'width="1500" height="1000"' in html
    assert 'alt="Couverture"' in html and 'alt="Élève"' in html
    assert 'loading="lazy"' in html and 'class="cover"' in html
    assert re.search(r'<img src="/files/\d+/[0-9a-f]{16}/w/640\.png"', html)
    assert re.search(r'src="/files/\d+/[0-9a-f]{16}/w/300\.jpg"', html)
