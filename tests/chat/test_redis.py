"""Several server processes share the chat rooms through the real Redis message queue."""

from __future__ import annotations

import uuid

from dclic.core.db import db
from tests.chat.live import Chatter, gunicorn, populate
from tests.conftest import make_migrated_app
from tests.core.test_realtime import signed_in_cookie


def test_a_message_sent_through_one_process_reaches_a_client_of_another(tmp_path, redis_settings):
    app = make_migrated_app(tmp_path)
    people = populate(app)
    with app.app_context():
        db.engine.dispose()
    # Keys (send limits, presence) and a Socket.IO channel of its own: other runs never meet it.
    with gunicorn(tmp_path, 2, **redis_settings) as (first, second):
        awa = Chatter(first, signed_in_cookie(first, "awa@example.org"))
        moussa = Chatter(second, signed_in_cookie(second, "moussa@example.org"))
        try:
            assert awa.join(people.room)["ok"]
            joined = moussa.join(people.room)
            # Presence is shared too: Moussa, on the second process, sees Awa of the first.
            assert {p["name"] for p in joined["present"]} == {"Awa", "Moussa"}
            body = f"Bonjour depuis l'autre serveur {uuid.uuid4().hex}"
            sent = moussa.call("message", {"room": people.room, "body": body})["message"]
            assert awa.wait_for("message", lambda m: m["body"] == body) == sent
            came = awa.wait_for("presence", lambda e: e["user"]["id"] == people.ids["moussa"])
            assert came["state"] == "in"
        finally:
            awa.close()
            moussa.close()
