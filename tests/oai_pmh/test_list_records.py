"""ListRecords and ListIdentifiers: selective harvesting by date, set and format."""

from __future__ import annotations

import pytest

from oai_pmh.namespaces import LOM
from oai_pmh.validation import validate_metadata

from .conftest import NS, error_code, identifiers_of, list_all
from .factories import identifier


def ids(*numbers: int) -> list[str]:
    return [identifier(n) for n in numbers]


@pytest.mark.parametrize("name", ["ListRecords", "ListIdentifiers"])
@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({}, ids(1, 2, 3, 4, 5, 7)),
        ({"from": "2024-06-02"}, ids(4, 5, 7)),
        ({"until": "2024-06-01"}, ids(1, 2, 3)),
        ({"until": "2024-06-02"}, ids(1, 2, 3, 4, 5)),
        ({"from": "2024-06-02", "until": "2024-06-02"}, ids(4, 5)),
        ({"until": "2024-06-02T23:59:59Z"}, ids(1, 2, 3, 4, 5)),
        ({"until": "2024-06-02T23:59:58Z"}, ids(1, 2, 3, 4)),
        ({"from": "2024-06-01T09:00:00Z", "until": "2024-06-01T09:00:00Z"}, ids(2, 3)),
        ({"from": "2024-06-01T08:00:01Z"}, ids(2, 3, 4, 5, 7)),
        ({"set": "courses"}, ids(1, 2, 3, 4, 7)),
        ({"set": "courses:web"}, ids(3, 7)),
        ({"set": "paths", "from": "2024-06-02"}, ids(5)),
    ],
    ids=[
        "everything",
        "from-day",
        "until-day",
        "until-day-is-inclusive",
        "one-day",
        "until-second-is-inclusive",
        "until-second-before",
        "one-second",
        "from-second",
        "set-includes-subsets",
        "subset",
        "set-and-date",
    ],
)
def test_selective_harvesting(provider, name, arguments, expected):
    items = list_all(provider, name, metadataPrefix="lom", **arguments)
    assert identifiers_of(items) == expected


def test_oai_dc_lists_items_that_have_no_lom(provider):
    items = list_all(provider, "ListIdentifiers", metadataPrefix="oai_dc")
    assert identifiers_of(items) == ids(1, 2, 3, 4, 5, 6, 7)


@pytest.mark.parametrize(
    "arguments",
    [
        {"from": "2030-01-01"},
        {"until": "2023-12-31T23:59:59Z"},
        {"set": "unknown"},
        {"set": "paths", "until": "2024-06-01"},
    ],
)
@pytest.mark.parametrize("name", ["ListRecords", "ListIdentifiers"])
def test_empty_selection_is_no_records_match(oai, name, arguments):
    assert error_code(oai(name, metadataPrefix="lom", **arguments)) == "noRecordsMatch"


@pytest.mark.parametrize("name", ["ListRecords", "ListIdentifiers"])
def test_unknown_format_cannot_be_disseminated(oai, name):
    assert error_code(oai(name, metadataPrefix="marc21")) == "cannotDisseminateFormat"


def test_deleted_records_are_listed_with_a_status_and_no_metadata(provider):
    records = list_all(provider, "ListRecords", metadataPrefix="lom", set="courses:web")
    deleted = records[1]
    assert deleted.find(NS + "header").get("status") == "deleted"
    assert deleted.find(NS + "metadata") is None
    assert records[0].find(NS + "header").get("status") is None


def test_list_identifiers_gives_headers_only(oai):
    root = oai("ListIdentifiers", metadataPrefix="lom")
    container = root.find(NS + "ListIdentifiers")
    assert {child.tag for child in container} == {NS + "header", NS + "resumptionToken"}


def test_every_lom_record_is_strictly_valid(provider):
    for record in list_all(provider, "ListRecords", metadataPrefix="lom"):
        lom = record.find(f"{NS}metadata/{{{LOM}}}lom")
        if lom is not None:
            validate_metadata(lom, "lomStrict")
