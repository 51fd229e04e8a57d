"""Reads of the edit history. Callers check the reader's rights on the content first."""

from __future__ import annotations

import sqlalchemy as sa

from dclic.core.api import Page, paginate
from dclic.core.db import db
from dclic.core.errors import NotFound
from dclic.core.i18n import gettext as _
from dclic.history.diff import FieldDiff, compare
from dclic.history.models import ContentVersion
from dclic.history.recorder import object_key, versioned_fields


def _of(obj):
    object_type, object_id = object_key(obj)
    return (ContentVersion.object_type == object_type) & (ContentVersion.object_id == object_id)


def list_versions(obj, *, page: int = 1, per_page: int = 50) -> Page:
    """The versions of ``obj``, newest first."""
    statement = sa.select(ContentVersion).where(_of(obj)).order_by(ContentVersion.number.desc())
    return paginate(statement, page=page, per_page=per_page)


def get_version(obj, number) -> ContentVersion:
    """Version ``number`` of ``obj``, or NotFound (also for a number that is not one)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 0
    version = db.session.scalar(
        sa.select(ContentVersion).where(_of(obj), ContentVersion.number == number)
    )
    if version is None:
        raise NotFound(_("This version does not exist or was purged."))
    return version


def latest_number(obj) -> int | None:
    """The number of the newest version of ``obj``, None if it has none."""
    return db.session.scalar(sa.select(sa.func.max(ContentVersion.number)).where(_of(obj)))


def compare_versions(obj, older: ContentVersion, newer: ContentVersion) -> list[FieldDiff]:
    """Field-by-field difference between two versions of ``obj``."""
    return compare(versioned_fields(obj), older.snapshot, newer.snapshot)
