"""Fixtures of the dclic OAI-PMH tests: a catalogue, ``/oai`` called and schema-checked, a
live HTTP server on the loopback, harvest sources."""

from __future__ import annotations

import threading
from itertools import count

import pytest
from lxml import etree

from oai_pmh import CONTENT_TYPE, Provider
from oai_pmh.namespaces import OAI
from oai_pmh.validation import validate_response

NS = f"{{{OAI}}}"
REPOSITORY_ID = "dclic.localhost"  # DCLIC_BASE_URL is http://127.0.0.1:5000 in the tests
_serial = count(1)


def oai_id(local: str) -> str:
    """The full OAI identifier of a course code (or ``path:<code>``)."""
    return f"oai:{REPOSITORY_ID}:{local}"


def error_code(root) -> str | None:
    element = root.find(NS + "error")
    return None if element is None else element.get("code")


def headers_of(root, verb: str) -> list:
    child = "header" if verb == "ListIdentifiers" else "record/" + NS + "header"
    return root.findall(f"{NS}{verb}/{NS}{child}")


@pytest.fixture
def oai(client):
    """``oai("ListRecords", metadataPrefix="lom")`` → the response root, checked against the
    OAI-PMH, oai_dc, oai-identifier and LOM schemas; ``method="POST"`` sends a form."""

    def send(verb: str, method: str = "GET", **arguments):
        params = {"verb": verb, **{key.rstrip("_"): value for key, value in arguments.items()}}
        if method == "POST":
            response = client.post("/oai", data=params)
        else:
            response = client.get("/oai", query_string=params)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == CONTENT_TYPE
        validate_response(response.data)
        return etree.fromstring(response.data)

    return send


def list_all(oai, verb: str, **arguments) -> tuple[list, list]:
    """Every header of a list, following tokens; and the resumptionToken elements seen."""
    headers, tokens = [], []
    root = oai(verb, **arguments)
    while True:
        assert error_code(root) is None, etree.tostring(root)
        headers += headers_of(root, verb)
        token = root.find(f"{NS}{verb}/{NS}resumptionToken")
        if token is None or not (token.text or "").strip():
            if token is not None:
                tokens.append(token)
            return headers, tokens
        tokens.append(token)
        root = oai(verb, resumptionToken=token.text)


def identifiers(headers) -> list[str]:
    return [header.findtext(NS + "identifier") for header in headers]


@pytest.fixture
def page_size(app, monkeypatch):
    """``page_size(n)``: the provider answers ``n`` records per page during the test."""
    from dclic.oai.repository import CatalogueRepository

    def set_size(n: int) -> None:
        provider = Provider(
            CatalogueRepository(), token_secret=app.config["SECRET_KEY"], page_size=n
        )
        monkeypatch.setitem(app.extensions, "dclic_oai_provider", provider)

    return set_size


@pytest.fixture
def make_course(create_course):
    """``make_course(status="published", **overrides)`` → a flushed Course of ours."""

    def factory(status: str = "published", **overrides):
        n = next(_serial)
        values = {"code": f"OAI-C-{n:04d}", "title": f"Cours {n}",
                  "summary": f"Ce que le cours {n} enseigne."}  # fmt: skip
        return create_course(status, **{**values, **overrides})

    return factory


@pytest.fixture
def make_path(create_path):
    """``make_path(courses, publish=True, **overrides)`` → a flushed LearningPath."""

    def factory(courses=(), publish: bool = True, **overrides):
        n = next(_serial)
        values = {"code": f"OAI-P-{n:04d}", "title": f"Parcours {n}"}
        entries = [(course, True) for course in courses]
        return create_path(entries, publish, **{**values, **overrides})

    return factory


@pytest.fixture
def record_of(session):
    """``record_of(local_identifier)`` → the OaiRecord row (or None)."""
    import sqlalchemy as sa

    from dclic.core.db import db
    from dclic.oai.models import OaiRecord

    def read(local: str):
        db.session.flush()
        # The tracker writes with plain statements: read the row again, not the cached object.
        statement = sa.select(OaiRecord).where(OaiRecord.local_identifier == local)
        return db.session.scalar(statement.execution_options(populate_existing=True))

    return read


@pytest.fixture
def live_server(app, session):
    """The app served over real HTTP on 127.0.0.1 (werkzeug, in a thread): its origin.

    Its requests join the test's transaction through the shared connection, like the test
    client's; the harvester and the server take turns on it (a harvest waits for each answer).
    """
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="oai-live", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def make_source(session):
    """``make_source(base_url, **overrides)`` → a flushed HarvestSource."""
    from dclic.oai import services

    def factory(base_url: str, **overrides):
        n = next(_serial)
        values = {"name": f"Catalogue {n}", "base_url": base_url, "metadata_prefix": "lom"}
        values.update(overrides)
        return services.create_source(None, **values)

    return factory


@pytest.fixture
def no_retry(monkeypatch):
    """Harvests give up at the first failure, with a short time-out."""
    from dclic.oai import harvesting
    from oai_pmh import RetryPolicy

    monkeypatch.setattr(harvesting, "RETRY", RetryPolicy(max_retries=0))
    monkeypatch.setattr(harvesting, "TIMEOUT", 2.0)
