"""A live chat for socket tests: an app served on a free port, people in a course room, and
a real Socket.IO client that records what it receives."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import socketio as socketio_client

from dclic.accounts import services as accounts
from dclic.accounts.models import User
from dclic.core.db import db
from dclic.courses import services as courses
from dclic.learning import services as learning
from tests.conftest import PASSWORD, SECRET, free_port

ROOT = Path(__file__).resolve().parent.parent.parent

COURSE = {
    "code": "CHAT-001",
    "title": "Le web pour commencer",
    "summary": "HTML et CSS.",
    "level": "beginner",
    "track": "A",
    "domain": "web",
    "duration_minutes": 60,
}
EVENTS = ("message", "deleted", "typing", "presence")


@dataclass
class People:
    room: str
    ids: dict[str, int]  # by first name, lowercase


def populate(app) -> People:
    """Awa and Moussa follow one course; Jean does not; Mariam moderates (committed)."""
    with app.app_context():
        made = {}
        for name, roles in (("awa", ("learner",)), ("moussa", ("learner",)),
                            ("jean", ("learner",)), ("mariam", ("moderator",))):  # fmt: skip
            user = accounts.create_user(None, email=f"{name}@example.org", password=PASSWORD,
                                        display_name=name.title(), roles=roles)  # fmt: skip
            user.birth_year = 1990
            made[name] = user
        course = courses.create_course(None, **COURSE)
        course.status = "published"
        db.session.flush()
        for name in ("awa", "moussa"):
            learning.enrol(made[name], made[name], course)
        db.session.commit()
        return People(f"course:{course.id}", {n: u.id for n, u in made.items()})


def withdraw_from_course(app, user_id: int, course_id: int) -> None:
    """The person leaves the course (committed), as if from another tab."""
    from dclic.courses.models import Course
    from dclic.learning import queries

    with app.app_context():
        user = db.session.get(User, user_id)
        enrolment = queries.get_enrolment(user, course=db.session.get(Course, course_id))
        learning.withdraw(user, enrolment)
        db.session.commit()


class Chatter:
    """A real Socket.IO client of one signed-in person, keeping every chat event it gets."""

    def __init__(self, base_url: str, cookie: str, transports=("websocket",)):
        self.client = socketio_client.Client(reconnection=False)
        self.received: list[tuple[str, dict]] = []
        self._changed = threading.Condition()
        for event in EVENTS:
            self.client.on(event, self._recorder(event))
        self.client.connect(base_url, headers={"Cookie": cookie},
                            transports=list(transports), wait_timeout=5)  # fmt: skip

    def _recorder(self, event):
        def record(data):
            with self._changed:
                self.received.append((event, data))
                self._changed.notify_all()

        return record

    def call(self, event: str, data=None) -> dict:
        return self.client.call(event, data, timeout=5)

    def join(self, room: str, after: int = 0) -> dict:
        return self.call("join", {"room": room, "after": after})

    def events(self, kind: str) -> list[dict]:
        with self._changed:
            return [data for event, data in self.received if event == kind]

    def wait_for(self, kind: str, test=lambda data: True, timeout: float = 5) -> dict:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for event, data in self.received:
                    if event == kind and test(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {kind} event in {timeout}s: {self.received}")
                self._changed.wait(left)

    def close(self) -> None:
        """Disconnect (without websocket-client's 3 s wait for a close frame after the server
        has already ended the Engine.IO session)."""
        ws = getattr(self.client.eio, "ws", None)
        if ws is not None:
            ws.close = functools.partial(ws.close, timeout=0.1)
        self.client.disconnect()


@contextmanager
def gunicorn(folder: Path, count: int = 1, **settings):
    """``count`` server processes started the production way (gunicorn, the repository's
    config) on the database file in ``folder``, side by side; yields their base URLs."""
    started = []
    try:
        for _ in range(count):
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith(("DCLIC_", "GUNICORN_"))}
            env.pop("REDIS_URL", None)
            env.update(
                DCLIC_INSTANCE_PATH=str(folder),
                DATABASE_URL=f"sqlite:///{folder / 'app.sqlite3'}",
                SECRET_KEY=SECRET,
                MAIL_URL=f"outbox://{folder / 'outbox'}",
                DCLIC_BASE_URL=f"http://127.0.0.1:{port}",
                GUNICORN_THREADS="8",
                HOME=str(folder),  # gunicorn keeps its control socket in ~/.gunicorn
                **settings,
            )
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base_url in started:
            _wait_until_up(process, base_url)
        yield [base_url for _, base_url in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            process.wait(10)


def _wait_until_up(process, base_url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=1).close()
            return
        except OSError as exc:
            if process.poll() is not None:
                stderr = process.stderr.read().decode()[-2000:]
                raise RuntimeError(f"gunicorn stopped: {stderr}") from exc
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")
