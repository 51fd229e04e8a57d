"""Test fixtures: an app per database backend, a rolled-back transaction per test, factories.

Every test that uses ``app`` (directly or through ``client``, ``session``…) runs twice: on
SQLite and on PostgreSQL (``DCLIC_TEST_POSTGRES_URL``, default the local ``test`` database,
in a schema of its own). The schema comes from the Alembic migrations, so every run also
tests them. Outside CI a missing PostgreSQL or Redis skips those tests and says so; in CI
(``CI`` set) it fails them.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import threading
from contextlib import contextmanager
from itertools import count
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.globals import _cv_app
from flask.testing import FlaskClient

from dclic import create_app
from dclic.core.db import db

IN_CI = bool(os.environ.get("CI"))
POSTGRES_URL = os.environ.get(
    "DCLIC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("DCLIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# One schema per test process, so two runs on one machine never drop each other's tables.
TEST_SCHEMA = f"dclic_test_{os.getpid()}"
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def service_missing(what: str, error: Exception):
    """Fail loudly in CI, skip (saying so) elsewhere."""
    message = f"{what} is not reachable ({error}); start it to run these tests"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


# --- the network guard: tests talk to this machine only -------------------------------------

_real_connect = socket.socket.connect


def _guarded_connect(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise RuntimeError(f"test tried to leave the machine: connect to {address!r}")
    return _real_connect(sock, address)


@pytest.fixture(autouse=True, scope="session")
def network_guard():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """argon2id still, but with the lightest parameters: the suite hashes hundreds of times."""
    from argon2 import PasswordHasher

    from dclic.accounts import passwords

    original = passwords._hasher, passwords._DUMMY_HASH
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._DUMMY_HASH = passwords._hasher.hash("dclic-timing-equaliser")
    yield
    passwords._hasher, passwords._DUMMY_HASH = original


# --- databases ------------------------------------------------------------------------------


def _postgres_url() -> str:
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {TEST_SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {TEST_SCHEMA}"))
    except sa.exc.OperationalError as exc:
        service_missing("PostgreSQL", exc)
    finally:
        engine.dispose()
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={TEST_SCHEMA}')}"


def make_app(tmp_path, database_url: str, **overrides):
    """A configured test app on ``database_url`` with its own instance folder."""
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "DCLIC_INSTANCE_PATH": str(tmp_path),
        "MAIL_URL": f"outbox://{tmp_path / 'outbox'}",
        "DCLIC_RATELIMIT_ENABLED": "0",
        "REDIS_URL": "",
    }
    config.update(overrides)
    return create_app(config)


def make_migrated_app(tmp_path, **overrides):
    """A test app on a fresh SQLite file with the schema migrated (for one-off set-ups)."""
    from flask_migrate import upgrade

    application = make_app(tmp_path, f"sqlite:///{tmp_path / 'app.sqlite3'}", **overrides)
    with application.app_context():
        upgrade()
        db.session.remove()
    return application


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def app(request, tmp_path_factory):
    """The app on one backend, its schema migrated from empty to the newest revision."""
    from flask_migrate import upgrade

    tmp = tmp_path_factory.mktemp(request.param)
    url = f"sqlite:///{tmp / 'test.sqlite3'}" if request.param == "sqlite" else _postgres_url()
    application = make_app(tmp, url)
    with application.app_context():
        upgrade()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()
    if request.param == "postgresql":
        engine = sa.create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {TEST_SCHEMA} CASCADE"))
        engine.dispose()


@pytest.fixture
def session(app):
    """An app context whose every database session joins one transaction, rolled back after."""
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection  # sessions of nested app contexts (requests, jobs) join it
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield db.session
        finally:
            db.session.remove()
            engines[None] = engine
            transaction.rollback()
            connection.close()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Without this, requests would reuse the test's app context and share its ``g`` (cached
    locale, CSRF token) and its database session. Requests still join the test's
    transaction through the shared connection.
    """

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        # Buffered: a streamed response ends (and pops its contexts) before the reset below.
        kwargs["buffered"] = True
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture
def client(app, session):
    return IsolatedClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def outbox(app):
    """The .eml files written by the outbox transport during the test."""
    from pathlib import Path

    folder = Path(app.config["DCLIC_MAIL"]["path"])
    before = set(folder.glob("*.eml")) if folder.exists() else set()

    def read():
        from email import message_from_bytes
        from email.message import EmailMessage
        from email.policy import SMTPUTF8

        files = sorted(set(folder.glob("*.eml")) - before) if folder.exists() else []
        return [
            message_from_bytes(f.read_bytes(), _class=EmailMessage, policy=SMTPUTF8) for f in files
        ]

    return read


# Two runs on one machine share the Redis test database: each test of each run works under a
# prefix of its own (rate-limit keys, Socket.IO channel) and deletes only its own keys.
REDIS_RUN_PREFIX = f"dclic-test-{os.getpid()}-{secrets.token_hex(4)}"
_redis_tests = count(1)


@pytest.fixture
def redis_prefix():
    """A key prefix no other test, in this run or another, uses."""
    return f"{REDIS_RUN_PREFIX}-{next(_redis_tests)}"


@pytest.fixture
def redis_url(redis_prefix):
    """The real Redis test database (number 15). Never flushed: keys under ``redis_prefix``
    are deleted after the test, nothing else."""
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except RedisError as exc:
        service_missing("Redis", exc)
    yield REDIS_URL
    for key in connection.scan_iter(match=f"*{redis_prefix}*", count=500):
        connection.delete(key)
    connection.close()


@pytest.fixture
def redis_settings(redis_url, redis_prefix):
    """App settings for a test on the real Redis, isolated from every other test run."""
    from dclic.extensions import limiter

    # Flask-Limiter keeps the key prefix of the first app it was bound to in the process
    # (one app per process in production): let the test's app bring its own, then restore.
    before, limiter._key_prefix = limiter._key_prefix, None
    yield {
        "REDIS_URL": redis_url,
        "DCLIC_RATELIMIT_PREFIX": redis_prefix,
        "DCLIC_SOCKETIO_CHANNEL": f"{redis_prefix}-socketio",
    }
    limiter._key_prefix = before


# --- a real SMTP server -----------------------------------------------------------------------


class Recorder:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self):
        self.envelopes = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.received.set()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    def start(smtputf8=True):
        handler = Recorder()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8)
        controller.start()
        started.append(controller)
        return handler, port

    def stop_all():
        while started:
            started.pop().stop()

    started = []
    start.stop_all = stop_all
    yield start
    stop_all()


# --- query counter --------------------------------------------------------------------------


@pytest.fixture
def count_queries(session):
    """``with count_queries() as counted: …``; then ``counted.n`` is the number of SQL queries."""

    class Counter:
        n = 0

    @contextmanager
    def counting():
        counter = Counter()

        def before(*args, **kwargs):
            counter.n += 1

        connection = db.engines[None]
        sa.event.listen(connection, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(connection, "before_cursor_execute", before)

    return counting


# --- factories ------------------------------------------------------------------------------

_serial = count(1)
PASSWORD = "correct horse battery"


@pytest.fixture
def create_user(session):
    """``create_user(**overrides)`` → a flushed User (learner by default)."""
    from dclic.accounts import services

    def factory(**overrides):
        n = next(_serial)
        values = {
            "email": f"user{n}@example.org",
            "password": PASSWORD,
            "display_name": f"User {n}",
            "roles": ("learner",),
        }
        values.update(overrides)
        return services.create_user(None, **values)

    return factory


@pytest.fixture
def login(client):
    """``login(user)`` signs ``user`` in on ``client`` through the real form."""

    def sign_in(user, password=PASSWORD):
        from tests.helpers import csrf_token

        token = csrf_token(client, "/login")
        response = client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return sign_in


# --- Catalogue factories, shared by the courses, learning and OAI tests -------------------


@pytest.fixture
def editor(create_user):
    return create_user(roles=("editor",))


@pytest.fixture
def create_course(session):
    """``create_course(status="published", **overrides)`` → a flushed Course."""
    from dclic.courses import services

    def factory(status: str = "published", **overrides):
        n = next(_serial)
        values = {
            "code": f"TEST-C-{n:04d}",
            "title": f"Course {n}",
            "summary": f"What course {n} teaches.",
            "level": "beginner",
            "track": "A",
            "domain": "web",
            "duration_minutes": 60,
        }
        values.update(overrides)
        course = services.create_course(None, **values)
        if status in ("published", "archived"):
            services.publish_course(None, course)
        if status == "archived":
            services.archive_course(None, course)
        return course

    return factory


@pytest.fixture
def create_path(session):
    """``create_path(courses=[(course, is_required)…], publish=True, **overrides)``."""
    from dclic.courses import services

    def factory(courses=(), publish: bool = True, **overrides):
        n = next(_serial)
        values = {"code": f"TEST-P-{n:04d}", "title": f"Path {n}", "track": "M"}
        values.update(overrides)
        path = services.create_path(None, **values)
        for course, is_required in courses:
            services.add_course_to_path(None, path, course, is_required=is_required)
        if publish:
            services.publish_path(None, path)
        return path

    return factory
