"""badVerb and badArgument: where the spec puts them, with a bare request element (3.2)."""

from __future__ import annotations

import pytest

from oai_pmh.arguments import pairs_of

from .conftest import call, error_code, request_attributes
from .factories import identifier

LR = ("verb", "ListRecords")
LOM = ("metadataPrefix", "lom")


@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [("metadataPrefix", "lom")],
        [("verb", "Frobnicate")],
        [("verb", "identify")],
        [("verb", "")],
        [("verb", "Identify"), ("verb", "Identify")],
        [("verb", "Identify"), ("verb", "ListSets")],
    ],
    ids=["missing", "no-verb-only-args", "illegal", "wrong-case", "empty", "repeated", "two"],
)
def test_bad_verb(provider, pairs):
    root = call(provider, *pairs)
    assert error_code(root) == "badVerb"
    assert request_attributes(root) == {}


@pytest.mark.parametrize(
    "pairs",
    [
        [LR],
        [LR, ("metadataPrefix", "lom"), ("metadataPrefix", "oai_dc")],
        [LR, LOM, ("identifier", identifier(1))],
        [LR, LOM, ("foo", "bar")],
        [LR, LOM, ("set", "")],
        [LR, LOM, ("set", "courses:")],
        [LR, LOM, ("set", "a b")],
        [LR, ("metadataPrefix", "lo m")],
        [LR, LOM, ("resumptionToken", "x")],
        [LR, ("resumptionToken", "x"), ("resumptionToken", "y")],
        [LR, LOM, ("from", "2024-13-01")],
        [LR, LOM, ("from", "2024-02-30")],
        [LR, LOM, ("from", "2024-01-01T10:00:00")],
        [LR, LOM, ("from", "2024-01-01T10:00Z")],
        [LR, LOM, ("from", "2024-01-01T10:00:00+01:00")],
        [LR, LOM, ("from", "2024-01-01T10:00:00.5Z")],
        [LR, LOM, ("from", "20240101")],
        [LR, LOM, ("until", "yesterday")],
        [LR, LOM, ("from", "2024-01-01"), ("until", "2024-12-31T00:00:00Z")],
        [LR, LOM, ("from", "2024-06-02"), ("until", "2024-06-01")],
        [LR, LOM, ("from", "2024-06-01T10:00:01Z"), ("until", "2024-06-01T10:00:00Z")],
        [("verb", "GetRecord"), LOM],
        [("verb", "GetRecord"), ("identifier", identifier(1))],
        [("verb", "GetRecord"), ("identifier", "a b%zz#x#y"), LOM],
        [("verb", "GetRecord"), ("identifier", identifier(1)), LOM, ("set", "courses")],
        [("verb", "ListSets"), LOM],
        [("verb", "ListSets"), ("resumptionToken", "x"), ("set", "courses")],
        [("verb", "ListMetadataFormats"), ("metadataPrefix", "lom")],
        [("verb", "ListMetadataFormats"), ("identifier", "x\x01y")],
        [("verb", "ListIdentifiers")],
        [("verb", "ListIdentifiers"), ("from", "2024-01-01")],
    ],
    ids=[
        "missing-prefix",
        "repeated-prefix",
        "identifier-in-list",
        "unknown-argument",
        "empty-set",
        "set-trailing-colon",
        "set-with-space",
        "prefix-with-space",
        "token-not-exclusive",
        "token-repeated",
        "month-13",
        "february-30",
        "no-zone",
        "no-seconds",
        "offset-zone",
        "fraction",
        "basic-format",
        "not-a-date",
        "granularity-mismatch",
        "from-after-until-days",
        "from-after-until-seconds",
        "getrecord-no-identifier",
        "getrecord-no-prefix",
        "identifier-not-a-uri",
        "getrecord-with-set",
        "listsets-with-prefix",
        "listsets-token-not-exclusive",
        "formats-with-prefix",
        "control-character",
        "identifiers-without-prefix",
        "identifiers-from-only",
    ],
)
def test_bad_argument(provider, pairs):
    root = call(provider, *pairs)
    assert error_code(root) == "badArgument"
    assert request_attributes(root) == {}


def test_bad_verb_wins_over_bad_arguments(provider):
    root = call(provider, ("verb", "Nope"), ("foo", "bar"), ("foo", "baz"))
    assert error_code(root) == "badVerb"


def test_errors_other_than_bad_verb_and_argument_echo_the_request(oai):
    root = oai("GetRecord", identifier="oai:elsewhere:1", metadataPrefix="lom")
    assert error_code(root) == "idDoesNotExist"
    assert request_attributes(root) == {
        "verb": "GetRecord",
        "identifier": "oai:elsewhere:1",
        "metadataPrefix": "lom",
    }


def test_a_same_day_range_is_legal(oai):
    root = oai("ListIdentifiers", metadataPrefix="lom", from_="2024-06-01", until="2024-06-01")
    assert error_code(root) is None


class _MultiDict:
    """The part of werkzeug's MultiDict the provider relies on."""

    def __init__(self, pairs):
        self._pairs = pairs

    def keys(self):
        return list(dict.fromkeys(key for key, _value in self._pairs))

    def __iter__(self):
        return iter(self.keys())

    def getlist(self, key):
        return [value for name, value in self._pairs if name == key]


def test_arguments_come_from_pairs_multidicts_or_mappings():
    pairs = [("verb", "ListRecords"), ("set", "a"), ("set", "b")]
    assert sorted(pairs_of(_MultiDict(pairs))) == sorted(pairs)
    assert sorted(pairs_of({"verb": "ListRecords", "set": ["a", "b"]})) == sorted(pairs)
    assert pairs_of(iter(pairs)) == pairs
    assert pairs_of("verb=ListRecords&set=a&set=b") == pairs
    assert pairs_of("verb=Identify&extra=") == [("verb", "Identify"), ("extra", "")]


def test_a_repeated_argument_in_a_multidict_is_a_bad_argument(provider):
    body = provider.handle("GET", _MultiDict([LR, LOM, LOM]))
    assert b'code="badArgument"' in body


def test_any_mix_of_arguments_gets_a_schema_valid_answer(provider):
    import random

    names = ["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken", "x"]
    values = [
        "ListRecords", "ListIdentifiers", "GetRecord", "ListSets", "Identify",
        "ListMetadataFormats", "lom", "oai_dc", "marc21", identifier(1), identifier(7),
        "2024-06-01", "2024-06-01T08:00:00Z", "2024-06-01T08:00Z", "courses", "courses:web",
        "", " ", "a\tb", "é", "<&>", "%zz", "x.y", "oai:x:a b",
    ]  # fmt: skip
    rng = random.Random(20250301)  # deterministic: the same 300 requests on every run
    for _ in range(300):
        pairs = [(rng.choice(names), rng.choice(values)) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.8:
            pairs.insert(0, ("verb", rng.choice(values[:6])))
        call(provider, *pairs)  # validates
