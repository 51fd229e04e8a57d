"""The SQLAlchemy handle, the declarative base and column types shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every dclic model."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


# Integer primary keys are 32-bit on PostgreSQL; a larger number from a URL would be a
# database error instead of "not found".
_MAX_ID = 2**31 - 1


def get_by_id(model, value):
    """The row of ``model`` with this integer id, or None (also for ids no column can hold)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if not 0 < number <= _MAX_ID:
        return None
    return db.session.get(model, number)


class UTCDateTime(sa.types.TypeDecorator):
    """A UTC timestamp: aware datetimes in Python, ``timestamptz`` on PostgreSQL.

    SQLite keeps no zone, so values are stored as naive UTC and given back aware.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, use WAL, and let SQLAlchemy drive transactions.

    pysqlite's own transaction handling breaks SAVEPOINT; with ``isolation_level = None``
    SQLAlchemy emits BEGIN itself (see ``_sqlite_on_begin``), as its documentation advises.
    """
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


@sa.event.listens_for(sa.engine.Engine, "begin")
def _sqlite_on_begin(connection):
    """SQLite: a request that may write takes the write lock when its transaction begins.

    A deferred transaction that reads, then writes after another connection has committed,
    fails at once with "database is locked" (the busy timeout cannot help an upgrade from a
    read snapshot). So POST, PUT, PATCH and DELETE requests begin IMMEDIATE and wait their
    turn; reads stay deferred and concurrent (WAL). PostgreSQL needs none of this.
    """
    if connection.dialect.name != "sqlite":
        return
    writes = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
