"""The production server: gunicorn with the repository's configuration, as deployed."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dclic.accounts import services
from dclic.core.db import db
from tests.conftest import PASSWORD, SECRET, free_port, make_migrated_app
from tests.core.test_realtime import connect, signed_in_cookie

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    app = make_migrated_app(tmp)
    with app.app_context():
        services.create_user(None, email="awa@example.org", password=PASSWORD, display_name="Awa")
        db.session.commit()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DCLIC_", "GUNICORN_"))}
    env.update(
        DCLIC_INSTANCE_PATH=str(tmp),
        DATABASE_URL=f"sqlite:///{tmp / 'app.sqlite3'}",
        SECRET_KEY=SECRET,
        MAIL_URL=f"outbox://{tmp / 'outbox'}",
        DCLIC_BASE_URL=f"http://127.0.0.1:{port}",
        GUNICORN_THREADS="8",
        HOME=str(tmp),  # gunicorn keeps its control socket in ~/.gunicorn
    )
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not answer within 30 s")
    yield base_url
    process.terminate()
    process.wait(10)


def test_gunicorn_serves_the_pages_without_naming_its_software(gunicorn):
    with urllib.request.urlopen(f"{gunicorn}/", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Server"] is None
        assert "Content-Security-Policy" in response.headers
        assert b'<html lang="fr" dir="ltr">' in response.read()


def test_gunicorn_upgrades_socket_connections_to_websocket(gunicorn):
    client, _, _ = connect(gunicorn, signed_in_cookie(gunicorn, "awa@example.org"))
    try:
        assert client.transport() == "websocket"
    finally:
        client.disconnect()
