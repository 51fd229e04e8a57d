"""The offline validator itself: it must catch what is wrong, and fetch nothing."""

from __future__ import annotations

import pytest

from oai_pmh.validation import SCHEMAS, SchemaInvalid, validate_response

from .factories import NOW


def test_a_wrong_response_is_reported(provider):
    body = provider.handle("GET", [("verb", "Identify")], now=NOW)
    with pytest.raises(SchemaInvalid, match="protocolVersion"):
        validate_response(body.replace(b"<protocolVersion>2.0", b"<protocolVersion>3.0"))


def test_unknown_metadata_inside_a_record_is_reported(provider):
    pairs = [("verb", "GetRecord"), ("identifier", "oai:dclic.example.org:course-1")]
    body = provider.handle("GET", [*pairs, ("metadataPrefix", "oai_dc")], now=NOW)
    broken = body.replace(b"<dc:title", b"<dc:titel", 1).replace(b"</dc:title>", b"</dc:titel>", 1)
    with pytest.raises(SchemaInvalid, match="titel"):
        validate_response(broken)


def test_the_schemas_ship_inside_the_package():
    names = {path.relative_to(SCHEMAS).as_posix() for path in SCHEMAS.rglob("*.xsd")}
    assert {"OAI-PMH.xsd", "oai_dc.xsd", "lom/lomLoose.xsd", "lom/lomStrict.xsd"} <= names
    assert (SCHEMAS / "SOURCES.md").is_file()
