"""The chat over a real Socket.IO connection: rights on join and send, delivery, replay after a
disconnection, limits, typing, presence and moderation."""

from __future__ import annotations

import shutil
import time

import pytest

from dclic.core.db import db
from tests.chat.live import Chatter, populate, withdraw_from_course
from tests.conftest import make_app, make_migrated_app
from tests.core.test_realtime import serving, signed_in_cookie


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A SQLite file migrated once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("chat-schema")
    app = make_migrated_app(folder)
    with app.app_context():
        db.engine.dispose()  # every page written into the file itself
    return folder / "app.sqlite3"


@pytest.fixture
def chat(tmp_path, migrated):
    """A served app with the send limit on; ``chat(name)`` → a signed-in Chatter."""
    shutil.copy(migrated, tmp_path / "app.sqlite3")
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'app.sqlite3'}", DCLIC_RATELIMIT_ENABLED="1")
    people = populate(app)
    opened = []
    with serving(app) as base_url:

        def connect(name, transports=("websocket",)):
            cookie = signed_in_cookie(base_url, f"{name}@example.org")
            chatter = Chatter(base_url, cookie, transports)
            opened.append(chatter)
            return chatter

        connect.app, connect.room, connect.ids = app, people.room, people.ids
        yield connect
        for chatter in opened:
            chatter.close()


def test_only_people_with_the_right_join_a_room(chat):
    jean = chat("jean")
    refused = jean.join(chat.room)
    assert refused["ok"] is False and refused["error"]
    awa = chat("awa")
    joined = awa.join(chat.room)
    assert joined["ok"] is True
    assert joined["messages"] == [] and joined["more"] is False
    assert joined["present"] == [{"id": chat.ids["awa"], "name": "Awa"}]
    # Refused, Jean's socket is in no room: Awa's message never reaches him.
    awa.call("message", {"room": chat.room, "body": "Bonjour"})
    time.sleep(0.3)
    assert jean.events("message") == []


def test_a_message_reaches_the_others_live_and_the_sender_gets_it_back_stored(chat):
    awa, moussa = chat("awa"), chat("moussa")
    awa.join(chat.room)
    moussa.join(chat.room)
    answer = awa.call("message", {"room": chat.room, "body": " Bonjour ! ", "client_id": "m-1"})
    assert answer["ok"] is True
    stored = answer["message"]
    assert stored["body"] == "Bonjour !" and stored["author"]["id"] == chat.ids["awa"]
    assert moussa.wait_for("message") == stored


def test_a_retried_send_is_stored_and_delivered_once(chat):
    awa, moussa = chat("awa"), chat("moussa")
    awa.join(chat.room)
    moussa.join(chat.room)
    first = awa.call("message", {"room": chat.room, "body": "Une fois", "client_id": "r-1"})
    again = awa.call("message", {"room": chat.room, "body": "Une fois", "client_id": "r-1"})
    assert again["message"]["id"] == first["message"]["id"]
    moussa.wait_for("message")
    time.sleep(0.3)
    assert len(moussa.events("message")) == 1


def test_a_reconnecting_client_gets_what_it_missed_since_its_last_message(chat):
    awa, moussa = chat("awa"), chat("moussa")
    moussa.join(chat.room)
    seen = moussa.call("message", {"room": chat.room, "body": "Avant la coupure"})["message"]
    awa.join(chat.room)
    awa.close()  # Awa's connection drops
    sent = [moussa.call("message", {"room": chat.room, "body": f"Pendant {n}"})["message"]
            for n in range(3)]  # fmt: skip
    back = chat("awa").join(chat.room, after=seen["id"])
    assert [m["id"] for m in back["messages"]] == [m["id"] for m in sent]
    assert back["more"] is False


def test_sending_too_fast_is_refused_with_an_error_acknowledgement(chat):
    awa = chat("awa")
    awa.join(chat.room)
    answers = [awa.call("message", {"room": chat.room, "body": f"n{n}"}) for n in range(11)]
    assert all(a["ok"] for a in answers[:10])
    assert answers[10]["ok"] is False and answers[10]["error"]


def test_rights_are_checked_again_on_every_send(chat):
    moussa = chat("moussa")
    assert moussa.join(chat.room)["ok"]
    withdraw_from_course(chat.app, chat.ids["moussa"], int(chat.room.split(":")[1]))
    refused = moussa.call("message", {"room": chat.room, "body": "Encore là ?"})
    assert refused["ok"] is False


def test_too_long_and_malformed_input_get_errors_never_a_crash(chat):
    awa = chat("awa")
    awa.join(chat.room)
    too_long = awa.call("message", {"room": chat.room, "body": "x" * 1001})
    assert too_long["ok"] is False and "body" in too_long["errors"]
    for event, data in (("join", None), ("join", {"room": ["x"]}), ("message", "texte"),
                        ("message", {"room": chat.room, "body": {"a": 1}}),
                        ("delete", {"id": "abc"}), ("typing", {"room": 3})):  # fmt: skip
        assert awa.call(event, data)["ok"] is False
    assert awa.call("message", {"room": chat.room, "body": "Toujours connectée"})["ok"]


def test_typing_reaches_the_others_not_the_typist_and_is_throttled(chat):
    awa, moussa = chat("awa"), chat("moussa")
    awa.join(chat.room)
    moussa.join(chat.room)
    moussa.call("typing", {"room": chat.room})
    moussa.call("typing", {"room": chat.room})
    assert awa.wait_for("typing")["user"] == {"id": chat.ids["moussa"], "name": "Moussa"}
    time.sleep(0.3)
    assert len(awa.events("typing")) == 1
    assert moussa.events("typing") == []


def test_presence_tells_who_comes_and_goes(chat):
    awa, moussa = chat("awa"), chat("moussa")
    awa.join(chat.room)
    joined = moussa.join(chat.room)
    assert {p["name"] for p in joined["present"]} == {"Awa", "Moussa"}
    came = awa.wait_for("presence")
    assert (came["user"]["id"], came["state"]) == (chat.ids["moussa"], "in")
    moussa.close()
    went = awa.wait_for("presence", lambda e: e["state"] == "out")
    assert went["user"]["id"] == chat.ids["moussa"]


def test_a_moderator_deletes_a_message_for_everyone(chat):
    awa, moussa, mariam = chat("awa"), chat("moussa"), chat("mariam")
    for person in (awa, moussa, mariam):
        assert person.join(chat.room)["ok"]
    sent = awa.call("message", {"room": chat.room, "body": "Hors sujet"})["message"]
    assert moussa.call("delete", {"id": sent["id"]})["ok"] is False  # not his
    assert mariam.call("delete", {"id": sent["id"]}) == {"ok": True, "id": sent["id"]}
    assert moussa.wait_for("deleted") == {"room": chat.room, "id": sent["id"]}
    replay = chat("moussa").join(chat.room)["messages"]
    assert [(m["id"], m["deleted"], m["body"]) for m in replay] == [(sent["id"], True, "")]


def test_long_polling_carries_the_chat_where_websockets_are_blocked(chat):
    awa, moussa = chat("awa", transports=("polling",)), chat("moussa")
    assert awa.client.transport() == "polling"
    awa.join(chat.room)
    moussa.join(chat.room)
    sent = moussa.call("message", {"room": chat.room, "body": "Par le long-polling"})["message"]
    assert awa.wait_for("message") == sent
    assert awa.call("message", {"room": chat.room, "body": "Reçu"})["ok"]
