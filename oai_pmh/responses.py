"""Build the XML of OAI-PMH responses: the envelope and the parts every verb shares.

One lxml tree per response: a page is bounded by the provider's page size, so memory is
bounded too, and serializing a finished tree once is faster than lxml's incremental writer
(which re-declares the namespace on every record it writes).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from lxml import etree
from lxml.etree import SubElement

from oai_pmh.dates import format_datestamp
from oai_pmh.model import Header, RepositoryInfo
from oai_pmh.namespaces import (
    OAI,
    OAI_IDENTIFIER,
    OAI_IDENTIFIER_SCHEMA,
    OAI_SCHEMA,
    XSI,
    XSI_SCHEMA_LOCATION,
)
from oai_pmh.xmlsafe import clean_text

CONTENT_TYPE = "text/xml; charset=utf-8"


class _Names(dict):
    """``Q["record"]`` is ``"{http://www.openarchives.org/OAI/2.0/}record"``, computed once."""

    def __missing__(self, local: str) -> str:
        self[local] = qualified = f"{{{OAI}}}{local}"
        return qualified


Q = _Names()


def text_element(parent: etree._Element, name: str, text: str) -> etree._Element:
    """Append ``<name>text</name>`` in the OAI namespace."""
    element = SubElement(parent, Q[name])
    element.text = text
    return element


def envelope(now: datetime, base_url: str, attributes: Mapping[str, str] | None) -> etree._Element:
    """The ``OAI-PMH`` root with ``responseDate`` and ``request`` (attributes or none)."""
    root = etree.Element(Q["OAI-PMH"], nsmap={None: OAI, "xsi": XSI})
    root.set(XSI_SCHEMA_LOCATION, f"{OAI} {OAI_SCHEMA}")
    text_element(root, "responseDate", format_datestamp(now))
    request = text_element(root, "request", base_url)
    for name, value in (attributes or {}).items():
        request.set(name, value)
    return root


def error(root: etree._Element, code: str, message: str) -> None:
    """Append an ``<error code="…">`` element."""
    element = text_element(root, "error", clean_text(message))
    element.set("code", code)


def to_bytes(root: etree._Element) -> bytes:
    """The finished document, UTF-8 with an XML declaration."""
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def header(parent: etree._Element, record_header: Header) -> None:
    """Append a record ``<header>``, with ``status="deleted"`` for deleted records."""
    element = SubElement(parent, Q["header"])
    if record_header.is_deleted:
        element.set("status", "deleted")
    text_element(element, "identifier", record_header.identifier)
    text_element(element, "datestamp", format_datestamp(record_header.datestamp))
    for spec in record_header.set_specs:
        text_element(element, "setSpec", spec)


def resumption_token(
    parent: etree._Element,
    token: str,
    *,
    cursor: int,
    complete_list_size: int,
    expiration: datetime | None = None,
) -> None:
    """Append a ``<resumptionToken>``; an empty ``token`` marks the last page."""
    element = text_element(parent, "resumptionToken", token)
    if expiration is not None and token:
        element.set("expirationDate", format_datestamp(expiration))
    element.set("completeListSize", str(complete_list_size))
    element.set("cursor", str(cursor))


def identify(root: etree._Element, info: RepositoryInfo) -> None:
    """Append the ``<Identify>`` element, with an ``oai-identifier`` description if set."""
    element = SubElement(root, Q["Identify"])
    text_element(element, "repositoryName", clean_text(info.name))
    text_element(element, "baseURL", info.base_url)
    text_element(element, "protocolVersion", info.protocol_version)
    for address in info.admin_emails:
        text_element(element, "adminEmail", address)
    text_element(element, "earliestDatestamp", format_datestamp(info.earliest_datestamp))
    text_element(element, "deletedRecord", info.deleted_record)
    text_element(element, "granularity", info.granularity)
    if info.repository_identifier:
        _oai_identifier(SubElement(element, Q["description"]), info)


def _oai_identifier(description: etree._Element, info: RepositoryInfo) -> None:
    """The ``oai-identifier`` description (OAI-PMH guidelines on identifiers)."""
    ns = OAI_IDENTIFIER
    container = SubElement(description, f"{{{ns}}}oai-identifier", nsmap={None: ns})
    container.set(XSI_SCHEMA_LOCATION, f"{ns} {OAI_IDENTIFIER_SCHEMA}")
    for name, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", info.repository_identifier),
        ("delimiter", info.delimiter),
        ("sampleIdentifier", info.sample_identifier),
    ):
        SubElement(container, f"{{{ns}}}{name}").text = value
