"""Offline validation against the official schemas shipped in ``oai_pmh/schemas``.

Nothing is fetched: schemas are parsed with ``no_network=True`` and their imports point at
local copies (see ``schemas/SOURCES.md``). The OAI-PMH schema validates ``<metadata>`` and
``<description>`` content strictly, so responses are checked against one schema that imports
OAI-PMH, oai_dc, oai-identifier and LOM (loose vocabularies) together.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from lxml import etree

from oai_pmh.namespaces import LOM, OAI, OAI_DC, OAI_IDENTIFIER
from oai_pmh.xmlsafe import safe_parser

SCHEMAS = Path(__file__).resolve().parent / "schemas"

#: Schema files by short name, relative to ``SCHEMAS``.
SCHEMA_FILES = {
    "OAI-PMH": "OAI-PMH.xsd",
    "oai_dc": "oai_dc.xsd",
    "oai-identifier": "oai-identifier.xsd",
    "lomLoose": "lom/lomLoose.xsd",
    "lomStrict": "lom/lomStrict.xsd",
}

_RESPONSE_DRIVER = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="{OAI}" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="{OAI_DC}" schemaLocation="oai_dc.xsd"/>
  <xs:import namespace="{OAI_IDENTIFIER}" schemaLocation="oai-identifier.xsd"/>
  <xs:import namespace="{LOM}" schemaLocation="lom/lomLoose.xsd"/>
</xs:schema>"""

# An XMLSchema object must not validate in two threads at once (the harvester tests run a
# server thread); one lock for all of them is plenty for test-time use.
_LOCK = threading.Lock()


class SchemaInvalid(AssertionError):
    """A document does not conform to its schema; ``errors`` lists libxml2's messages."""

    def __init__(self, what: str, errors: list[str]) -> None:
        super().__init__(f"{what} is not schema-valid:\n" + "\n".join(errors))
        self.errors = errors


def _schema_parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False)


@functools.cache
def schema(name: str) -> etree.XMLSchema:
    """A schema by short name (``SCHEMA_FILES``) or ``"response"`` for the combined one."""
    if name == "response":
        document = etree.XML(
            _RESPONSE_DRIVER.encode(),
            _schema_parser(),
            base_url=(SCHEMAS / "response-driver.xsd").as_uri(),
        )
        return etree.XMLSchema(document)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / SCHEMA_FILES[name]), _schema_parser()))


def errors_of(document: bytes | etree._Element, name: str) -> list[str]:
    """libxml2's messages for ``document`` against schema ``name``; empty when valid."""
    if isinstance(document, bytes):
        document = etree.fromstring(document, safe_parser())
    validator = schema(name)
    with _LOCK:
        if validator.validate(document):
            return []
        return [f"line {e.line}: {e.message}" for e in validator.error_log]


def validate_response(document: bytes | etree._Element) -> None:
    """Raise ``SchemaInvalid`` unless ``document`` is a valid OAI-PMH response."""
    errors = errors_of(document, "response")
    if errors:
        raise SchemaInvalid("OAI-PMH response", errors)


def validate_metadata(element: etree._Element | bytes, name: str) -> None:
    """Raise ``SchemaInvalid`` unless ``element`` is valid against ``name`` (e.g. lomStrict)."""
    errors = errors_of(element, name)
    if errors:
        raise SchemaInvalid(name, errors)
