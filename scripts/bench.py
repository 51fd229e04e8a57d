"""Measure dclic against its performance budgets (see docs/performance.md).

Builds a fresh app on a temporary SQLite file with the demo data, serves it with gunicorn
(gunicorn.conf.py, gthread) on 127.0.0.1, then:

1. fetches every kind of page (anonymous, Arabic, 404, catalogue, course, path, signed in,
   the course player when the app has one) raw, gzip and brotli: each HTML document must fit
   in 14 KB compressed;
2. loads them in Debian's Chromium at 360×640: first visit (empty cache) ≤ 30 KB and
   ≤ 6 requests, repeat visit ≤ 15 KB, JavaScript ≤ 20 KB compressed;
3. runs N concurrent virtual learners (default 200) for a bounded time: p95 ≤ 200 ms;
4. times the catalogue's queries on 10,000 courses, on SQLite and PostgreSQL
   (scripts/bench_catalogue.py): p95 ≤ 100 ms.

Prints a table of every figure against its budget, writes ``bench-results/latest.json`` and
exits 1 when a budget is missed (``--no-fail`` only reports). Nothing leaves the machine:
the browser can resolve no host but 127.0.0.1 and every other request is aborted.

    scripts/bench                      everything, 200 learners for 20 s
    scripts/bench --users 1000         the 1,000-learner aim
    scripts/bench --skip-browser --skip-load --skip-catalogue
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import platform
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results" / "latest.json"
KB = 1024
BUDGETS = {
    "html_compressed": 14 * KB,  # one TCP round trip: initcwnd 10 × 1460 bytes ≈ 14.3 KB
    "first_visit_bytes": 30 * KB,
    "first_visit_requests": 6,
    "repeat_visit_bytes": 15 * KB,
    "js_compressed": 20 * KB,
    "p95_ms": 200,
    "catalogue_query_p95_ms": 100,
}
ADMIN_EMAIL = "admin@dclic.example"
LEARNER_EMAILS = ("fatou.ndiaye@dclic.example", "moussa.traore@dclic.example")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces with the request guard: no host but the app's can even be resolved.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 360, "height": 640}
REQUEST_TIMEOUT = 15.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- a small HTTP/1.1 client: keep-alive, cookies, bytes exactly as served -----------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes  # as transferred (still compressed when Content-Encoding is set)
    header_bytes: int
    ms: float
    set_cookies: list[str] = field(default_factory=list)

    def text(self) -> str:
        body = self.body
        encoding = self.headers.get("content-encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        return body.decode("utf-8", "replace")


class SignInRefused(Exception):
    pass


class Client:
    """One browser-like visitor: one keep-alive connection and its cookies."""

    def __init__(self, host: str, port: int, accept_encoding: str = "br, gzip"):
        self.host, self.port = host, port
        self.accept_encoding = accept_encoding
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, method, path, *, body=b"", headers=None, encoding=None) -> Reply:
        try:
            return await asyncio.wait_for(
                self._request(method, path, body, headers or {}, encoding), REQUEST_TIMEOUT
            )
        except BaseException:
            await self.close()  # never reuse a connection left mid-response
            raise

    async def _request(self, method, path, body, headers, encoding) -> Reply:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: dclic-bench",
            "Accept: text/html,*/*;q=0.8",
            "Accept-Language: fr-FR,fr;q=0.9",
            f"Accept-Encoding: {self.accept_encoding if encoding is None else encoding}",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body:
            lines.append(f"Content-Length: {len(body)}")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        message = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        started = time.perf_counter()
        try:
            reply = await self._exchange(message, started)
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            # The server closed an idle keep-alive connection (gunicorn: after 5 s) before
            # reading this request: like a browser, open a new one and send it again.
            if getattr(exc, "partial", b""):
                raise
            await self.close()
            reply = await self._exchange(message, started)
        if reply.headers.get("connection", "").lower() == "close":
            await self.close()
        return reply

    async def _exchange(self, message: bytes, started: float) -> Reply:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(message)
        await self.writer.drain()
        return await self._read_reply(started)

    async def _read_reply(self, started: float) -> Reply:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        set_cookies = []
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                name, value = name.strip().lower(), value.strip()
                if name == "set-cookie":
                    set_cookies.append(value)
                headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        for cookie in set_cookies:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or "expires=thu, 01 jan 1970" in cookie.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        ms = (time.perf_counter() - started) * 1000
        return Reply(status, headers, body, len(head), ms, set_cookies)

    async def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(chunks)
            chunks.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    async def get(self, path: str, encoding: str | None = None) -> Reply:
        return await self.request("GET", path, encoding=encoding)

    async def sign_in(self, email: str, password: str) -> None:
        """Sign in through the form, with its CSRF token, as a person would."""
        page = await self.get("/login")
        token = find_csrf_token(page.text())
        form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
        reply = await self.request(
            "POST",
            "/login",
            body=form.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if reply.status != 302:
            raise SignInRefused(f"sign-in answered HTTP {reply.status}")
        await self.get(urllib.parse.urlsplit(reply.headers.get("location", "/")).path or "/")


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "input" and attrs.get("name") == "csrf_token" and not self.csrf:
            self.csrf = attrs.get("value") or ""


def _parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    return parser


def find_csrf_token(html: str) -> str:
    token = _parse(html).csrf
    if not token:
        raise RuntimeError("no csrf_token field on the sign-in page")
    return token


def all_links(html: str, prefix: str) -> list[str]:
    paths = [urllib.parse.urlsplit(h).path for h in _parse(html).links]
    return sorted({p for p in paths if p.startswith(prefix) and len(p) > len(prefix)})


# --- the server under test -------------------------------------------------------------------

ENTRY_MODULE = '''"""Generated by scripts/bench.py: wsgi.py plus the catalogs compiled for this run."""
from dclic import create_app

app = create_app()
app.extensions["babel"].translation_directories = [{translations!r}]
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp: Path, port: int, workers: int, threads: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DCLIC_", "GUNICORN_"))}
    env.update(
        DCLIC_ENV="development",
        DCLIC_INSTANCE_PATH=str(tmp / "instance"),
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        SECRET_KEY=secrets.token_urlsafe(48),  # shared by the workers
        MAIL_URL=f"outbox://{tmp / 'outbox'}",
        REDIS_URL="",
        DCLIC_RATELIMIT_ENABLED="0",  # thousands of learners share 127.0.0.1
        DCLIC_LOG_LEVEL="WARNING",
        PORT=str(port),
        GUNICORN_WORKERS=str(workers),
        GUNICORN_THREADS=str(threads),
        PYTHONPATH=os.pathsep.join(filter(None, [str(tmp), env.get("PYTHONPATH")])),
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    """Migrate a fresh SQLite file and load the demo data, in this process."""
    from flask_migrate import upgrade

    from dclic import create_app
    from dclic.core.db import db
    from dclic.demo import seed

    keys = ("DCLIC_ENV", "DCLIC_INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY", "MAIL_URL")
    app = create_app({k: env[k] for k in keys} | {"REDIS_URL": "", "DCLIC_LOG_LEVEL": "WARNING"})
    with app.app_context():
        upgrade()
        result = seed(admin_email=ADMIN_EMAIL, admin_password=secrets.token_urlsafe(16))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    log(result.summary())


class Server:
    """gunicorn serving the app on 127.0.0.1:<free port>, stopped whatever happens."""

    def __init__(self, tmp: Path, env: dict[str, str], port: int):
        self.tmp, self.env, self.port = tmp, env, port
        self.process: subprocess.Popen | None = None
        self.log_path = tmp / "gunicorn.log"

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "bench_wsgi:app",
        ]
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
                command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C reaches us only; we stop it ourselves
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.tail()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as s,
            ):
                s.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                if b" 200 " in s.recv(64) and self._all_booted():
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.tail()}")

    def _all_booted(self) -> bool:
        workers = int(self.env["GUNICORN_WORKERS"])
        return self.log_path.read_text(errors="replace").count("Booting worker") >= workers

    def tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the master and its workers (the process group), killing stragglers."""
        if self.process is None:
            return
        group = self.process.pid  # start_new_session: the group id is the master's pid
        # SIGQUIT: gunicorn's quick shutdown (SIGTERM would wait for idle keep-alive clients).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGQUIT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:  # workers finishing a request on their own
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


# --- 1. page kinds and their HTML sizes ------------------------------------------------------


@dataclass
class PageKind:
    name: str
    path: str
    signed_in: bool = False
    status: int = 200


async def discover_pages(host: str, port: int) -> tuple[list[PageKind], dict]:
    """The kinds of page to measure, found by following the app's own links."""
    kinds = [
        PageKind("home", "/"),
        PageKind("login", "/login"),
        PageKind("404", "/bench-no-such-page", status=404),
        PageKind("home (ar, rtl)", "/?lang=ar"),
    ]
    client = Client(host, port)
    found = {"courses": [], "paths": []}
    try:
        catalogue = await client.get("/catalogue")
        if catalogue.status == 200:
            kinds.append(PageKind("catalogue", "/catalogue"))
            found["courses"] = all_links(catalogue.text(), "/courses/")
        paths = await client.get("/paths")
        if paths.status == 200:
            kinds.append(PageKind("paths", "/paths"))
            found["paths"] = all_links(paths.text(), "/paths/")
        if not found["paths"] and catalogue.status == 200:
            found["paths"] = all_links(catalogue.text(), "/paths/")
        if found["courses"]:
            kinds.append(PageKind("course", found["courses"][0]))
        if found["paths"]:
            kinds.append(PageKind("path", found["paths"][0]))
            if not found["courses"]:
                path_page = await client.get(found["paths"][0])
                found["courses"] = all_links(path_page.text(), "/courses/")
                if found["courses"]:
                    kinds.append(PageKind("course", found["courses"][0]))
    finally:
        await client.close()
    signed = [PageKind(f"{k.name} (learner)", k.path, signed_in=True) for k in kinds]
    signed = [k for k in signed if k.name.split()[0] in ("home", "catalogue", "course", "path")]
    signed = [k for k in signed if "lang=" not in k.path]
    return kinds + signed, found


# Pages only a signed-in learner sees, measured when the app has them (status 200).
LEARNER_PAGES = (
    ("my learning", "/my-learning"),
    ("agenda", "/agenda"),
    ("messages", "/messages"),
    ("notifications", "/notifications"),
    ("forums", "/forums"),
    ("chat rooms", "/chat"),
)


async def discover_learner_pages(host: str, port: int, password: str) -> list[PageKind]:
    """The learner's own pages, and one page deeper in the forums and the chat that both demo
    learners may open (the HTML is measured as the first, the browser visits as the second)."""
    learner, other = Client(host, port), Client(host, port)
    kinds = []

    async def both_open(path: str) -> bool:
        return all([(await c.get(path)).status == 200 for c in (learner, other)])

    async def first_shared(links: list[str], pattern: str) -> str | None:
        for link in links:
            if re.fullmatch(pattern, link) and await both_open(link):
                return link
        return None

    try:
        await learner.sign_in(LEARNER_EMAILS[0], password)
        await other.sign_in(LEARNER_EMAILS[1], password)
        for name, path in LEARNER_PAGES:
            page = await learner.get(path)
            if page.status != 200:
                continue
            kinds.append(PageKind(f"{name} (learner)", path, signed_in=True))
            deeper = all_links(page.text(), path + "/")
            if name == "forums":
                forum = await first_shared(deeper, r"/forums/\d+")
                if forum:
                    kinds.append(PageKind("forum (learner)", forum, signed_in=True))
                    threads = all_links((await learner.get(forum)).text(), "/forums/threads/")
                    thread = await first_shared(threads, r"/forums/threads/\d+")
                    if thread:
                        kinds.append(PageKind("forum thread (learner)", thread, signed_in=True))
            if name == "chat rooms":
                room = await first_shared(deeper, r"/chat/[a-z]+:[0-9:]+")
                if room:
                    kinds.append(PageKind("chat room (learner)", room, signed_in=True))
    finally:
        await learner.close()
        await other.close()
    return kinds


async def discover_player(host: str, port: int, password: str) -> str | None:
    """A step of the course player (``/learn/<code>/<step>``) both demo learners may open,
    enrolling the second one if needed; None when the app has no player (yet)."""
    first = Client(host, port)
    try:
        await first.sign_in(LEARNER_EMAILS[0], password)
        mine = await first.get("/my-learning")
        if mine.status != 200:
            return None
        for resume in all_links(mine.text(), "/learn/"):
            if resume.count("/") != 2:  # /learn/<code>: answered by a redirect to a step
                continue
            reply = await first.get(resume)
            step = urllib.parse.urlsplit(reply.headers.get("location", "")).path
            if reply.status in (301, 302, 303) and re.fullmatch(r"/learn/[^/]+/\d+", step):
                break
        else:
            return None
        if (await first.get(step)).status != 200:
            return None
    finally:
        await first.close()
    # The browser visits sign in as the other demo learner: enrolled in the same course.
    other = Client(host, port)
    try:
        await other.sign_in(LEARNER_EMAILS[1], password)
        if (await other.get(step)).status != 200:
            code = step.split("/")[2]
            page = await other.get(f"/courses/{code}")
            form = urllib.parse.urlencode({"csrf_token": find_csrf_token(page.text())})
            await other.request(
                "POST",
                f"/courses/{code}/enrol",
                body=form.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            if (await other.get(step)).status != 200:
                return None
    finally:
        await other.close()
    return step


async def measure_html(host: str, port: int, kinds: list[PageKind], password: str) -> list[dict]:
    anonymous = Client(host, port)
    learner = Client(host, port)
    rows = []
    try:
        await learner.sign_in(LEARNER_EMAILS[0], password)
        for kind in kinds:
            client = learner if kind.signed_in else anonymous
            sizes, served, header_bytes, status = {}, {}, 0, None
            for label, encoding in (("raw", "identity"), ("gzip", "gzip"), ("br", "br")):
                if not kind.signed_in:
                    client.cookies.clear()  # every anonymous page as a first request
                reply = await client.get(kind.path, encoding=encoding)
                served[label] = reply.headers.get("content-encoding", "identity")
                sizes[label] = len(reply.body)
                header_bytes = max(header_bytes, reply.header_bytes)
                status = reply.status
            wire = max(sizes["gzip"], sizes["br"]) + header_bytes
            rows.append(
                {
                    "page": kind.name,
                    "path": kind.path,
                    "signed_in": kind.signed_in,
                    "status": status,
                    "expected_status": kind.status,
                    "raw": sizes["raw"],
                    "gzip": sizes["gzip"],
                    "br": sizes["br"],
                    "headers": header_bytes,
                    "wire_worst": wire,
                    # Flask-Compress leaves non-2xx responses (error pages) uncompressed.
                    "served_encodings": served,
                }
            )
    finally:
        await anonymous.close()
        await learner.close()
    return rows


async def fetch_text(host: str, port: int, path: str) -> str:
    client = Client(host, port)
    try:
        return (await client.get(path)).text()
    finally:
        await client.close()


async def check_static(host: str, port: int, css_path: str | None, password: str) -> dict:
    """The stylesheet as served: compressed, content-hashed, cached for good, by anyone.

    Fetched signed in too: a ``Set-Cookie`` on a ``public`` response may be stored by a
    shared cache, and ``Vary: Cookie`` with a session cookie that changes makes browsers
    download the "immutable" file again.
    """
    if not css_path:
        return {}
    client, learner = Client(host, port), Client(host, port)
    try:
        br = await client.get(css_path, encoding="br")
        gz = await client.get(css_path, encoding="gzip")
        raw = await client.get(css_path, encoding="identity")
        await learner.sign_in(LEARNER_EMAILS[0], password)
        signed = await learner.get(css_path, encoding="br")
    finally:
        await client.close()
        await learner.close()
    return {
        "path": css_path,
        "raw": len(raw.body),
        "gzip": len(gz.body),
        "br": len(br.body),
        "cache_control": br.headers.get("cache-control", ""),
        "content_encoding_br": br.headers.get("content-encoding", ""),
        "signed_in_vary": signed.headers.get("vary", ""),
        "signed_in_set_cookie": bool(signed.set_cookies),
    }


def static_js_sizes() -> dict:
    """Every JavaScript file the app ships, compressed as assets.py serves it."""
    import brotli

    files = sorted((ROOT / "static").rglob("*.js")) if (ROOT / "static").exists() else []
    raw = gz = br = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=9, mtime=0))
        br += len(brotli.compress(data, quality=11))
    return {"files": [str(p.relative_to(ROOT)) for p in files], "raw": raw, "gzip": gz, "br": br}


# --- 2. the browser: first and repeat visits -------------------------------------------------


class NetworkLog:
    """What one page load put on the wire, from the Chrome DevTools Protocol."""

    def __init__(self, cdp, origin: str):
        self.origin = origin
        self.requests: dict[str, dict] = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        # A WebSocket is one more request (its handshake), and what it receives counts.
        cdp.on("Network.webSocketCreated", self._socket_opened)
        cdp.on("Network.webSocketFrameReceived", self._socket_frame)

    def reset(self) -> None:
        self.requests.clear()

    def _entry(self, request_id: str) -> dict:
        return self.requests.setdefault(
            request_id, {"url": "", "type": "", "cached": False, "bytes": 0, "state": "sent"}
        )

    def _sent(self, event):
        entry = self._entry(event["requestId"])
        entry["url"] = event["request"]["url"]
        entry["type"] = event.get("type", "")

    def _socket_opened(self, event):
        entry = self._entry(event["requestId"])
        url = event["url"]  # ws://… or wss://…, counted as the http(s) origin it talks to
        entry.update(url="http" + url[2:], type="WebSocket", state="finished", status=101)

    def _socket_frame(self, event):
        self._entry(event["requestId"])["bytes"] += len(event["response"].get("payloadData", ""))

    def _from_cache(self, event):
        self._entry(event["requestId"])["cached"] = True

    def _response(self, event):
        response = event["response"]
        entry = self._entry(event["requestId"])
        entry["status"] = response.get("status")
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            entry["cached"] = True

    def _finished(self, event):
        entry = self._entry(event["requestId"])
        entry["bytes"] = int(event.get("encodedDataLength") or 0)
        entry["state"] = "finished"

    def _failed(self, event):
        entry = self._entry(event["requestId"])
        entry["state"] = "failed"
        entry["error"] = event.get("errorText", "")

    def summary(self) -> dict:
        entries = [e for e in self.requests.values() if e["url"].startswith(("http:", "https:"))]
        network = [e for e in entries if not e["cached"] and e["state"] == "finished"]
        foreign = [e["url"] for e in entries if not e["url"].startswith(self.origin + "/")]
        return {
            "requests": len(network),
            "bytes": sum(e["bytes"] for e in network),
            "js_bytes": sum(e["bytes"] for e in network if e["type"] == "Script"),
            "from_cache": sum(1 for e in entries if e["cached"]),
            "failed": [e["url"] for e in entries if e["state"] == "failed"],
            "foreign": foreign,
            "detail": [
                {
                    "url": e["url"].removeprefix(self.origin),
                    "type": e["type"],
                    "status": e.get("status"),
                    "bytes": e["bytes"],
                }
                for e in network
            ],
        }


def favicon_cost(port: int, html: str) -> tuple[str, int]:
    """The icon link of a page and its transferred size (headers included).

    Synchronous on purpose: Playwright's sync API already runs an event loop here.
    """
    import http.client

    match = re.search(r'<link[^>]+rel="icon"[^>]*href="([^"]+)"', html) or re.search(
        r'<link[^>]+href="([^"]+)"[^>]*rel="icon"', html
    )
    if not match:
        return "", 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", match.group(1), headers={"Accept-Encoding": "gzip, deflate"})
        response = connection.getresponse()
        body = response.read()
        head = sum(len(f"{k}: {v}\r\n") for k, v in response.getheaders()) + 20
    finally:
        connection.close()
    return match.group(1), len(body) + head


def browser_visits(origin: str, kinds: list[PageKind], password: str, port: int) -> list[dict]:
    """First visit (empty cache) and repeat visit of every page kind in Chromium."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            for kind in kinds:
                rows.append(_visit(browser, origin, kind, password, port))
                log(
                    f"browser {kind.name}: first {rows[-1]['first']['bytes']} B in "
                    f"{rows[-1]['first']['requests']} requests, "
                    f"repeat {rows[-1]['repeat']['bytes']} B"
                )
        finally:
            browser.close()
    return rows


def _guard(origin: str, blocked: list[str]):
    def guard(route):
        url = route.request.url
        if url == origin or url.startswith(origin + "/"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    return guard


def _visit(browser, origin: str, kind: PageKind, password: str, port: int) -> dict:
    blocked: list[str] = []
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True, locale="fr-FR")
    try:
        context.set_default_timeout(20_000)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        network = NetworkLog(cdp, origin)
        if kind.signed_in:
            # Sign in with the request guard on (it disables the cache), then start cold.
            context.route("**/*", _guard(origin, blocked))
            page.goto(origin + "/login")
            page.fill("input[name=email]", LEARNER_EMAILS[1])
            page.fill("input[name=password]", password)
            with page.expect_navigation():
                page.click("form.form button[type=submit]")
            context.unroute_all()
            cdp.send("Network.clearBrowserCache")
        # Playwright turns the HTTP cache off while routes are set: the visits run without
        # them, guarded by --host-resolver-rules (only 127.0.0.1 resolves) and checked below.
        network.reset()
        page.goto(origin + kind.path, wait_until="load")
        page.wait_for_timeout(500)  # late requests (icon, prefetch) land in the log
        first = network.summary()
        html = page.content()
        if not any(d["type"] == "Other" and "icon" in d["url"] for d in first["detail"]):
            # Headless Chromium never asks for the icon; a phone browser does, once.
            icon, cost = favicon_cost(port, html)
            if icon:
                first["requests"] += 1
                first["bytes"] += cost
                first["detail"].append({"url": icon, "type": "Icon (added)", "bytes": cost})
        # A learner comes back later, not within the same second: signed cookies carry a
        # timestamp, so a cookie refreshed meanwhile shows up as a changed Cookie header.
        page.wait_for_timeout(1500)
        network.reset()
        page.goto(origin + kind.path, wait_until="load")
        page.wait_for_timeout(500)
        repeat = network.summary()
        return {
            "page": kind.name,
            "path": kind.path,
            "first": first,
            "repeat": repeat,
            "aborted_off_origin": blocked,
        }
    finally:
        context.close()


# --- 3. load: N concurrent virtual learners --------------------------------------------------


@dataclass
class LoadStats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    sign_in_ms: list[float] = field(default_factory=list)
    sign_in_errors: list[str] = field(default_factory=list)
    measuring: bool = False

    def add(self, kind: str, ms: float) -> None:
        if self.measuring:
            self.latencies.setdefault(kind, []).append(ms)

    def error(self, what: str) -> None:
        if self.measuring:
            self.errors[what] = self.errors.get(what, 0) + 1


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def sign_in_learners(host, port, count, password, stats) -> list[Client]:
    """Sign ``count`` learners in before the measured window, a few at a time.

    A sign-in verifies an argon2id hash (about 64 MiB and a good fraction of a CPU second):
    a real crowd signs in over minutes, so a burst of them would measure the burst.
    """
    gate = asyncio.Semaphore(4)

    async def one(n):
        client = Client(host, port)
        async with gate:
            started = time.perf_counter()
            try:
                await client.sign_in(LEARNER_EMAILS[n % len(LEARNER_EMAILS)], password)
            except (TimeoutError, SignInRefused, OSError) as exc:
                stats.sign_in_errors.append(f"{type(exc).__name__}: {exc}")
            stats.sign_in_ms.append((time.perf_counter() - started) * 1000)
        return client

    return list(await asyncio.gather(*(one(n) for n in range(count))))


async def virtual_learner(client, number, mix, stats, stop_at, ramp_until, think):
    """One learner: first visit (page + stylesheet), then pages read one after the other."""
    rng = random.Random(number)  # noqa: S311 - reproducible browsing, not secrets
    css_pending = True
    try:
        await asyncio.sleep(rng.uniform(0, max(0.0, ramp_until - time.monotonic())))
        while time.monotonic() < stop_at:
            kind, paths, _, _css = rng.choices(mix, weights=[m[2] for m in mix])[0]
            try:
                reply = await client.get(rng.choice(paths))
                stats.add(kind, reply.ms)
                if reply.status != 200:
                    stats.error(f"{kind} HTTP {reply.status}")
                if css_pending and mix[0][3]:  # the stylesheet, once: then it is cached for good
                    css_pending = False
                    reply = await client.get(mix[0][3])
                    stats.add("static", reply.ms)
                    if reply.status != 200:
                        stats.error(f"static HTTP {reply.status}")
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
                stats.error(f"{kind} {type(exc).__name__}")
            await asyncio.sleep(rng.uniform(think * 0.5, think * 1.5))
    finally:
        await client.close()


async def run_load(host, port, found, css_path, args, password) -> dict:
    mix = [("home", ["/"], 25, css_path)]
    if found["courses"]:
        mix += [("catalogue", ["/catalogue"], 20, None), ("course", found["courses"], 35, None)]
    if found["paths"]:
        mix.append(("path", found["paths"], 20, None))
    stats = LoadStats()
    signed = round(args.users * args.signed_in)
    log(f"load: signing {signed} learners in first")
    clients = await sign_in_learners(host, port, signed, password, stats)
    clients += [Client(host, port) for _ in range(args.users - signed)]
    ramp = min(5.0, args.duration / 4)
    now = time.monotonic()
    ramp_until, stop_at = now + ramp, now + ramp + args.duration
    tasks = [
        asyncio.create_task(virtual_learner(c, n, mix, stats, stop_at, ramp_until, args.think))
        for n, c in enumerate(clients)
    ]
    # Every learner has made a first request by the end of the ramp: measure from there.
    await asyncio.sleep(max(0.0, ramp_until - time.monotonic()))
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    load_before = os.getloadavg()[0]
    stats.measuring = True
    measure_start = time.monotonic()
    await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
    stats.measuring = False
    window = time.monotonic() - measure_start
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    _, pending = await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT + 5)
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    everything = [ms for values in stats.latencies.values() for ms in values]
    client_cpu = sum(cpu_after[:2]) - sum(cpu_before[:2])
    return {
        "users": args.users,
        "signed_in_users": signed,
        "duration_s": round(window, 1),
        "ramp_s": ramp,
        "think_s": args.think,
        "requests": len(everything),
        "requests_per_s": round(len(everything) / window, 1) if window else 0,
        "p50_ms": round(percentile(everything, 50), 1),
        "p95_ms": round(percentile(everything, 95), 1),
        "p99_ms": round(percentile(everything, 99), 1),
        "max_ms": round(max(everything, default=0), 1),
        "errors": sum(stats.errors.values()),
        "error_kinds": stats.errors,
        "by_kind": {
            kind: {
                "requests": len(values),
                "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1),
                "mean_ms": round(statistics.fmean(values), 1) if values else 0,
            }
            for kind, values in sorted(stats.latencies.items())
        },
        "sign_ins": len(stats.sign_in_ms),
        "sign_in_refused": len(stats.sign_in_errors),
        "sign_in_errors": sorted(set(stats.sign_in_errors)),
        "sign_in_p50_ms": round(percentile(stats.sign_in_ms, 50), 1),
        "sign_in_p95_ms": round(percentile(stats.sign_in_ms, 95), 1),
        "load_generator_cpu_share": round(client_cpu / window / (os.cpu_count() or 1), 2),
        # Other work on the machine skews latencies: the 1-minute load average at the start.
        "machine_load_average": round(load_before, 2),
    }


# --- report ----------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    value: float
    budget: float
    unit: str
    ok: bool

    def row(self) -> str:
        return (
            f"  {'PASS' if self.ok else 'FAIL'}  {self.name:<48} "
            f"{_fmt(self.value, self.unit):>10}  ≤ {_fmt(self.budget, self.unit)}"
        )


def _fmt(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / KB:.1f} KB"
    if unit == "ms":
        return f"{value:.0f} ms"
    return f"{value:g}{(' ' + unit) if unit else ''}"


def build_checks(results: dict) -> list[Check]:
    checks = []

    def check(name, value, budget, unit):
        checks.append(Check(name, value, budget, unit, value <= budget))

    for row in results.get("html", []):
        if row["status"] != row["expected_status"]:
            check(f"HTML {row['page']}: status {row['status']}", 1, 0, "")
        check(f"HTML {row['page']} (compressed + headers)", row["wire_worst"], 14 * KB, "B")
    for row in results.get("browser", []):
        first, repeat = row["first"], row["repeat"]
        check(f"first visit {row['page']}: bytes", first["bytes"], 30 * KB, "B")
        check(f"first visit {row['page']}: requests", first["requests"], 6, "")
        check(f"repeat visit {row['page']}: bytes", repeat["bytes"], 15 * KB, "B")
        again = [d for d in repeat["detail"] if d["url"].startswith("/static/")]
        check(f"repeat visit {row['page']}: static files re-fetched", len(again), 0, "")
        if first["foreign"] or repeat["foreign"]:
            check(f"{row['page']}: requests off the app's origin", 1, 0, "")
    js = results.get("js_static", {})
    if js:
        check("JavaScript shipped, total (gzip)", js["gzip"], 20 * KB, "B")
    if results.get("browser"):
        most = max(r["first"]["js_bytes"] for r in results["browser"])
        check("JavaScript on one page, first visit", most, 20 * KB, "B")
    css = results.get("static", {})
    if css:
        check("stylesheet: Cache-Control immutable", "immutable" not in css["cache_control"], 0, "")
        check("stylesheet, signed in: no Set-Cookie", css["signed_in_set_cookie"], 0, "")
        vary_cookie = "cookie" in css["signed_in_vary"].lower()
        check("stylesheet, signed in: no Vary: Cookie", vary_cookie, 0, "")
    catalogue = results.get("catalogue_queries") or {}
    for database in ("sqlite", "postgresql"):
        if catalogue.get(database):
            worst = catalogue[database]["worst_p95_ms"]
            n = catalogue["courses"]
            check(f"catalogue queries, {n:,} courses, {database}: worst p95", worst, 100, "ms")
    load = results.get("load")
    if load:
        check(f"load: p95 with {load['users']} learners", load["p95_ms"], 200, "ms")
        check(f"load: errors with {load['users']} learners", load["errors"], 0, "")
        check(f"load: sign-ins refused (of {load['sign_ins']})", load["sign_in_refused"], 0, "")
    return checks


def print_tables(results: dict, checks: list[Check]) -> None:
    if results.get("html"):
        print("\nHTML documents (bytes as served)")
        print(f"  {'page':<26} {'path':<28} {'status':>6} {'raw':>7} {'gzip':>6} {'br':>6}")
        for r in results["html"]:
            print(
                f"  {r['page']:<26} {r['path'][:28]:<28} {r['status']:>6} {r['raw']:>7} "
                f"{r['gzip']:>6} {r['br']:>6}"
            )
    if results.get("browser"):
        print("\nChromium 360×640 (bytes on the wire, headers included)")
        print(f"  {'page':<26} {'first B':>8} {'req':>4} {'repeat B':>9} {'req':>4} {'JS B':>6}")
        for r in results["browser"]:
            f, p = r["first"], r["repeat"]
            print(
                f"  {r['page']:<26} {f['bytes']:>8} {f['requests']:>4} {p['bytes']:>9} "
                f"{p['requests']:>4} {f['js_bytes']:>6}"
            )
    print_catalogue_pages(results)
    if results.get("catalogue_queries"):
        import bench_catalogue

        bench_catalogue.print_table(results["catalogue_queries"])
    load = results.get("load")
    if load:
        print(
            f"\nLoad: {load['users']} learners ({load['signed_in_users']} signed in), "
            f"{load['duration_s']} s, think time ~{load['think_s']} s"
        )
        print(
            f"  {load['requests']} requests, {load['requests_per_s']} req/s, "
            f"p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, p99 {load['p99_ms']} ms, "
            f"max {load['max_ms']} ms, errors {load['errors']}"
        )
        print(
            f"  sign-in (before the window, 4 at a time): p50 {load['sign_in_p50_ms']} ms, "
            f"p95 {load['sign_in_p95_ms']} ms; load generator used "
            f"{load['load_generator_cpu_share']:.0%} of the machine's CPU; "
            f"load average before: {load['machine_load_average']}"
        )
        for kind, k in load["by_kind"].items():
            print(
                f"    {kind:<10} {k['requests']:>6} req  p50 {k['p50_ms']} ms  p95 {k['p95_ms']} ms"
            )
    print("\nBudgets")
    for c in checks:
        print(c.row())
    failed = sum(not c.ok for c in checks)
    print(f"\n{len(checks) - failed} passed, {failed} failed\n")


def print_catalogue_pages(results: dict) -> None:
    """The pages a learner meets finding and following a course, side by side."""
    names = ("catalogue", "course", "player (learner)")
    html_rows = {r["page"]: r for r in results.get("html", []) if r["page"] in names}
    browser = {r["page"]: r for r in results.get("browser", []) if r["page"] in names}
    if not html_rows:
        return
    print("\nCatalogue, course and player pages (first visit in Chromium: bytes on the wire)")
    print(f"  {'page':<18} {'HTML br+headers':>16} {'first visit':>12} {'requests':>9}")
    for name in names:
        if name not in html_rows:
            print(f"  {name:<18} {'(not in this app yet)':>16}")
            continue
        first = browser.get(name, {}).get("first")
        wire = f"{html_rows[name]['wire_worst'] / KB:.1f} KB"
        visit = f"{first['bytes'] / KB:.1f} KB" if first else "—"
        print(f"  {name:<18} {wire:>16} {visit:>12} {first['requests'] if first else '—':>9}")


def _git(*args: str) -> str:
    git = shutil.which("git")
    if not git:
        return ""
    done = subprocess.run([git, *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout.strip()


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    commit, dirty = _git("rev-parse", "--short", "HEAD"), _git("status", "--porcelain")
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit + ("+uncommitted changes" if dirty else ""),
    }


# --- main ------------------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="concurrent learners (200)")
    parser.add_argument("--duration", type=float, default=20, help="load seconds, measured (20)")
    parser.add_argument("--think", type=float, default=5.0, help="mean think time, s (5)")
    parser.add_argument("--signed-in", type=float, default=0.2, help="share signed in (0.2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=16, help="threads per worker (16)")
    parser.add_argument("--skip-load", action="store_true", help="no load test")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium visits")
    parser.add_argument(
        "--skip-catalogue", action="store_true", help="no catalogue query timing at 10,000 courses"
    )
    parser.add_argument(
        "--catalogue-courses", type=int, default=10_000, help="courses for that timing (10,000)"
    )
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if a budget fails")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    if args.users < 1 or args.duration <= 0 or args.think < 0:
        parser.error("--users must be ≥ 1, --duration > 0, --think ≥ 0")
    if not 0 <= args.signed_in <= 1:
        parser.error("--signed-in is a share between 0 and 1")
    return args


def run(args: argparse.Namespace, tmp: Path, servers: list[Server]) -> dict:
    from dclic.core.i18n import compile_catalogs
    from dclic.demo import DEMO_PASSWORD

    port = free_port()
    env = server_env(tmp, port, args.workers, args.threads)
    compile_catalogs(ROOT / "translations", tmp / "translations")
    (tmp / "bench_wsgi.py").write_text(ENTRY_MODULE.format(translations=str(tmp / "translations")))
    log(f"preparing a fresh database in {tmp}")
    prepare_database(env)
    server = Server(tmp, env, port)
    servers.append(server)
    log(f"starting gunicorn: {args.workers} workers × {args.threads} threads on 127.0.0.1:{port}")
    server.start()
    host, origin = "127.0.0.1", f"http://127.0.0.1:{port}"
    results: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "server": {"workers": args.workers, "threads": args.threads, "database": "sqlite"},
        "budgets": BUDGETS,
    }
    kinds, found = asyncio.run(discover_pages(host, port))
    player = asyncio.run(discover_player(host, port, DEMO_PASSWORD))
    if player:
        kinds.append(PageKind("player (learner)", player, signed_in=True))
    else:
        log("no course player (/learn/<code>/<step>) in this app: not measured")
    kinds.extend(asyncio.run(discover_learner_pages(host, port, DEMO_PASSWORD)))
    log(f"page kinds: {', '.join(k.name for k in kinds)}")
    results["html"] = asyncio.run(measure_html(host, port, kinds, DEMO_PASSWORD))
    html = asyncio.run(fetch_text(host, port, "/"))
    css = next(iter(re.findall(r'href="(/static/[^"]+\.css)"', html)), None)
    results["static"] = asyncio.run(check_static(host, port, css, DEMO_PASSWORD))
    results["js_static"] = static_js_sizes()
    if not args.skip_browser:
        try:
            import playwright.sync_api  # noqa: F401 - a test dependency (scripts/bootstrap --test)

            has_playwright = True
        except ImportError:
            has_playwright = False
        if not has_playwright:
            log("Playwright is missing: browser visits skipped (scripts/bootstrap --test)")
        elif os.access(CHROMIUM, os.X_OK):
            log("Chromium: first and repeat visits")
            results["browser"] = browser_visits(origin, kinds, DEMO_PASSWORD, port)
        else:
            log(f"{CHROMIUM} is missing: browser visits skipped (apt-get install chromium)")
    if not args.skip_load:
        log(f"load: {args.users} learners for {args.duration:g} s (+ ramp-up)")
        results["load"] = asyncio.run(run_load(host, port, found, css, args, DEMO_PASSWORD))
        log(f"load: p95 {results['load']['p95_ms']} ms, {results['load']['errors']} errors")
    if not args.skip_catalogue:
        import bench_catalogue  # scripts/ is on the path: this script's folder

        log(f"catalogue queries at {args.catalogue_courses:,} courses (SQLite, PostgreSQL)")
        results["catalogue_queries"] = bench_catalogue.run(args.catalogue_courses)
    return results


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(argv)
    # A soft limit of 1024 open files is too few for 1,000 learners and their sockets.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, args.users * 2 + 256))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    # Ctrl-C, SIGTERM and SIGHUP all unwind through the finally below (gunicorn stopped, temp
    # files removed); SIGINT is set explicitly as a shell may start background jobs ignoring it.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupted)
    tmp = Path(tempfile.mkdtemp(prefix="dclic-bench-"))
    servers: list[Server] = []
    try:
        results = run(args, tmp, servers)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Exception:
        for server in servers:
            log(f"gunicorn log (last lines):\n{server.tail()}")
        raise
    finally:
        # A second Ctrl-C must not cut the clean-up short; it takes a few seconds at most.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        for server in servers:
            server.stop()
            # Kept beside the results (bench-results/ is ignored by git) to read 5xx tracebacks.
            with contextlib.suppress(OSError):
                args.output.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(server.log_path, args.output.parent / "gunicorn.log")
        shutil.rmtree(tmp, ignore_errors=True)
    checks = build_checks(results)
    results["checks"] = [c.__dict__ for c in checks]
    results["passed"] = all(c.ok for c in checks)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_tables(results, checks)
    log(f"results written to {args.output}")
    if results["passed"] or args.no_fail:
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
