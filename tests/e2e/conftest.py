"""Browser journeys: one live dclic server and one headless Chromium for the whole session.

The server runs the real app (Alembic migrations, French demo data) on a fresh SQLite file,
served by werkzeug on 127.0.0.1 in a daemon thread. Chromium is Debian's (never a downloaded
browser); every request that is not for the app is aborted at once, so the tests never leave
the machine and never wait on a time-out. Each test gets a fresh browser context (cookies,
language) with that guard: ``phone`` (320×640, touch) or ``desktop`` (1280×800), or
``screen`` which runs the test on both.
"""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from dclic.core.i18n import compile_catalogs
from tests.conftest import make_app, service_missing
from tests.e2e.browser import Tab

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
]
ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@dclic.example"
ADMIN_PASSWORD = "apprendre-le-numerique-e2e"
ADMIN_NAME = "Administrateur dclic"  # as dclic.demo creates it
# The platform's public: browsers set to French.
BROWSER_LOCALE = "fr-FR"
SCREENS = {
    "phone": {
        "viewport": {"width": 320, "height": 640},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@dataclass
class LiveServer:
    """The running app: its origin, and helpers to ask it things directly."""

    origin: str
    app: Flask

    def translate(self, locale: str, message: str, **variables) -> str:
        """``message`` as the app renders it in ``locale`` (so tests follow the catalogs)."""
        from flask_babel import force_locale, gettext

        with self.app.test_request_context(), force_locale(locale):
            return gettext(message, **variables)

    def status(self, path: str) -> int:
        """The HTTP status of a GET on ``path`` (to see which modules are there)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy
        try:
            with opener.open(self.origin + path, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from dclic.core.db import db
    from dclic.demo import seed

    tmp = tmp_path_factory.mktemp("e2e")
    app = make_app(tmp, f"sqlite:///{tmp / 'e2e.sqlite3'}")
    # Like scripts/bootstrap, serve the catalogs compiled from the .po files of this tree.
    compile_catalogs(ROOT / "translations", tmp / "translations")
    app.extensions["babel"].translation_directories = [str(tmp / "translations")]
    with app.app_context():
        upgrade()
        seed(admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD)
        db.session.commit()
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield LiveServer(origin=f"http://127.0.0.1:{server.server_port}", app=app)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        service_missing(
            "Debian's Chromium",
            FileNotFoundError(f"{CHROMIUM} is missing; install it with apt-get install chromium"),
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _open_tab(browser, live_server, screen: str):
    blocked: list[str] = []
    origin = live_server.origin

    def guard(route):
        url = route.request.url
        if url == origin or url.startswith(origin + "/"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context = browser.new_context(locale=BROWSER_LOCALE, **SCREENS[screen])
    context.set_default_timeout(10_000)
    context.route("**/*", guard)
    tab = Tab(
        page=context.new_page(),
        origin=origin,
        width=SCREENS[screen]["viewport"]["width"],
        blocked=blocked,
    )
    return context, tab


@pytest.fixture
def phone(browser, live_server):
    """A fresh 320×640 touch phone context and its tab."""
    context, tab = _open_tab(browser, live_server, "phone")
    yield tab
    context.close()


@pytest.fixture
def desktop(browser, live_server):
    """A fresh 1280×800 desktop context and its tab."""
    context, tab = _open_tab(browser, live_server, "desktop")
    yield tab
    context.close()


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, live_server):
    """The test runs once on a phone and once on a desktop, each in a fresh context."""
    context, tab = _open_tab(browser, live_server, request.param)
    yield tab
    context.close()
