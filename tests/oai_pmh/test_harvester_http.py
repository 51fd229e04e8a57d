"""The harvester over real HTTP, against a loopback server running the provider."""

from __future__ import annotations

import socket
import time

import pytest
from lxml import etree

from oai_pmh import (
    HarvestError,
    HarvestHTTPError,
    HarvestNetworkError,
    HarvestTimeout,
    MalformedResponse,
    ResponseTooLarge,
    RetryPolicy,
    UnsafeXML,
    harvest,
)
from oai_pmh.metadata import lom_to_xml
from oai_pmh.transport import urllib_fetch

from .factories import formats_of, identifier
from .hostile import HOSTILE, MALFORMED
from .server import reply

NO_RETRY = RetryPolicy(max_retries=0)


def _all_items():
    return [identifier(n) for n in range(1, 41) if n != 13] + [identifier(13)]


def test_a_full_lom_harvest_reproduces_the_repository(oai_server):
    run = harvest(oai_server.url, "lom", timeout=5)
    records = list(run)
    assert [r.header.identifier for r in records] == _all_items()
    for record in records[:-1]:
        n = int(record.header.identifier.rsplit("-", 1)[1])
        original = etree.tostring(lom_to_xml(formats_of(n)["lom"]))
        assert etree.tostring(lom_to_xml(record.metadata)) == original
        assert record.header.set_specs == ("courses",)
    assert records[-1].header.is_deleted and records[-1].metadata is None
    assert (run.stats.pages, run.stats.records, run.stats.deleted) == (6, 40, 1)
    assert run.stats.complete_list_size == 40


def test_a_full_dc_harvest_reproduces_the_repository(oai_server):
    records = list(harvest(oai_server.url, "oai_dc", timeout=5))
    assert records[0].metadata == formats_of(1)["oai_dc"]
    assert len(records) == 40


def test_a_selective_harvest_sends_its_arguments(oai_server):
    records = list(harvest(oai_server.url, "lom", "courses", "2024-01-01T00:35:00Z", timeout=5))
    expected = [identifier(n) for n in (*range(35, 41), 13)]  # 13 was deleted later
    assert [r.header.identifier for r in records] == expected
    assert "set=courses" in oai_server.requests[0][1]


def test_503_retry_after_then_success(oai_server):
    oai_server.script.append(reply(503, b"maintenance", {"Retry-After": "1"}))
    slept = []
    records = list(harvest(oai_server.url, "lom", timeout=5, sleep=slept.append))
    assert slept == [1.0] and len(records) == 40


def _sleeper(seconds: float):
    def write(handler):
        time.sleep(seconds)
        reply(200, b"<late/>")(handler)

    return write


def test_a_silent_server_times_out(oai_server):
    oai_server.script.append(_sleeper(1.0))
    started = time.monotonic()
    with pytest.raises(HarvestTimeout, match=r"no answer within 0\.2 s"):
        list(harvest(oai_server.url, "lom", timeout=0.2, retry=NO_RETRY))
    assert time.monotonic() - started < 0.9


def test_a_dripping_server_is_cut_at_the_time_out(oai_server):
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(6):
            handler.wfile.write(b" " * 10)
            handler.wfile.flush()
            time.sleep(0.05)

    oai_server.script.append(drip)
    with pytest.raises(HarvestTimeout):
        urllib_fetch(oai_server.url, timeout=0.15, max_bytes=10**6)


def test_an_oversized_response_is_refused_while_streaming(oai_server):
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b"<a>" + b"x" * 8192 + b"</a>")

    oai_server.script.append(endless)
    with pytest.raises(ResponseTooLarge, match="exceeds the limit of 65536 bytes"):
        list(harvest(oai_server.url, "lom", max_bytes=65536, retry=NO_RETRY))


def test_an_announced_oversized_response_is_refused_before_reading(oai_server):
    oai_server.script.append(reply(200, b"x" * 70000))
    with pytest.raises(ResponseTooLarge, match="announces 70000 bytes"):
        list(harvest(oai_server.url, "lom", max_bytes=65536, retry=NO_RETRY))


def test_malformed_xml_is_a_clear_error(oai_server):
    oai_server.script.append(reply(200, MALFORMED))
    with pytest.raises(MalformedResponse, match=r"verb=ListRecords.*not well-formed XML"):
        list(harvest(oai_server.url, "lom", retry=NO_RETRY))


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_documents_are_refused(oai_server, name):
    oai_server.script.append(reply(200, HOSTILE[name]))
    with pytest.raises(UnsafeXML):
        list(harvest(oai_server.url, "lom", retry=NO_RETRY))
    assert len(oai_server.requests) == 1  # nothing was fetched on the document's behalf


def test_http_errors_name_the_status(oai_server):
    oai_server.script.append(reply(404, b"<html>not here</html>"))
    with pytest.raises(HarvestHTTPError, match="HTTP 404") as caught:
        list(harvest(oai_server.url, "lom", retry=NO_RETRY))
    assert caught.value.status == 404


def test_a_closed_port_is_a_network_error_after_retries():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    slept = []
    run = harvest(f"http://127.0.0.1:{port}/oai", "lom", sleep=slept.append, timeout=1)
    with pytest.raises(HarvestNetworkError, match="gave up after 4 attempts"):
        list(run)
    assert slept == [1.0, 2.0, 4.0]


def test_only_http_urls_are_fetched():
    with pytest.raises(HarvestNetworkError, match="only http and https"):
        list(harvest("file:///etc/passwd", "lom", retry=NO_RETRY))


def test_post_requests_are_served(oai_server):
    import urllib.request

    data = b"verb=ListRecords&metadataPrefix=lom&set=courses"
    with urllib.request.urlopen(urllib.request.Request(oai_server.url, data=data), timeout=5) as r:
        body = r.read()
    assert r.status == 200 and r.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert body.count(b"<record>") == 7
    assert oai_server.requests[-1][0] == "POST"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x"])
def test_redirects_leave_http_never(oai_server, target):
    oai_server.script.append(reply(302, b"", {"Location": target}))
    # urllib itself stops a redirect to file:, the harvester one to ftp:.
    with pytest.raises(HarvestError, match=r"refused a redirect|HTTP 302"):
        list(harvest(oai_server.url, "lom", retry=NO_RETRY))
    assert len(oai_server.requests) == 1


def test_redirects_within_http_are_followed(oai_server):
    oai_server.script.append(reply(301, b"", {"Location": oai_server.url + "?verb=Identify"}))
    with pytest.raises(MalformedResponse, match="no ListRecords element"):
        list(harvest(oai_server.url, "lom", retry=NO_RETRY))
    assert oai_server.requests[1] == ("GET", "verb=Identify")
