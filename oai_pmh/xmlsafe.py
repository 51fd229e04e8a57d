"""Safe XML in both directions: text that lxml can write, and parsing of untrusted documents.

Writing: characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/FFFF) make
lxml raise, so one stray control character pasted into a course description would break a
whole page of records; they are dropped instead.

Reading: documents from a remote repository are hostile until proven otherwise. The parser
never expands entities, never loads a DTD, never touches the network and keeps libxml2's
size limits (no ``huge_tree``); a document with any DOCTYPE is refused outright, since an
OAI-PMH response never needs one and every entity attack (billion laughs, external entities,
parameter entities) starts with one.
"""

from __future__ import annotations

import re

from lxml import etree

from oai_pmh.errors import MalformedResponse, UnsafeXML

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry."""
    if _NOT_XML.search(value) is None:  # the common case: nothing to copy
        return value
    return _NOT_XML.sub("", value)


def set_text(element: etree._Element, value: str) -> None:
    """Set an element's text, dropping characters XML cannot carry.

    lxml refuses exactly those characters with a ``ValueError``, so the common, clean case
    costs no scan at all; only a refused text is cleaned.
    """
    try:
        element.text = value
    except ValueError:
        element.text = clean_text(value)


def is_xml_text(value: str) -> bool:
    """Whether ``value`` can be written as XML text or attribute value unchanged."""
    return _NOT_XML.search(value) is None


def safe_parser() -> etree.XMLParser:
    """A fresh parser hardened against entity and DTD attacks (parsers are not thread-safe)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_untrusted(data: bytes, *, source: str = "response") -> etree._Element:
    """Parse a document from elsewhere and return its root element.

    Raises ``UnsafeXML`` for a document with a DOCTYPE and ``MalformedResponse`` for one
    that is not well-formed.
    """
    try:
        tree = etree.fromstring(data, safe_parser()).getroottree()
    except etree.XMLSyntaxError as error:
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
            raise UnsafeXML(f"{source}: refused a document with a DOCTYPE ({error})") from None
        raise MalformedResponse(f"{source}: not well-formed XML: {error}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXML(f"{source}: refused a document with a DOCTYPE declaration")
    return tree.getroot()
