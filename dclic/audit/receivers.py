"""Reactions of the audit trail to other modules' signals."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from dclic.audit.recorder import record
from dclic.core.db import db
from dclic.core.signals import access_denied

log = logging.getLogger("dclic.audit")


@access_denied.connect
def _record_denial(app, path: str, method: str, message: str) -> None:
    """A refused action is recorded on its own: the refused work itself is rolled back."""
    try:
        db.session.rollback()
        record("denied", details={"path": path, "method": method, "message": message[:200]})
        db.session.commit()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        log.exception("could not record a refused action")
