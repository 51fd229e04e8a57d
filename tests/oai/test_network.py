"""Harvest addresses: http(s) only, no credentials, no private network unless allowed."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dclic.oai import harvesting, network


def _resolving_to(*addresses):
    def resolve(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    return resolve


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://catalogue.example.org/oai", "starting with https://"),
        ("file:///etc/passwd", "starting with https://"),
        ("https:///oai", "starting with https://"),
        ("https://moi:secret@catalogue.example.org/oai", "without a user name or password"),
        ("https://catalogue.example.org/oai#top", "without a #fragment"),
        ("https://catalogue.example.org/o ai", "no spaces"),
        ("https://[::1/oai", "starting with https://"),
    ],
)
def test_malformed_addresses_are_refused(app, url, problem):
    with app.test_request_context("/?lang=en"):
        problems = network.url_problems(url, allow_private=True)
    assert any(problem in text for text in problems), problems


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "192.168.1.10", "172.16.0.5", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"],
)  # fmt: skip
def test_private_addresses_are_refused_unless_allowed(app, monkeypatch, address):
    monkeypatch.setattr(network, "resolve", _resolving_to(address))
    with app.test_request_context("/?lang=en"):
        refused = network.url_problems("https://catalogue.example.org/oai", allow_private=False)
        allowed = network.url_problems("https://catalogue.example.org/oai", allow_private=True)
    assert refused and "private or local network" in refused[0]
    assert allowed == []


def test_a_host_with_one_private_address_among_public_ones_is_refused(app, monkeypatch):
    monkeypatch.setattr(network, "resolve", _resolving_to("93.184.216.34", "10.0.0.1"))
    with app.test_request_context("/?lang=en"):
        assert network.url_problems("https://catalogue.example.org/oai", allow_private=False)
    monkeypatch.setattr(network, "resolve", _resolving_to("93.184.216.34"))
    with app.test_request_context("/?lang=en"):
        assert network.url_problems("https://catalogue.example.org/oai", allow_private=False) == []


def test_an_unknown_host_is_refused(app, monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(network, "resolve", fail)
    with app.test_request_context("/?lang=en"):
        problems = network.url_problems("https://nowhere.example.org/oai", allow_private=False)
    assert problems == ["This host name cannot be found."]


def test_the_fetch_refuses_a_private_host_before_connecting():
    with pytest.raises(network.RefusedAddress, match="not a public address"):
        network.public_fetch("http://127.0.0.1:9/oai", timeout=1, max_bytes=1000)


def test_the_fetch_refuses_a_redirect_to_a_private_address(monkeypatch):
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # The test server stands for a public host; the redirect's target stays private.
    monkeypatch.setattr(network, "_is_public", lambda address: address == "127.0.0.1")
    try:
        with pytest.raises(network.RefusedAddress, match=r"10\.0\.0\.1"):
            network.public_fetch(
                f"http://127.0.0.1:{server.server_port}/oai", timeout=2, max_bytes=1000
            )
    finally:
        server.shutdown()
        server.server_close()


def test_a_harvest_in_production_refuses_a_private_source(app, monkeypatch, make_source, no_retry):
    source = make_source("http://127.0.0.1:9/oai")  # registered while allowed
    monkeypatch.setitem(app.config, "DCLIC_HARVEST_ALLOW_PRIVATE", False)
    run = harvesting.run_harvest(source.id)
    assert run.status == "failed" and "not a public address" in run.message
