"""Office documents are zip archives: check the directory before trusting anything inside.

Accepted: OpenDocument (``mimetype`` stored first) and Office Open XML (``[Content_Types].xml``
naming a Word, Excel or PowerPoint main part), without macros. Refused: any other archive,
encrypted entries, and what would expand out of proportion or overlap (zip bombs): only the
directory is read, never the whole content, and the one small part read is read with a cap.
"""

from __future__ import annotations

import re
import zipfile

from dclic.files.containers import Refused

MAX_ENTRIES = 10_000
MAX_EXPANDED = 512 * 1024 * 1024  # all entries together, as declared
MAX_RATIO = 200  # expanded / compressed, for entries over 1 MiB
SMALL_PART = 1024 * 1024  # [Content_Types].xml and mimetype are tiny

ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_MAIN = "application/vnd.openxmlformats-officedocument."
OOXML_MAIN_TYPES = {
    _MAIN + "wordprocessingml.document.main+xml": "docx",
    _MAIN + "spreadsheetml.sheet.main+xml": "xlsx",
    _MAIN + "presentationml.presentation.main+xml": "pptx",
}
_CONTENT_TYPE = re.compile(r'ContentType="([^"]+)"')


def check_zip(f, size: int, head: bytes) -> str:
    """The format of an office document, or Refused (archive, macros, bomb…)."""
    try:
        archive = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused("damaged") from None
    with archive:
        entries = archive.infolist()
        _check_directory(archive, entries)
        names = {entry.filename for entry in entries}
        if "mimetype" in names:
            return _opendocument(archive, entries, names)
        if "[Content_Types].xml" in names:
            return _office_open_xml(archive, names)
    raise Refused("archive")


def _check_directory(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    if not entries or len(entries) > MAX_ENTRIES:
        raise Refused("zip_bomb" if entries else "archive")
    if len({entry.filename for entry in entries}) != len(entries):
        raise Refused("zip_bomb")  # two entries of one name: readers disagree on which counts
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise Refused("encrypted")
    if sum(entry.file_size for entry in entries) > MAX_EXPANDED:
        raise Refused("zip_bomb")
    for entry in entries:
        if entry.file_size > SMALL_PART and entry.file_size > MAX_RATIO * entry.compress_size:
            raise Refused("zip_bomb")
    _refuse_overlaps(archive, entries)


def _refuse_overlaps(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Entries must follow one another without sharing bytes (overlapping zip bombs do)."""
    ordered = sorted(entries, key=lambda entry: entry.header_offset)
    if ordered[0].header_offset != 0:
        raise Refused("polyglot")
    limits = [entry.header_offset for entry in ordered[1:]] + [archive.start_dir]
    for entry, limit in zip(ordered, limits, strict=True):
        encoding = "utf-8" if entry.flag_bits & 0x800 else "cp437"
        try:
            name_length = len(entry.orig_filename.encode(encoding))
        except UnicodeEncodeError:
            name_length = len(entry.orig_filename.encode("utf-8"))
        if entry.header_offset + 30 + name_length + entry.compress_size > limit:
            raise Refused("zip_bomb")


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as part:
            data = part.read(SMALL_PART + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise Refused("damaged") from None
    if len(data) > SMALL_PART:
        raise Refused("zip_bomb")
    return data


def _opendocument(archive, entries, names) -> str:
    first = min(entries, key=lambda entry: entry.header_offset)
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        raise Refused("damaged")
    kind = ODF_TYPES.get(_read_small(archive, "mimetype").strip())
    if kind is None:
        raise Refused("unknown")
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise Refused("macros")
    return kind


def _office_open_xml(archive, names) -> str:
    declared = _read_small(archive, "[Content_Types].xml").decode("utf-8", "replace")
    types = set(_CONTENT_TYPE.findall(declared))
    lowered = {name.lower() for name in names}
    if any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in types) or any(
        name.endswith("vbaproject.bin") for name in lowered
    ):
        raise Refused("macros")
    found = {OOXML_MAIN_TYPES[t] for t in types if t in OOXML_MAIN_TYPES}
    if len(found) != 1:
        raise Refused("unknown")
    return found.pop()
