"""Uploads are judged by their content: every accepted format, every refusal, with its reason."""

import pytest

from dclic.files import detection
from tests.files import samples

ACCEPTED = [
    ("image", samples.image, "photo.png", "image/png", "image"),
    ("image", lambda: samples.image("JPEG"), "photo.jpg", "image/jpeg", "image"),
    ("image", lambda: samples.image("WEBP"), "photo.webp", "image/webp", "image"),
    ("image", lambda: samples.image("GIF"), "anim.gif", "image/gif", "image"),
    ("document", samples.pdf, "cours.pdf", "application/pdf", "document"),
    ("document", samples.text, "notes.txt", "text/plain", "document"),
    (
        "document",
        samples.opendocument,
        "cours.odt",
        "application/vnd.oasis.opendocument.text",
        "document",
    ),
    (
        "document",
        lambda: samples.opendocument("spreadsheet"),
        "notes.ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        "document",
    ),
    (
        "document",
        lambda: samples.opendocument("presentation"),
        "slides.odp",
        "application/vnd.oasis.opendocument.presentation",
        "document",
    ),
    (
        "document",
        samples.office_open_xml,
        "cours.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "document",
    ),
    (
        "document",
        lambda: samples.office_open_xml("xlsx"),
        "notes.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "document",
    ),
    (
        "document",
        lambda: samples.office_open_xml("pptx"),
        "slides.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "document",
    ),
    ("media", samples.mp3, "son.mp3", "audio/mpeg", "audio"),
    ("media", samples.ogg, "son.ogg", "audio/ogg", "audio"),
    ("media", lambda: samples.ogg(b"OpusHead"), "voix.opus", "audio/ogg", "audio"),
    ("media", lambda: samples.ogg(b"\x80theora"), "film.ogv", "video/ogg", "video"),
    ("media", samples.mp4, "film.mp4", "video/mp4", "video"),
    ("media", lambda: samples.mp4(b"M4A "), "son.m4a", "audio/mp4", "audio"),
    ("media", samples.webm, "film.webm", "video/webm", "video"),
]


@pytest.mark.parametrize(
    ("purpose", "make", "name", "media_type", "kind"),
    ACCEPTED,
    ids=[row[2] for row in ACCEPTED],
)
def test_each_allowed_type_is_accepted_and_named_from_its_content(
    upload, purpose, make, name, media_type, kind
):
    stored = upload(make(), purpose, name)
    assert (stored.media_type, stored.kind) == (media_type, kind)
    assert stored.original_name == name


def test_the_client_name_and_type_play_no_part(upload):
    stored = upload(samples.pdf(), "document", "photo.png")
    assert stored.media_type == "application/pdf"
    assert stored.original_name == "photo.png.pdf"  # the real ending is added


PROGRAM = "les programmes ne sont jamais acceptés"


@pytest.mark.parametrize(
    ("make", "name", "purpose", "words"),
    [
        (samples.windows_program, "cours.pdf", "document", PROGRAM),
        (samples.windows_program, "photo.png", "image", PROGRAM),
        (samples.linux_program, "cours.pdf", "document", PROGRAM),
        (lambda: b"#!/bin/sh\nrm -rf ~\n", "notes.txt", "document", "les scripts ne sont jamais"),
        (lambda: b"\xca\xfe\xba\xbe\x00\x00\x00\x02" + bytes(64), "a.mp3", "media", PROGRAM),
        (
            lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "notes.txt",
            "document",
            "code de page web",
        ),
        (lambda: b"\n  <html><p>Bonjour</p></html>", "cours.txt", "document", "code de page web"),
        (
            lambda: b"Bonjour\nvoici <script src=//evil.example></script>\n",
            "notes.txt",
            "document",
            "code de page web",
        ),
        (
            lambda: (
                b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
                b"<script>alert(1)</script></svg>"
            ),
            "logo.png",
            "image",
            "Les images SVG ne sont pas acceptées",
        ),
        (
            lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>',
            "logo.svg",
            "document",
            "Les images SVG ne sont pas acceptées",
        ),
        (samples.zip_archive, "cours.docx", "document", "Les archives"),
        (lambda: b"\x1f\x8b\x08\x00" + bytes(40), "logo.svgz", "image", "Les archives"),
        (
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "cours.doc",
            "document",
            "anciens fichiers bureautiques",
        ),
        (
            lambda: samples.office_open_xml(
                main_type="application/vnd.ms-word.document.macroEnabled.main+xml"
            ),
            "cours.docx",
            "document",
            "macros",
        ),
        (
            lambda: samples.office_open_xml(extra=[("word/vbaProject.bin", b"\x00" * 64)]),
            "cours.docx",
            "document",
            "macros",
        ),
        (lambda: "café".encode("latin-1") + b" au lait\n", "menu.txt", "document", "UTF-8"),
        (lambda: b"\x00\x01\x02\x03binary", "data.txt", "document", "pas accepté ici"),
        (samples.pdf, "cours.pdf", "image", "Acceptés ici : images"),
        (samples.image, "photo.png", "document", "Acceptés ici : documents"),
        (samples.mp3, "son.mp3", "image", "Acceptés ici : images"),
        (lambda: samples.webm(b"matroska"), "film.mkv", "media", "Acceptés ici : audio"),
        (lambda: samples.mp4(b"qt  ", b"qt  "), "film.mov", "media", "Acceptés ici : audio"),
        (lambda: b"", "vide.txt", "document", "Le fichier est vide"),
    ],
    ids=[
        "exe-as-pdf",
        "exe-as-png",
        "elf",
        "shell",
        "mach-o",
        "html",
        "html-after-blanks",
        "script-inside-text",
        "svg-as-image",
        "svg-as-document",
        "zip",
        "gzip",
        "ole",
        "docm",
        "vba",
        "latin-1",
        "binary",
        "pdf-as-image",
        "png-as-document",
        "mp3-as-image",
        "matroska",
        "quicktime",
        "empty",
    ],
)
def test_refused_contents_are_explained(refusal, make, name, purpose, words):
    assert words in refusal(make(), purpose, name)


@pytest.mark.parametrize(
    ("make", "purpose"),
    [
        (lambda: samples.image("GIF")[:6] + b"/*<script>alert(1)</script>*/" + bytes(20), "image"),
        (lambda: samples.image() + samples.zip_archive(), "image"),
        (lambda: samples.image() + b"<html><script>alert(1)</script>", "image"),
        (lambda: samples.image("JPEG") + samples.zip_archive(), "image"),
        (lambda: samples.image("JPEG", comment=b"<script>alert(1)</script>"), "image"),
        (lambda: samples.pdf() + samples.zip_archive(), "document"),
        (lambda: samples.mp4() + b"<html><script>alert(1)</script></html>", "media"),
        (lambda: samples.ogg() + samples.zip_archive(), "media"),
        (lambda: samples.webm() + b"PK\x03\x04 trailing", "media"),
        (lambda: samples.image("WEBP") + b"<script>", "image"),
    ],
    ids=[
        "gif-js",
        "png-zip",
        "png-html",
        "jpeg-zip",
        "jpeg-comment-script",
        "pdf-zip",
        "mp4-html",
        "ogg-zip",
        "webm-trailing",
        "webp-trailing",
    ],
)
def test_polyglots_are_refused(refusal, make, purpose):
    assert "cache un autre contenu" in refusal(make(), purpose, "file")


def test_a_zip_bomb_is_refused_without_being_expanded(refusal):
    bomb = samples.zip_bomb()
    assert len(bomb) < 100_000
    assert "taille excessive" in refusal(bomb, "document", "cours.docx")


def test_an_archive_of_too_many_entries_is_refused(refusal, monkeypatch):
    from dclic.files import office

    monkeypatch.setattr(office, "MAX_ENTRIES", 3)
    extra = [(f"word/media/{n}.xml", b"<x/>") for n in range(3)]
    message = refusal(samples.office_open_xml(extra=extra), "document", "cours.docx")
    assert "taille excessive" in message


def test_damaged_files_are_refused(refusal):
    png = samples.image(size=(300, 200))
    assert "endommagé" in refusal(png[: len(png) // 2], "image", "photo.png")
    jpeg = samples.image("JPEG", size=(300, 200))
    assert "endommagé" in refusal(jpeg[:-200], "image", "photo.jpg")
    assert "endommagé" in refusal(b"%PDF-1.4\nno end", "document", "cours.pdf")
    assert "endommagé" in refusal(samples.mp3()[:30] + bytes(500), "media", "son.mp3")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_images_of_huge_dimensions_are_refused_before_decoding(refusal):
    message = refusal(samples.png_declaring(10_000, 10_000), "image", "bombe.png")
    assert "50 mégapixels" in message
    message = refusal(samples.png_declaring(30_000, 16), "image", "bande.png")
    assert "20000 pixels de côté" in message


def test_the_detection_reads_files_not_names(tmp_path):
    path = tmp_path / "anything"
    path.write_bytes(samples.pdf())
    found = detection.detect(path, path.stat().st_size)
    assert (found.name, found.kind, found.extensions) == ("pdf", "document", ("pdf",))
    path.write_bytes(samples.windows_program())
    with pytest.raises(detection.Refused) as caught:
        detection.detect(path, path.stat().st_size)
    assert caught.value.reason == "program"
