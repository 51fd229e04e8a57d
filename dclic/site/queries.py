"""Reads for the site shell: readiness of the services the app depends on."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app

from dclic.core.db import db

log = logging.getLogger("dclic.site")


def check_readiness() -> dict[str, str]:
    """``{"database": "ok"|"unavailable", "redis": …}``; Redis only when configured."""
    checks = {}
    try:
        db.session.execute(sa.text("SELECT 1"))
        checks["database"] = "ok"
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        log.warning("database unreachable", exc_info=True)
        checks["database"] = "unavailable"
    url = current_app.config["REDIS_URL"]
    if url:
        from redis import Redis
        from redis.exceptions import RedisError

        try:
            Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except RedisError:
            log.warning("redis unreachable", exc_info=True)
            checks["redis"] = "unavailable"
    return checks
