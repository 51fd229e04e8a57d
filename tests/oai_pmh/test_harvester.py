"""The harvester against an in-process fetch: retries, errors, paging, granularity."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from oai_pmh import (
    HarvestHTTPError,
    HarvestTimeout,
    MalformedResponse,
    Provider,
    RemoteOAIError,
    RetryPolicy,
    UnsafeXML,
    catalogue_entry,
    harvest,
)
from oai_pmh.metadata import DublinCore, LomRecord
from oai_pmh.transport import HttpResponse, retry_after

from .factories import NOW, SECRET, bulk_repository, identifier, sample_repository
from .hostile import HOSTILE, HTML_PAGE, MALFORMED

URL = "http://127.0.0.1:8/oai"


class FakeFetch:
    """Serves a provider in process; queued ``script`` items answer first (or raise)."""

    def __init__(self, provider: Provider, script=()):
        self.provider, self.script, self.urls = provider, list(script), []

    def __call__(self, url, *, timeout, max_bytes):
        self.urls.append(url)
        if self.script:
            item = self.script.pop(0)
            if isinstance(item, Exception):
                raise item
            return item
        pairs = parse_qsl(urlsplit(url).query)
        return HttpResponse(200, self.provider.handle("GET", pairs), {}, url)


def _provider(repository=None, page_size=3):
    return Provider(repository or sample_repository(), token_secret=SECRET, page_size=page_size)


def _run(fetch, prefix="lom", sleeps=None, **options):
    options.setdefault("retry", RetryPolicy(max_retries=3, backoff=0.5, max_wait=30))
    run = harvest(
        URL, prefix, fetch=fetch, sleep=(sleeps if sleeps is not None else []).append, **options
    )
    return run, list(run)


def test_a_harvest_follows_tokens_and_counts():
    fetch = FakeFetch(_provider())
    run, records = _run(fetch)
    assert [r.header.identifier for r in records] == [identifier(n) for n in (1, 2, 3, 4, 5, 7)]
    assert isinstance(records[0].metadata, LomRecord)
    assert records[-1].header.is_deleted and records[-1].metadata is None
    stats = run.stats
    assert (stats.requests, stats.pages, stats.records, stats.deleted) == (2, 2, 6, 1)
    assert stats.complete_list_size == 6 and stats.bytes > 0
    assert "resumptionToken=" in fetch.urls[1] and "metadataPrefix" not in fetch.urls[1]


def test_list_identifiers_harvest_yields_headers():
    _, records = _run(
        FakeFetch(_provider()), "oai_dc", verb="ListIdentifiers", set_spec="courses:web"
    )
    assert [(r.header.identifier, r.metadata) for r in records] == [
        (identifier(3), None),
        (identifier(7), None),
    ]


def test_no_records_match_is_an_empty_harvest():
    run, records = _run(FakeFetch(_provider()), from_="2030-01-01")
    assert records == [] and run.stats.requests == 1


def test_other_oai_errors_raise_with_their_code():
    with pytest.raises(RemoteOAIError, match="cannotDisseminateFormat") as caught:
        _run(FakeFetch(_provider()), "marc21")
    assert caught.value.code == "cannotDisseminateFormat"


def test_503_with_retry_after_is_retried_after_the_asked_delay():
    busy = HttpResponse(503, b"busy", {"retry-after": "7"})
    sleeps = []
    run, records = _run(FakeFetch(_provider(), [busy, busy]), sleeps=sleeps)
    assert len(records) == 6
    assert sleeps == [7.0, 7.0] and run.stats.retries == 2


def test_retries_are_bounded_and_waits_capped():
    busy = HttpResponse(503, b"", {"retry-after": "86400"})
    sleeps = []
    with pytest.raises(HarvestHTTPError, match="HTTP 503, still after 4 attempts") as caught:
        _run(FakeFetch(_provider(), [busy] * 10), sleeps=sleeps)
    assert sleeps == [30, 30, 30] and caught.value.status == 503


def test_server_errors_back_off_exponentially():
    sleeps = []
    failing = [HttpResponse(500, b""), HttpResponse(502, b""), HttpResponse(504, b"")]
    _run(FakeFetch(_provider(), failing), sleeps=sleeps)
    assert sleeps == [0.5, 1.0, 2.0]


def test_client_errors_are_not_retried():
    sleeps = []
    with pytest.raises(HarvestHTTPError, match="HTTP 404"):
        _run(FakeFetch(_provider(), [HttpResponse(404, b"")]), sleeps=sleeps)
    assert sleeps == []


def test_time_outs_are_retried_then_reported():
    timeouts = [HarvestTimeout(f"{URL}: no answer within 1 s")] * 5
    with pytest.raises(HarvestTimeout, match="gave up after 4 attempts"):
        _run(FakeFetch(_provider(), timeouts))
    _, records = _run(FakeFetch(_provider(), timeouts[:2]))
    assert len(records) == 6


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        (MALFORMED, MalformedResponse, "not well-formed"),
        (HTML_PAGE, MalformedResponse, "not an OAI-PMH response"),
        (HOSTILE["billion-laughs"], UnsafeXML, "DOCTYPE"),
        (HOSTILE["external-entity"], UnsafeXML, "DOCTYPE"),
    ],
)
def test_unusable_documents_raise_clear_errors(body, error, message):
    with pytest.raises(error, match=message):
        _run(FakeFetch(_provider(), [HttpResponse(200, body)]))


def test_a_response_without_the_list_element_is_malformed():
    identify = _provider().handle("GET", [("verb", "Identify")])
    with pytest.raises(MalformedResponse, match="no ListRecords element"):
        _run(FakeFetch(_provider(), [HttpResponse(200, identify)]))


def test_a_repeated_resumption_token_stops_the_harvest():
    provider = _provider()
    first = provider.handle("GET", [("verb", "ListRecords"), ("metadataPrefix", "lom")], now=NOW)
    with pytest.raises(MalformedResponse, match="repeats a resumption token"):
        _run(FakeFetch(provider, [HttpResponse(200, first)] * 2))


def test_records_with_unreadable_parts_are_skipped_and_counted():
    body = _provider().handle("GET", [("verb", "ListRecords"), ("metadataPrefix", "lom")])
    broken = body.replace(b"<datestamp>2024-06-01T08:00:00Z", b"<datestamp>June", 1)
    broken = broken.replace(b'<lom xmlns="http://ltsc.ieee.org/xsd/LOM"', b'<lom xmlns="urn:x"', 2)
    run, records = _run(FakeFetch(_provider(), [HttpResponse(200, broken)]))
    assert run.stats.skipped == 2 and len(records) == 4


def test_formats_without_a_parser_yield_the_xml_element():
    _, records = _run(FakeFetch(_provider()), "oai_dc", formats=())
    assert records[0].metadata is None and records[0].element.tag.endswith("}dc")


def test_datetime_bounds_follow_the_repository_granularity():
    fetch = FakeFetch(_provider())
    body = fetch.provider.handle("GET", [("verb", "Identify")])
    day_identify = HttpResponse(200, body.replace(b"YYYY-MM-DDThh:mm:ssZ", b"YYYY-MM-DD"))
    fetch.script.append(day_identify)
    _run(fetch, from_=datetime(2024, 6, 2, 15, 30, tzinfo=UTC))
    assert "verb=Identify" in fetch.urls[0]
    assert "from=2024-06-02&" in fetch.urls[1] or fetch.urls[1].endswith("from=2024-06-02")


def test_dates_are_sent_as_days_without_asking_identify():
    fetch = FakeFetch(_provider())
    _run(fetch, from_=date(2024, 6, 2), until="2024-06-02")
    assert "from=2024-06-02" in fetch.urls[0] and "until=2024-06-02" in fetch.urls[0]


def test_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after({"retry-after": "120"}) == 120
    assert retry_after({"retry-after": "Sat, 01 Mar 2025 12:00:30 GMT"}, now) == 30
    assert retry_after({"retry-after": "Sat, 01 Mar 2025 11:00:00 GMT"}, now) == 0
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None


def test_harvested_records_map_to_catalogue_entries():
    fetch = FakeFetch(_provider(bulk_repository(2)))
    _, lom_records = _run(fetch)
    _, dc_records = _run(fetch, "oai_dc")
    lom, dc = catalogue_entry(lom_records[0]), catalogue_entry(dc_records[0])
    assert (lom.source_format, dc.source_format) == ("lom", "oai_dc")
    for entry in (lom, dc):
        assert entry.identifier == identifier(1)
        assert entry.title == "Cours 1"
        assert entry.url == "https://dclic.example.org/courses/C00001"
        assert entry.authors == ("Awa Ba 1",)
        assert entry.publisher == "D-CLIC, OIF"
        assert entry.licence.startswith("CC BY-SA 4.0")
        assert entry.languages == ("fr",)
    assert lom.learning_time_iso == "PT2H30M"
    assert catalogue_entry(lom_records[0], languages=("en",)).title == "Course 1"
    assert isinstance(dc_records[0].metadata, DublinCore)


def test_only_list_verbs_can_be_harvested():
    with pytest.raises(ValueError, match="records or identifiers"):
        harvest(URL, "lom", verb="GetRecord")
