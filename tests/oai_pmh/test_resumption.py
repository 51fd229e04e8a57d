"""Resumption tokens: paging, counts, stability under change, tampering, expiry."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from oai_pmh import Provider

from .conftest import NS, call, error_code, identifiers_of, list_all, verb
from .factories import NOW, SECRET, bulk_repository, formats_of, identifier


def _page(provider, **arguments):
    root = call(provider, *verb("ListRecords", **arguments))
    container = root.find(NS + "ListRecords")
    token = container.find(NS + "resumptionToken")
    return identifiers_of(list(container.iterfind(NS + "record"))), token


def test_pages_carry_cursor_and_complete_list_size():
    provider = Provider(bulk_repository(10), token_secret=SECRET, page_size=4)
    seen, token = _page(provider, metadataPrefix="lom")
    assert (token.get("cursor"), token.get("completeListSize")) == ("0", "10")
    pages = [(len(seen), token.get("cursor"))]
    while token.text:
        page, token = _page(provider, resumptionToken=token.text)
        seen += page
        pages.append((len(page), token.get("cursor")))
    assert pages == [(4, "0"), (4, "4"), (2, "8")]
    assert seen == [identifier(n) for n in range(1, 11)]


def test_last_page_has_an_empty_token_with_its_attributes():
    provider = Provider(bulk_repository(5), token_secret=SECRET, page_size=4)
    _ids, token = _page(provider, metadataPrefix="lom")
    _ids, last = _page(provider, resumptionToken=token.text)
    assert last.text is None
    assert dict(last.attrib) == {"completeListSize": "5", "cursor": "4"}


def test_a_list_that_fits_in_one_page_has_no_token():
    provider = Provider(bulk_repository(4), token_secret=SECRET, page_size=4)
    _ids, token = _page(provider, metadataPrefix="lom")
    assert token is None


def test_complete_list_size_counts_the_selection_not_the_repository():
    provider = Provider(bulk_repository(10), token_secret=SECRET, page_size=2)
    _ids, token = _page(provider, metadataPrefix="lom", until="2024-01-01T00:05:00Z")
    assert token.get("completeListSize") == "5"


def test_tokens_stay_valid_while_records_are_added_and_changed():
    repository = bulk_repository(9)
    provider = Provider(repository, token_secret=SECRET, page_size=3)
    first, token = _page(provider, metadataPrefix="lom")
    later = datetime(2025, 1, 1, tzinfo=UTC)
    # An item already delivered changes; one not yet delivered changes; one is new; one goes.
    repository.upsert(identifier(2), later, formats_of(2), ["courses"])
    repository.upsert(identifier(5), later + timedelta(seconds=1), formats_of(5), ["courses"])
    repository.upsert(identifier(50), later + timedelta(seconds=2), formats_of(50), ["courses"])
    repository.delete(identifier(6), later + timedelta(seconds=3))
    rest = []
    while token is not None and token.text:
        page, token = _page(provider, resumptionToken=token.text)
        rest += page
    assert first == [identifier(n) for n in (1, 2, 3)]
    # No item is skipped; changed ones come again at their new place, in datestamp order.
    assert rest == [identifier(n) for n in (4, 7, 8, 9, 2, 5, 50, 6)]
    assert token.get("completeListSize") == str(len(first) + len(rest))


def test_the_query_travels_in_the_token(provider):
    items = list_all(provider, "ListIdentifiers", metadataPrefix="lom", set="courses")
    assert len(items) == 5  # three pages of at most three would leak other sets if it did not


def _tampered(token: str, **changes) -> str:
    body, _dot, signature = token.partition(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(changes)
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode() + "." + signature


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: _tampered(t, c=0),
        lambda t: _tampered(t, s="paths"),
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: t.split(".")[0],
        lambda t: "not-a-token",
        lambda t: "x.y.z",
        lambda t: "!!!.???",
    ],
    ids=["cursor", "set", "signature", "unsigned", "garbage", "dots", "not-base64"],
)
def test_tampered_or_foreign_tokens_are_bad_resumption_tokens(oai, mangle):
    token = oai("ListRecords", metadataPrefix="lom").findtext(
        f"{NS}ListRecords/{NS}resumptionToken"
    )
    root = oai("ListRecords", resumptionToken=mangle(token))
    assert error_code(root) == "badResumptionToken"
    assert dict(root.find(NS + "request").attrib)["resumptionToken"] == mangle(token)


def test_a_token_signed_with_another_secret_is_refused(repository, oai):
    other = Provider(repository, token_secret="another-secret-of-32-characters!", page_size=3)
    token = call(other, *verb("ListRecords", metadataPrefix="lom")).findtext(
        f"{NS}ListRecords/{NS}resumptionToken"
    )
    assert error_code(oai("ListRecords", resumptionToken=token)) == "badResumptionToken"


def test_a_token_is_bound_to_its_verb(oai):
    token = oai("ListIdentifiers", metadataPrefix="lom").findtext(
        f"{NS}ListIdentifiers/{NS}resumptionToken"
    )
    assert error_code(oai("ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert error_code(oai("ListIdentifiers", resumptionToken=token)) is None


def test_tokens_expire_when_a_lifetime_is_set(repository):
    provider = Provider(repository, token_secret=SECRET, page_size=3, token_ttl=timedelta(hours=1))
    root = call(provider, *verb("ListRecords", metadataPrefix="lom"))
    token = root.find(f"{NS}ListRecords/{NS}resumptionToken")
    assert token.get("expirationDate") == "2025-03-01T13:00:00Z"
    fresh = call(provider, *verb("ListRecords", resumptionToken=token.text), now=NOW)
    late = call(
        provider,
        *verb("ListRecords", resumptionToken=token.text),
        now=NOW + timedelta(hours=1, seconds=1),
    )
    assert error_code(fresh) is None
    assert error_code(late) == "badResumptionToken"


def test_a_token_whose_remaining_records_left_the_selection_is_no_records_match(repository, oai):
    root = oai("ListRecords", metadataPrefix="lom", set="courses")
    token = root.findtext(f"{NS}ListRecords/{NS}resumptionToken")
    for n in (4, 7):  # what the second page held moves out of the set
        repository.upsert(identifier(n), datetime(2024, 7, 1, tzinfo=UTC), formats_of(n), ["paths"])
    assert error_code(oai("ListRecords", resumptionToken=token)) == "noRecordsMatch"


def test_resumed_pages_answer_post_too(oai):
    token = oai("ListRecords", metadataPrefix="lom").findtext(
        f"{NS}ListRecords/{NS}resumptionToken"
    )
    root = oai("ListRecords", method="POST", resumptionToken=token)
    assert error_code(root) is None
