"""Parsing untrusted XML: no DOCTYPE, no entities, no network, clear errors."""

from __future__ import annotations

import pytest

from oai_pmh.errors import MalformedResponse, UnsafeXML
from oai_pmh.xmlsafe import clean_text, parse_untrusted

from .hostile import HOSTILE, MALFORMED


@pytest.mark.parametrize("document", HOSTILE.values(), ids=HOSTILE.keys())
def test_documents_with_a_doctype_are_refused(document):
    with pytest.raises(UnsafeXML, match="DOCTYPE"):
        parse_untrusted(document)


def test_a_refused_document_does_not_leak_a_local_file():
    with pytest.raises(UnsafeXML) as caught:
        parse_untrusted(HOSTILE["external-entity"])
    assert "root:" not in str(caught.value)


def test_malformed_documents_raise_a_clear_error():
    with pytest.raises(MalformedResponse, match="not well-formed XML"):
        parse_untrusted(MALFORMED, source="http://127.0.0.1/oai?verb=ListRecords")


def test_an_undeclared_entity_is_malformed_not_resolved():
    with pytest.raises(MalformedResponse):
        parse_untrusted(b"<a>&nbsp;</a>")


def test_ordinary_documents_parse():
    assert parse_untrusted(b"<?xml version='1.0' encoding='UTF-8'?><a>&amp;</a>").text == "&"


def test_clean_text_keeps_what_xml_allows():
    assert clean_text("a\tb\nc\rd é 😀") == "a\tb\nc\rd é 😀"
    assert clean_text("x\x0by\ufffez\ud800") == "xyz"
