"""What a file really is, judged from its content: never from its name nor the client's word.

:func:`detect` matches the first bytes against a short table of signatures, then checks the
structure of the format found (``containers.py``: PNG chunks up to IEND, MP4 boxes, Ogg pages,
WebM's EBML header…; ``office.py``: the zip directory of office documents), so that a renamed
program, a web page, an SVG, a polyglot or a zip bomb is refused with a reason
(:class:`Refused`). Whatever matches no signature must be clean UTF-8 text. Images are then
decoded by Pillow (``images.py``).

A table of our own rather than libmagic or ``filetype``: the list of accepted formats is
short and closed, each needs a structural check no sniffing library makes, and the verdicts
must not change with the version of a system library.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from dclic.core.i18n import lazy_gettext as _l
from dclic.files import containers, office
from dclic.files.containers import Refused

__all__ = ["FORMATS", "Detected", "Refused", "detect", "explain"]

SNIFF = 4096
# Browsers look at the first 1,445 bytes when they guess a type (WHATWG MIME Sniffing).
SNIFF_WINDOW = 1445


@dataclass(frozen=True)
class Detected:
    """An accepted format: its kind, its media type and the file name endings it goes by."""

    name: str
    kind: str  # image, document, audio, video
    media_type: str
    extensions: tuple[str, ...]  # the first is the one given to names that lack a right one


def _format(name, kind, media_type, *extensions) -> tuple[str, Detected]:
    return name, Detected(name, kind, media_type, extensions)


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
FORMATS = dict(
    [
        _format("png", "image", "image/png", "png"),
        _format("jpeg", "image", "image/jpeg", "jpg", "jpeg"),
        _format("gif", "image", "image/gif", "gif"),
        _format("webp", "image", "image/webp", "webp"),
        _format("pdf", "document", "application/pdf", "pdf"),
        _format("text", "document", "text/plain", "txt", "md", "csv"),
        _format("odt", "document", _ODF + "text", "odt"),
        _format("ods", "document", _ODF + "spreadsheet", "ods"),
        _format("odp", "document", _ODF + "presentation", "odp"),
        _format("docx", "document", _OOXML + "wordprocessingml.document", "docx"),
        _format("xlsx", "document", _OOXML + "spreadsheetml.sheet", "xlsx"),
        _format("pptx", "document", _OOXML + "presentationml.presentation", "pptx"),
        _format("mp3", "audio", "audio/mpeg", "mp3"),
        _format("ogg_audio", "audio", "audio/ogg", "ogg", "oga", "opus"),
        _format("ogg_video", "video", "video/ogg", "ogv", "ogg"),
        _format("m4a", "audio", "audio/mp4", "m4a", "mp4"),
        _format("mp4", "video", "video/mp4", "mp4", "m4v"),
        _format("webm", "video", "video/webm", "webm"),
    ]
)

# Signatures of formats accepted (after their structural check) …
_ACCEPTED = (
    (b"\x89PNG\r\n\x1a\n", containers.check_png),
    (b"\xff\xd8\xff", lambda f, size, head: "jpeg"),
    (b"GIF87a", lambda f, size, head: "gif"),
    (b"GIF89a", lambda f, size, head: "gif"),
    (b"%PDF-", containers.check_pdf),
    (b"PK\x03\x04", office.check_zip),
    (b"OggS", containers.check_ogg),
    (b"\x1a\x45\xdf\xa3", containers.check_webm),
    (b"ID3", containers.check_mp3),
)
# … and of formats always refused, with the reason given to the person.
_REFUSED = (
    (b"MZ", "program"),  # Windows programs and libraries (PE)
    (b"\x7fELF", "program"),  # Linux programs
    (b"\xfe\xed\xfa\xce", "program"),  # macOS programs (Mach-O)
    (b"\xfe\xed\xfa\xcf", "program"),
    (b"\xce\xfa\xed\xfe", "program"),
    (b"\xcf\xfa\xed\xfe", "program"),
    (b"\xca\xfe\xba\xbe", "program"),  # Mach-O universal, Java classes
    (b"\x00asm", "program"),  # WebAssembly
    (b"dex\n", "program"),  # Android
    (b"#!", "script"),
    (b"%!PS", "script"),  # PostScript is a programming language
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old_office"),  # .doc .xls .ppt .msi
    (b"{\\rtf", "old_office"),
    (b"PK\x05\x06", "archive"),
    (b"Rar!\x1a\x07", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),  # gzip, .svgz
    (b"BZh", "archive"),
    (b"\xfd7zXZ\x00", "archive"),
    (b"MSCF", "archive"),  # cabinet
)

# Markup a browser could run, looked for where browsers sniff and in text files.
_ACTIVE_BYTES = re.compile(
    rb"<(?:script|html|body|iframe|frameset|svg|object|embed|!doctype|\?php|\?xml-stylesheet)",
    re.IGNORECASE,
)
_MARKUP_START = re.compile(r"<(?:!doctype|!--|\?xml|[a-z][a-z0-9:-]*(?:[\s/>]|$))", re.IGNORECASE)
_ACTIVE_TEXT = re.compile(r"<(?:script|iframe|frameset|object|embed|svg)(?:[\s/>]|$)", re.I)
_SVG = re.compile(r"<svg(?:[\s/>]|$)", re.IGNORECASE)
# Control characters that have no place in a text file (tab, line feeds, form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def detect(path: Path, size: int) -> Detected:
    """The accepted format of the file at ``path``, or :class:`Refused` with the reason."""
    if size == 0:
        raise Refused("empty")
    with path.open("rb") as f:
        head = f.read(SNIFF)
        name = _identify(f, size, head)
        if name == "text":
            _check_text(f)
        elif FORMATS[name].media_type.startswith("application/vnd."):
            pass  # zip-based: its directory was checked in office.py
        else:
            if _ACTIVE_BYTES.search(head[:SNIFF_WINDOW]):
                raise Refused("polyglot")
            containers.refuse_trailing_archive(f, size)
    return FORMATS[name]


def _identify(f, size: int, head: bytes) -> str:
    for magic, check in _ACCEPTED:
        if head.startswith(magic):
            return check(f, size, head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return containers.check_webp(f, size, head)
    if head[4:8] == b"ftyp":
        return containers.check_mp4(f, size, head)
    if containers.mp3_frame_length(head[:4]):
        return containers.check_mp3(f, size, head)
    for magic, reason in _REFUSED:
        if head.startswith(magic):
            raise Refused(reason)
    if head[257:262] == b"ustar":
        raise Refused("archive")
    return "text"


def _check_text(f) -> None:
    """Clean UTF-8 text, not markup (HTML, XML, SVG) and without script tags."""
    f.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    carry, first = "", True
    while True:
        chunk = f.read(64 * 1024)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise Refused("unknown" if first and b"\x00" in chunk else "text_encoding") from None
        if first:
            text = text.removeprefix("\ufeff")
            if _SVG.search(text[:SNIFF]):
                raise Refused("svg")
            if _MARKUP_START.match(text.lstrip()[:100]):
                raise Refused("web")
            first = False
        if _CONTROL.search(text):
            raise Refused("unknown" if "\x00" in text else "text_encoding")
        if _ACTIVE_TEXT.search(carry + text):
            raise Refused("web")
        carry = text[-16:]
        if not chunk:
            return


# --- what the person is told ------------------------------------------------------------

MESSAGES = {
    "empty": _l("The file is empty."),
    "too_large": _l("This file is too large: at most %(limit)s MB are accepted here."),
    "program": _l("This file is a program, whatever its name: programs are never accepted."),
    "script": _l("This file is a script, whatever its name: scripts are never accepted."),
    "web": _l(
        "This file contains web page code (HTML, XML or a script) that a browser could run: "
        "it is not accepted. Save it as PDF instead."
    ),
    "svg": _l(
        "SVG images are not accepted because they can carry scripts: save the image as PNG or WebP."
    ),
    "archive": _l("Archives (ZIP, RAR, 7z…) are not accepted: send the files themselves."),
    "old_office": _l(
        "Old office files (.doc, .xls, .ppt, .rtf) are not accepted because they can carry "
        "macros: save the document as .docx, .xlsx, .pptx, OpenDocument or PDF."
    ),
    "macros": _l(
        "This document contains macros, which are never accepted: "
        "save it without macros (.docx, .xlsx, .pptx or OpenDocument)."
    ),
    "encrypted": _l("This document is protected by a password: remove it and send it again."),
    "zip_bomb": _l(
        "This document would expand to an excessive size, or its structure is malformed: "
        "it is not accepted."
    ),
    "polyglot": _l(
        "This file hides other content (an archive or web page code) inside or after its "
        "data: it is not accepted."
    ),
    "damaged": _l("This file is damaged or incomplete: it cannot be read."),
    "text_encoding": _l(
        "This text file is not plain UTF-8 text: save it as UTF-8 (Unicode) text and send it again."
    ),
    "image_too_big": _l(
        "This image is too large: at most %(megapixels)d megapixels and %(side)d pixels on a "
        "side are accepted. Reduce it and send it again."
    ),
    "unknown": _l("This type of file is not accepted here. Accepted here: %(accepted)s."),
}
# What each purpose accepts, in words (see models.PURPOSES).
ACCEPTED = {
    "image": _l("images (PNG, JPEG, WebP, GIF)"),
    "document": _l("documents (PDF, plain text, OpenDocument, Word, Excel, PowerPoint)"),
    "media": _l("audio and video (MP3, Ogg, MP4, WebM)"),
}


def explain(refusal: Refused, purpose: str) -> str:
    """The translated sentence telling why the file was refused."""
    params = {"accepted": ACCEPTED[purpose], **refusal.params}
    return str(MESSAGES[refusal.reason]) % params
