"""Fixtures of the OAI-PMH tests: a sample repository, its provider, a schema-checked caller.

These tests never build the Flask app: the ``oai_pmh`` package stands alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from oai_pmh import Provider
from oai_pmh.namespaces import OAI
from oai_pmh.validation import validate_response

from .factories import NOW, SECRET, sample_repository

NS = f"{{{OAI}}}"


def call(provider: Provider, *pairs: tuple[str, str], method="GET", now=NOW) -> etree._Element:
    """Send one request and return the response root, after checking it against the schema."""
    body = provider.handle(method, list(pairs), now=now)
    validate_response(body)
    return etree.fromstring(body)


def error_code(root: etree._Element) -> str | None:
    """The code of the response's error, ``None`` when it has none."""
    element = root.find(NS + "error")
    return None if element is None else element.get("code")


def request_attributes(root: etree._Element) -> dict[str, str]:
    """The attributes of the response's ``request`` element."""
    return dict(root.find(NS + "request").attrib)


def verb(name: str, **arguments: str) -> list[tuple[str, str]]:
    """Request pairs: ``verb("ListRecords", metadataPrefix="lom", from_="2024-01-01")``."""
    return [("verb", name), *((key.rstrip("_"), value) for key, value in arguments.items())]


@pytest.fixture
def repository():
    return sample_repository()


@pytest.fixture
def provider(repository):
    return Provider(repository, token_secret=SECRET, page_size=3)


@pytest.fixture
def oai(provider) -> Callable[..., etree._Element]:
    """``oai("ListRecords", metadataPrefix="lom")`` → the validated response root."""

    def send(name: str, method: str = "GET", now=NOW, **arguments: str) -> etree._Element:
        return call(provider, *verb(name, **arguments), method=method, now=now)

    return send


def list_all(provider: Provider, name: str, **arguments: str) -> list[etree._Element]:
    """Every ``record`` (ListRecords) or ``header`` (ListIdentifiers), following tokens."""
    child = "record" if name == "ListRecords" else "header"
    items, pairs = [], verb(name, **arguments)
    while True:
        root = call(provider, *pairs)
        assert error_code(root) is None, etree.tostring(root)
        items.extend(root.iterfind(f"{NS}{name}/{NS}{child}"))
        token = root.findtext(f"{NS}{name}/{NS}resumptionToken")
        if not token:
            return items
        pairs = verb(name, resumptionToken=token)


def identifiers_of(items: list[etree._Element]) -> list[str]:
    """The identifiers of records or headers, in order."""
    return [item.findtext(f".//{NS}identifier") for item in items]


@pytest.fixture
def oai_server():
    """A loopback HTTP server for 40 items (7 per page), one of them deleted."""
    from datetime import UTC, datetime

    from .factories import bulk_repository, identifier
    from .server import OAIServer

    repository = bulk_repository(40)
    repository.delete(identifier(13), datetime(2024, 3, 1, tzinfo=UTC))
    with OAIServer(Provider(repository, token_secret=SECRET, page_size=7)) as server:
        yield server
