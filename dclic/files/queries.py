"""Reads of stored files."""

from __future__ import annotations

import sqlalchemy as sa

from dclic.core.db import db, get_by_id
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.files.models import StoredFile
from dclic.files.permissions import can_read_file, signed_in

# Characters of the SHA-256 in a file's address: 64 bits, not guessable, short enough.
DIGEST_LENGTH = 16


def get_file(file_id) -> StoredFile | None:
    """The stored file with this id (any integer-like value), or None."""
    return get_by_id(StoredFile, file_id)


def get_file_by_sha(sha256: str) -> StoredFile | None:
    """The oldest stored file with this content, or None."""
    return db.session.scalar(
        sa.select(StoredFile)
        .where(StoredFile.sha256 == sha256.lower())
        .order_by(StoredFile.id)
        .limit(1)
    )


def list_files_by_sha(sha256: str) -> list[StoredFile]:
    """Every upload of this content, oldest first."""
    statement = sa.select(StoredFile).where(StoredFile.sha256 == sha256.lower())
    return list(db.session.scalars(statement.order_by(StoredFile.id)))


def get_readable_file(user, file_id, digest: str) -> StoredFile:
    """The file at this address if ``user`` may read it.

    NotFound when it does not exist, when the digest is not the start of its SHA-256, or when
    a visitor who is not signed in may not read it (they learn nothing); NotAllowed (403,
    recorded in the audit trail) for a signed-in person who may not.
    """
    stored = get_file(file_id)
    if stored is None or len(digest) != DIGEST_LENGTH or not stored.sha256.startswith(digest):
        raise NotFound(_("This file does not exist."))
    if not can_read_file(user, stored):
        if signed_in(user) is None:
            raise NotFound(_("This file does not exist."))
        raise NotAllowed(_("You may not open this file."))
    return stored
