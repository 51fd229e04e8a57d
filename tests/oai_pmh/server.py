"""A real HTTP server on the loopback, in a thread, serving a ``Provider`` (and scripted faults)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from oai_pmh import CONTENT_TYPE, Provider

#: A scripted answer: called with the handler, it writes the whole response itself.
Fault = Callable[[BaseHTTPRequestHandler], None]


def reply(status: int, body: bytes, headers: dict[str, str] | None = None) -> Fault:
    """A fault answering ``status`` with ``body`` (and a Content-Length)."""

    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Type": CONTENT_TYPE, **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return write


class OAIServer:
    """``url`` serves ``provider``; faults queued in ``script`` answer the next requests."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.script: list[Fault] = []
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server._serve(self, "GET", urlsplit(self.path).query)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                server._serve(self, "POST", self.rfile.read(length).decode())

            def log_message(self, *args):  # keep the test output clean
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_port}/oai"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def _serve(self, handler: BaseHTTPRequestHandler, method: str, query: str) -> None:
        self.requests.append((method, query))
        if self.script:
            self.script.pop(0)(handler)
            return
        body = self.provider.handle(method, parse_qsl(query, keep_blank_values=True))
        reply(200, body)(handler)

    def __enter__(self) -> OAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
