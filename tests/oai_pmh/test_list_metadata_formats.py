"""ListMetadataFormats: for the repository, and for one item."""

from __future__ import annotations

from oai_pmh import InMemoryRepository, Provider

from .conftest import NS, call, error_code, verb
from .factories import SECRET, identifier, repository_info


def _formats(root):
    return [
        (
            f.findtext(NS + "metadataPrefix"),
            f.findtext(NS + "schema"),
            f.findtext(NS + "metadataNamespace"),
        )
        for f in root.iterfind(f"{NS}ListMetadataFormats/{NS}metadataFormat")
    ]


def test_lists_every_format_of_the_repository(oai):
    assert _formats(oai("ListMetadataFormats")) == [
        (
            "oai_dc",
            "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
            "http://www.openarchives.org/OAI/2.0/oai_dc/",
        ),
        ("lom", "http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd", "http://ltsc.ieee.org/xsd/LOM"),
    ]


def test_lists_the_formats_of_one_item(oai):
    prefixes = [p for p, _s, _n in _formats(oai("ListMetadataFormats", identifier=identifier(6)))]
    assert prefixes == ["oai_dc"]


def test_a_deleted_item_keeps_its_formats(oai):
    prefixes = [p for p, _s, _n in _formats(oai("ListMetadataFormats", identifier=identifier(7)))]
    assert prefixes == ["oai_dc", "lom"]


def test_unknown_item_is_id_does_not_exist(oai):
    assert error_code(oai("ListMetadataFormats", identifier="oai:nowhere:1")) == "idDoesNotExist"


def test_item_with_no_format_is_no_metadata_formats():
    repository = InMemoryRepository(repository_info())
    repository.upsert(identifier(1), repository_info().earliest_datestamp, {"marc21": object()})
    provider = Provider(repository, token_secret=SECRET)
    root = call(provider, *verb("ListMetadataFormats", identifier=identifier(1)))
    assert error_code(root) == "noMetadataFormats"
