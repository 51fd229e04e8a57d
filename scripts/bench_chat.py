"""Measure the chat's fan-out latency: one room, many connected clients (see docs/chat.md).

Builds a fresh app on a temporary SQLite file (migrations, one course, N enrolled learners
and one sender), serves it the production way (gunicorn with gunicorn.conf.py, gthread, one
thread per open socket), optionally through the Redis message queue, then:

1. signs every learner in through the sign-in form and connects one asyncio Socket.IO client
   each (WebSocket transport), all joining the course room;
2. the sender posts M messages, one every ``--interval`` seconds, each carrying its send time;
3. every client notes when each message arrives: latency = arrival − send, on one clock.

Prints p50/p95/max and the delivered count, writes ``bench-results/chat.json``, and exits 1
when p95 exceeds the budget (``--budget-ms``, 1,000 ms by default) or a message is lost
(``--no-fail`` only reports). Nothing leaves the machine: every address is 127.0.0.1.

    scripts/bench_chat                           500 clients, 20 messages
    scripts/bench_chat --redis                   through Redis (REDIS_URL or the local one)
    scripts/bench_chat --clients 20 --messages 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench-results" / "chat.json"
PASSWORD = "banc-d-essai-du-chat"  # noqa: S105 - accounts of a throw-away database
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log(message: str) -> None:
    print(f"[bench_chat] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(tmp: Path, port: int, clients: int, redis_url: str, prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DCLIC_", "GUNICORN_"))}
    env.update(
        DCLIC_ENV="development",
        DCLIC_INSTANCE_PATH=str(tmp / "instance"),
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        SECRET_KEY=secrets.token_urlsafe(48),
        MAIL_URL=f"outbox://{tmp / 'outbox'}",
        REDIS_URL=redis_url,
        DCLIC_RATELIMIT_ENABLED="0",  # every client signs in from 127.0.0.1
        DCLIC_RATELIMIT_PREFIX=prefix,
        DCLIC_SOCKETIO_CHANNEL=f"{prefix}-socketio",
        DCLIC_LOG_LEVEL="WARNING",
        PORT=str(port),
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS=str(clients + 50),  # a WebSocket holds a thread while open
        HOME=str(tmp),
    )
    return env


def prepare_database(env: dict[str, str], people: int) -> str:
    """Migrate a fresh SQLite file; one course, ``people`` learners and a sender enrolled.
    Returns the room key."""
    from argon2 import PasswordHasher
    from flask_migrate import upgrade

    from dclic import create_app
    from dclic.accounts import passwords, services
    from dclic.core.db import db
    from dclic.courses import services as courses
    from dclic.learning import services as learning

    # Throw-away accounts: the lightest argon2id, so that signing 500 people in is quick.
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    keys = ("DCLIC_ENV", "DCLIC_INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY", "MAIL_URL")
    app = create_app({k: env[k] for k in keys} | {"REDIS_URL": "", "DCLIC_LOG_LEVEL": "WARNING"})
    with app.app_context():
        upgrade()
        course = courses.create_course(
            None, code="BENCH-CHAT", title="Banc d'essai", summary="Chat.", level="beginner",
            track="A", domain="web", duration_minutes=60,
        )  # fmt: skip
        course.status = "published"
        for n in range(people + 1):
            person = services.create_user(
                None, email=f"p{n}@bench.example", password=PASSWORD, display_name=f"P{n}"
            )
            learning.enrol(person, person, course)
        db.session.commit()
        room = f"course:{course.id}"
        db.session.remove()
        db.engine.dispose()
    return room


class Server:
    """gunicorn on 127.0.0.1, stopped whatever happens."""

    def __init__(self, tmp: Path, env: dict[str, str], port: int):
        self.env, self.port, self.log_path = env, port, tmp / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
                   "--bind", f"127.0.0.1:{self.port}", "wsgi:app"]  # fmt: skip
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.tail()}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1).close()
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGQUIT)  # gunicorn's quick shutdown
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def forget_keys(redis_url: str, prefix: str) -> None:
    """Delete this run's Redis keys (presence, send limits)."""
    if not redis_url:
        return
    from redis import Redis

    with Redis.from_url(redis_url) as connection:
        for key in connection.scan_iter(match=f"*{prefix}*", count=500):
            connection.delete(key)


async def sign_in(base_url: str, email: str, sem) -> str:
    """The session cookie of ``email``, signed in through the real form."""
    import aiohttp

    async with sem:
        return await _sign_in(aiohttp, base_url, email)


async def _sign_in(aiohttp, base_url: str, email: str) -> str:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(f"{base_url}/login") as page:
            token = TOKEN.search(await page.text()).group(1)
        form = {"email": email, "password": PASSWORD, "csrf_token": token}
        async with session.post(f"{base_url}/login", data=form, allow_redirects=False) as answer:
            if answer.status != 302:
                raise RuntimeError(f"sign-in of {email} answered {answer.status}")
        return "; ".join(f"{c.key}={c.value}" for c in session.cookie_jar)


async def connect(base_url: str, cookie: str, room: str, arrivals: list, sem) -> object:
    import socketio

    async with sem:
        client = socketio.AsyncClient(reconnection=False)

        @client.on("message")
        async def on_message(data):
            arrivals.append((data["body"], time.time()))

        await client.connect(base_url, headers={"Cookie": cookie}, transports=["websocket"],
                             wait_timeout=30)  # fmt: skip
        answer = await client.call("join", {"room": room, "after": 0}, timeout=30)
        if not answer.get("ok"):
            raise RuntimeError(f"join refused: {answer}")
        return client


async def run(base_url: str, room: str, args) -> dict:
    arrivals: list[tuple[str, float]] = []
    # Signing in costs a full argon2id hash (a rehash of the bench's light one) inside a write
    # transaction, one at a time on SQLite: a few people sign in, one after the other, and
    # each opens several tabs (sockets). Fan-out cost is per socket.
    sem = asyncio.Semaphore(1)
    started = time.monotonic()
    cookies = await asyncio.gather(
        *(sign_in(base_url, f"p{n}@bench.example", sem) for n in range(args.people + 1))
    )
    log(f"{args.people + 1} people signed in in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    sem = asyncio.Semaphore(50)
    clients = await asyncio.gather(
        *(connect(base_url, cookies[1 + n % args.people], room, arrivals, sem)
          for n in range(args.clients))
    )  # fmt: skip
    log(f"{len(clients)} clients connected and joined in {time.monotonic() - started:.1f} s")
    sender = await connect(base_url, cookies[0], room, [], asyncio.Semaphore(1))
    sent: dict[str, float] = {}
    for n in range(args.messages):
        body = f"bench {n} {secrets.token_hex(4)}"
        sent[body] = time.time()
        answer = await sender.call("message", {"room": room, "body": body}, timeout=30)
        if not answer.get("ok"):
            raise RuntimeError(f"send refused: {answer}")
        await asyncio.sleep(args.interval)
    expected = args.clients * args.messages
    deadline = time.monotonic() + 30
    while len(arrivals) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    latencies = sorted((at - sent[body]) * 1000 for body, at in arrivals if body in sent)
    for client in (*clients, sender):
        with contextlib.suppress(Exception):
            await client.disconnect()
    return {
        "clients": args.clients,
        "messages": args.messages,
        "expected": expected,
        "delivered": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "max_ms": round(latencies[-1], 1) if latencies else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=500, help="clients in the room (500)")
    parser.add_argument("--people", type=int, default=25, help="people behind them (25)")
    parser.add_argument("--messages", type=int, default=20, help="messages sent (20)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between sends")
    parser.add_argument("--redis", action="store_true", help="through the Redis message queue")
    parser.add_argument("--budget-ms", type=float, default=1000, help="p95 budget (1,000 ms)")
    parser.add_argument("--no-fail", action="store_true", help="report only, exit 0")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    redis_url = ""
    if args.redis:
        redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    with tempfile.TemporaryDirectory(prefix="dclic-bench-chat-") as folder:
        tmp = Path(folder)
        port = free_port()
        prefix = f"bench-chat-{secrets.token_hex(4)}"  # Redis keys and channel of this run
        env = server_env(tmp, port, args.clients, redis_url, prefix)
        args.people = max(1, min(args.people, args.clients))
        log(f"preparing {args.people + 1} accounts in one course")
        room = prepare_database(env, args.people)
        server = Server(tmp, env, port)
        log(f"starting gunicorn (1 worker × {env['GUNICORN_THREADS']} threads"
            f"{', Redis queue' if redis_url else ''})")  # fmt: skip
        try:
            server.start()
            result = asyncio.run(run(f"http://127.0.0.1:{port}", room, args))
        except Exception:
            log(f"gunicorn log (last lines):\n{server.tail()}")
            raise
        finally:
            server.stop()
            forget_keys(redis_url, prefix)
    result |= {
        "people": args.people,
        "redis": bool(redis_url),
        "budget_p95_ms": args.budget_ms,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"clients {result['clients']}  messages {result['messages']}  "
          f"delivered {result['delivered']}/{result['expected']}  p50 {result['p50_ms']} ms  "
          f"p95 {result['p95_ms']} ms  max {result['max_ms']} ms  (budget p95 {args.budget_ms:g} ms)")  # fmt: skip
    failed = result["delivered"] < result["expected"] or (result["p95_ms"] or 0) > args.budget_ms
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
