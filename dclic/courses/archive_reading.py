"""The safe reading of a course archive: nothing in it is trusted.

Everything is checked before anything is written:

1. :func:`open_archive` reads the ZIP directory only: number of entries, names (no absolute
   path, no ``..``, nothing but ``course.json`` and ``files/<sha256>``), no link, no
   encryption, no compression but Deflate, declared sizes and ratios (zip bombs). Entries are
   then read through :mod:`zipfile`, which never yields more than an entry's declared size;
2. :func:`read_manifest` reads ``course.json`` (capped) and checks it
   (:func:`dclic.courses.archive_format.check_manifest`);
3. :func:`check_files` checks that every file named is there, that every file is named, and
   their sizes and SHA-256 (read in chunks: constant memory).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import tempfile
import zipfile
import zlib
from contextlib import ExitStack, contextmanager

from dclic.core.i18n import gettext as _
from dclic.courses.archive_format import (
    CHUNK,
    FILE_ENTRY,
    FILES_FOLDER,
    MANIFEST,
    MAX_ENTRIES,
    MAX_MANIFEST_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR,
    Manifest,
    Problems,
    check_manifest,
    refusal,
)

_DRIVE = re.compile(r"^[A-Za-z]:")


# --- the ZIP directory ---------------------------------------------------------------------


@contextmanager
def open_archive(data):
    """The ZIP archive in ``data`` (bytes or a binary file), its directory checked."""
    with ExitStack() as stack:
        stream = _seekable(data, stack)
        try:
            archive = stack.enter_context(zipfile.ZipFile(stream))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            message = _("This file is not a ZIP archive, or it is damaged.")
            raise refusal("archive", message) from None
        check_directory(archive.infolist())
        yield archive


def _seekable(data, stack: ExitStack):
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(data)
    if getattr(data, "seekable", lambda: False)():
        return data
    # A pipe or a socket: ZIP is read from its end, so keep a copy (on disk when large).
    copy = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=16 * 1024**2))  # noqa: SIM115
    size = 0
    while chunk := data.read(CHUNK):
        size += len(chunk)
        if size > MAX_TOTAL_BYTES + MAX_MANIFEST_BYTES:
            raise refusal("archive", _too_large())
        copy.write(chunk)
    copy.seek(0)
    return copy


def _too_large():
    limit = MAX_TOTAL_BYTES // 1024**2
    return _("The archive would expand to more than %(limit)d MB: it is not accepted.", limit=limit)


def check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse what the directory alone shows: too many or badly named entries, links,
    encryption, unknown compression, zip bombs."""
    if len(entries) > MAX_ENTRIES:
        raise refusal(
            "archive",
            _(
                "The archive holds %(count)d entries; at most %(limit)d are accepted.",
                count=len(entries),
                limit=MAX_ENTRIES,
            ),
        )
    problems, seen, total = Problems(), set(), 0
    for entry in entries:
        name = entry.orig_filename
        problem = _entry_problem(entry)
        if problem is None and name in seen:
            problem = _("Two entries have this name.")
        if problem is not None:
            problems.add(name or "?", problem)
        seen.add(name)
        total += entry.file_size
    if total > MAX_TOTAL_BYTES:
        problems.add("archive", _too_large())
    problems.raise_if_any()


def _entry_problem(entry: zipfile.ZipInfo):
    name = entry.orig_filename
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return _("This entry's name is an absolute path: it is not accepted.")
    if ".." in re.split(r"[/\\]", name):
        return _("This entry's name leads out of the archive (..): it is not accepted.")
    if stat.S_ISLNK(entry.external_attr >> 16):
        return _("This entry is a symbolic link: links are not accepted.")
    if name != MANIFEST and name != FILES_FOLDER and not FILE_ENTRY.match(name):
        return _("This entry is not part of the format: only course.json and files/<SHA-256>.")
    if entry.flag_bits & 0x1:
        return _("This entry is encrypted: encrypted archives are not accepted.")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return _("This entry is compressed with another method than Deflate: save it again.")
    if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
        return _("This entry would expand out of proportion (a zip bomb): it is not accepted.")
    return None


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Yield the chunks of an entry; Invalid naming it when it is damaged."""
    try:
        with archive.open(info) as source:
            while chunk := source.read(CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise refusal(info.filename, _("This entry is damaged: it cannot be read.")) from None


# --- course.json ---------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """``course.json``, parsed and checked field by field."""
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise refusal(
            MANIFEST, _("The archive has no course.json: it is not a dclic course archive.")
        ) from None
    if info.file_size > MAX_MANIFEST_BYTES:
        limit = MAX_MANIFEST_BYTES // 1024**2
        raise refusal(MANIFEST, _("course.json is larger than %(limit)d MB.", limit=limit))
    raw = b"".join(read_entry(archive, info))
    try:
        document = json.loads(
            raw.decode("utf-8").removeprefix("\ufeff"),
            object_pairs_hook=_without_duplicates,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError:
        raise refusal(MANIFEST, _("course.json is not UTF-8 text.")) from None
    except (ValueError, RecursionError) as exc:
        raise refusal(
            MANIFEST, _("course.json is not valid JSON: %(error)s.", error=str(exc)[:200])
        ) from None
    return check_manifest(document)


def _without_duplicates(pairs: list) -> dict:
    keys = [key for key, _value in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"the key {key!r} is given twice")
    return dict(pairs)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


# --- the files -----------------------------------------------------------------------------


def check_files(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Every file named is in the archive with its size and SHA-256; every file is named."""
    problems, declared = Problems(), {}
    for where, ref in manifest.file_refs():
        known = declared.setdefault(ref.sha256, ref)
        if known.size != ref.size:
            problems.add(f"{where}.size", _("The same file is given two different sizes."))
    names = {info.filename for info in archive.infolist()}
    for sha256 in sorted(declared):
        if FILES_FOLDER + sha256 not in names:
            problems.add(
                FILES_FOLDER + sha256,
                _("This file is named in course.json but missing from the archive."),
            )
    for name in sorted(names):
        if FILE_ENTRY.match(name) and name.removeprefix(FILES_FOLDER) not in declared:
            problems.add(name, _("This file is not used by course.json."))
    problems.raise_if_any()
    for sha256, ref in sorted(declared.items()):
        info = archive.getinfo(ref.path)
        if info.file_size != ref.size:
            message = _(
                "This file holds %(actual)d bytes, not the %(declared)d that course.json gives.",
                actual=info.file_size,
                declared=ref.size,
            )
            problems.add(ref.path, message)
            continue
        digest = hashlib.sha256()
        for chunk in read_entry(archive, info):
            digest.update(chunk)
        if digest.hexdigest() != sha256:
            problems.add(
                ref.path,
                _("This file's content does not match its SHA-256: it was changed or damaged."),
            )
    problems.raise_if_any()
