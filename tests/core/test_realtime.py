"""Real-time: signed-in browsers get a private room; events cross processes through Redis."""

import threading
import time
from contextlib import contextmanager

import pytest
import requests
import socketio as socketio_client
from flask_socketio import SocketIO
from werkzeug.serving import make_server

from dclic.accounts import services
from dclic.core.db import db
from dclic.core.realtime import emit_to_user, user_room
from tests.conftest import PASSWORD, make_migrated_app
from tests.helpers import TOKEN_PATTERN


@contextmanager
def serving(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def signed_in_cookie(base_url, email) -> str:
    browser = requests.Session()
    token = TOKEN_PATTERN.search(browser.get(f"{base_url}/login").text).group(1)
    response = browser.post(
        f"{base_url}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


@pytest.fixture
def live(tmp_path, redis_settings):
    # A Socket.IO channel of this test's own: another test run's events never reach it.
    app = make_migrated_app(tmp_path, **redis_settings)
    with app.app_context():
        user = services.create_user(
            None, email="awa@example.org", password=PASSWORD, display_name="Awa"
        )
        db.session.commit()
        user_id = user.id
    with serving(app) as base_url:
        yield app, base_url, user_id


def connect(base_url, cookie=None, origin=None):
    client = socketio_client.Client(reconnection=False)
    received = []
    arrived = threading.Event()

    @client.on("notice")
    def on_notice(data):
        received.append(data)
        arrived.set()

    headers = {"Cookie": cookie} if cookie else {}
    if origin:
        headers["Origin"] = origin
    client.connect(
        base_url,
        headers=headers,
        transports=["websocket"],
        wait_timeout=5,
    )
    return client, received, arrived


def test_an_anonymous_socket_connection_is_refused(live):
    _, base_url, _ = live
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        connect(base_url)


def test_a_page_of_another_site_cannot_open_a_socket_with_the_users_cookie(live):
    _, base_url, _ = live
    cookie = signed_in_cookie(base_url, "awa@example.org")
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        connect(base_url, cookie, origin="https://attacker.example")


def test_an_event_emitted_after_commit_reaches_the_users_open_tab(live):
    app, base_url, user_id = live
    client, received, arrived = connect(base_url, signed_in_cookie(base_url, "awa@example.org"))
    try:
        with app.app_context():
            emit_to_user(user_id, "notice", {"text": "Nouveau cours"})
            time.sleep(0.2)
            assert received == []  # nothing before the commit
            db.session.commit()
        assert arrived.wait(5)
        assert received == [{"text": "Nouveau cours"}]
    finally:
        client.disconnect()


def test_another_process_reaches_the_user_through_the_redis_message_queue(live, redis_url):
    app, base_url, user_id = live
    channel = app.config["DCLIC_SOCKETIO_CHANNEL"]
    assert app.extensions["socketio"].server.manager.channel == channel
    client, received, arrived = connect(base_url, signed_in_cookie(base_url, "awa@example.org"))
    try:
        # What a job worker does: a write-only Socket.IO bound to the same Redis queue.
        SocketIO(message_queue=redis_url, channel=channel).emit(
            "notice", {"text": "Rendez-vous confirmé"}, to=user_room(user_id), namespace="/"
        )
        assert arrived.wait(5)
        assert received == [{"text": "Rendez-vous confirmé"}]
    finally:
        client.disconnect()


def aged_cookie(app, cookie: str, field: str, seconds: int) -> str:
    """``cookie`` with the session's ``field`` stamp moved ``seconds`` into the past."""
    serializer = app.session_interface.get_signing_serializer(app)
    name = app.config["SESSION_COOKIE_NAME"]
    parts = []
    for part in cookie.split("; "):
        key, _, value = part.partition("=")
        if key == name:
            data = serializer.loads(value)
            data[field] -= seconds
            value = serializer.dumps(data)
        parts.append(f"{key}={value}")
    return "; ".join(parts)


@pytest.mark.parametrize(
    ("field", "too_old"),
    [
        ("_seen", lambda app: 24 * 3600),
        ("_auth_at", lambda app: app.config["DCLIC_SESSION_MAX_SECONDS"] + 60),
    ],
    ids=["idle", "past its lifetime"],
)
def test_a_socket_of_an_expired_session_is_refused(live, field, too_old):
    app, base_url, _ = live
    cookie = signed_in_cookie(base_url, "awa@example.org")
    client, _, _ = connect(base_url, cookie)  # the fresh session connects
    client.disconnect()
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        connect(base_url, aged_cookie(app, cookie, field, too_old(app)))
