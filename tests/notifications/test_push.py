"""A new private message reaches the recipient's open tab through Socket.IO, after the commit."""

import threading
import time

import socketio as socketio_client

from dclic.accounts import services as accounts
from dclic.core.db import db
from dclic.messages import services
from tests.conftest import PASSWORD, make_migrated_app
from tests.core.test_realtime import serving, signed_in_cookie


def test_the_recipient_receives_the_notification_live(tmp_path):
    app = make_migrated_app(tmp_path)
    with app.app_context():
        for email, roles in (("mentor@example.org", ("mentor",)), ("awa@example.org", ())):
            accounts.create_user(
                None,
                email=email,
                password=PASSWORD,
                display_name=email,
                roles=roles or ("learner",),
            )
        db.session.commit()
    with serving(app) as base_url:
        client = socketio_client.Client(reconnection=False)
        received, arrived = [], threading.Event()

        @client.on("notification")
        def on_notification(data):
            received.append(data)
            arrived.set()

        cookie = signed_in_cookie(base_url, "awa@example.org")
        client.connect(
            base_url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=5
        )
        try:
            with app.app_context():
                from dclic.accounts.queries import get_user_by_email

                mentor = get_user_by_email("mentor@example.org")
                awa = get_user_by_email("awa@example.org")
                conversation = services.start_conversation(mentor, [awa], "Bonjour Awa")
                time.sleep(0.2)
                assert received == []  # nothing before the commit
                db.session.commit()
                conversation_id = conversation.id
            assert arrived.wait(5)
            (data,) = received
            assert data["kind"] == "message"
            assert data["link"] == f"/messages/{conversation_id}"
        finally:
            client.disconnect()
