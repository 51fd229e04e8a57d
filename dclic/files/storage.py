"""Where file contents live: ``DCLIC_FILES_DIR/ab/cd/abcd…`` named by their SHA-256.

Uploads are copied into a temporary file under ``DCLIC_FILES_DIR/tmp`` while they are hashed
(constant memory, however large), checked there, then moved into place with an atomic rename
once their database row is valid. Identical content is kept once. Nothing here is ever
served from a web root: ``views.py`` sends files after checking who may read them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

CHUNK = 64 * 1024
FILE_MODE = 0o640


class TooLarge(Exception):
    """The stream went past the allowed number of bytes (nothing is kept)."""


@dataclass
class Spooled:
    """Content waiting in a temporary file, with its digest and size."""

    path: Path
    sha256: str
    size: int
    kept: bool = False


def files_dir() -> Path:
    """The root folder of stored files (``DCLIC_FILES_DIR``)."""
    return Path(current_app.config["DCLIC_FILES_DIR"])


def blob_path(sha256: str) -> Path:
    """Where the content with this digest lives: two levels of folders, 65,536 in all."""
    return files_dir() / sha256[:2] / sha256[2:4] / sha256


def _temporary() -> tuple[int, Path]:
    folder = files_dir() / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, prefix="upload-")
    return handle, Path(name)


def spool(stream, max_bytes: int) -> Spooled:
    """Copy ``stream`` to a temporary file, hashing as it goes; TooLarge past ``max_bytes``."""
    handle, path = _temporary()
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Spooled(path, digest.hexdigest(), size)


def spool_bytes(data: bytes) -> Spooled:
    """A temporary file holding ``data`` (resized images), ready for :func:`keep`."""
    handle, path = _temporary()
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Spooled(path, hashlib.sha256(data).hexdigest(), len(data))


def keep(spooled: Spooled) -> Path:
    """Move the content to its place (atomic rename); content already there is kept as is."""
    target = blob_path(spooled.sha256)
    if target.is_file() and target.stat().st_size == spooled.size:
        discard(spooled)  # identical content, stored once
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(spooled.path, FILE_MODE)
        os.replace(spooled.path, target)
        _sync_folder(target.parent)
    spooled.kept = True
    return target


def discard(spooled: Spooled | None) -> None:
    """Remove a temporary file that was not kept (no error if it is already gone)."""
    if spooled is not None and not spooled.kept:
        spooled.path.unlink(missing_ok=True)


def exists(sha256: str) -> bool:
    return blob_path(sha256).is_file()


def _sync_folder(folder: Path) -> None:
    # The rename itself must reach the disk, not only the file's bytes.
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
