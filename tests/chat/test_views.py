"""The chat pages without JavaScript: room list, a room with history and form, deletion."""

import re

import sqlalchemy as sa

from dclic.chat import services
from dclic.chat.models import ChatMessage
from dclic.core.db import db
from tests.helpers import csrf_token


def _messages(room):
    return db.session.scalars(
        sa.select(ChatMessage).where(ChatMessage.room == room).order_by(ChatMessage.id)
    ).all()


def test_the_room_list_shows_my_rooms_with_unread_counts(client, login, world):
    services.post_message(world.moussa, world.room, "Bonjour")
    services.post_message(world.moussa, world.room, "Ça va ?")
    login(world.awa)
    html = client.get("/chat").get_data(as_text=True)
    assert f'href="/chat/{world.room}"' in html
    assert f'href="/chat/group:{world.group.id}"' in html
    assert f'href="/chat/pair:{world.mentor.id}:{world.awa.id}"' in html
    assert 'data-unread="2"' in html


def test_chat_pages_need_a_signed_in_person(client, world):
    assert client.get("/chat").status_code == 302
    assert client.get(f"/chat/{world.room}").status_code == 302


def test_a_room_shows_its_history_escaped_and_marks_it_read(client, login, world):
    services.post_message(world.moussa, world.room, "<script>alert(1)</script>")
    login(world.awa)
    response = client.get(f"/chat/{world.room}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert 'id="chat-form"' in html and 'id="refresh"' in html
    assert "js/chat.bundle." in html
    assert "data-unread" not in client.get("/chat").get_data(as_text=True)


def test_only_room_pages_load_the_chat_scripts(client, login, world):
    login(world.awa)
    for path in ("/chat", "/", "/messages"):
        html = client.get(path).get_data(as_text=True)
        assert "socket.io" not in html and "js/chat." not in html


def test_a_room_one_may_not_join_answers_not_found(client, login, world):
    login(world.outsider)
    assert client.get(f"/chat/{world.room}").status_code == 404
    assert client.get("/chat/nimportequoi").status_code == 404


def test_posting_the_form_stores_the_message_and_shows_it(client, login, world):
    login(world.awa)
    path = f"/chat/{world.room}"
    html = client.get(path).get_data(as_text=True)
    client_id = re.search(r'name="client_id" type="hidden" value="([0-9a-f]+)"', html).group(1)
    data = {
        "body": "Bonjour la classe",
        "client_id": client_id,
        "csrf_token": csrf_token(client, path),
    }
    response = client.post(path, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{path}#last")
    assert client.post(path, data=data).status_code == 302  # the same form sent twice
    assert [m.body for m in _messages(world.room)] == ["Bonjour la classe"]
    assert "Bonjour la classe" in client.get(path).get_data(as_text=True)


def test_an_empty_message_is_refused_on_the_page(client, login, world):
    login(world.awa)
    path = f"/chat/{world.room}"
    response = client.post(path, data={"body": "  ", "csrf_token": csrf_token(client, path)})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert _messages(world.room) == []


def test_a_message_without_csrf_token_is_refused(client, login, world):
    login(world.awa)
    response = client.post(f"/chat/{world.room}", data={"body": "Salut"})
    assert response.status_code == 400
    assert _messages(world.room) == []


def test_sending_too_fast_answers_a_friendly_page_that_keeps_the_text(
    client, login, world, app, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", f"chat-view-{id(world)}")
    login(world.awa)
    path = f"/chat/{world.room}"
    token = csrf_token(client, path)
    for n in range(10):
        assert client.post(path, data={"body": f"n{n}", "csrf_token": token}).status_code == 302
    response = client.post(path, data={"body": "Encore un", "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 'class="form-errors"' in html
    assert "Encore un</textarea>" in html
    assert len(_messages(world.room)) == 10


def test_a_moderator_deletes_a_message_from_the_page(client, login, world):
    message, _ = services.post_message(world.awa, world.room, "À effacer")
    db.session.flush()
    login(world.moderator)
    path = f"/chat/{world.room}"
    assert f'data-delete="{message.id}"' in client.get(path).get_data(as_text=True)
    response = client.post(
        f"{path}/messages/{message.id}/delete", data={"csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 302
    db.session.refresh(message)
    assert message.deleted_at is not None and message.body == ""


def test_a_learner_sees_no_delete_button_on_others_messages(client, login, world):
    message, _ = services.post_message(world.moussa, world.room, "Le mien")
    login(world.awa)
    path = f"/chat/{world.room}"
    assert f'data-delete="{message.id}"' not in client.get(path).get_data(as_text=True)
    response = client.post(
        f"{path}/messages/{message.id}/delete", data={"csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 403
    db.session.refresh(message)
    assert message.deleted_at is None


def test_older_messages_are_a_link_away(client, login, world):
    for n in range(35):
        services.post_message(world.moussa, world.room, f"n{n}")
    login(world.awa)
    html = client.get(f"/chat/{world.room}").get_data(as_text=True)
    older = re.search(r'href="([^"]+before=\d+)" rel="next"', html).group(1)
    page = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    assert ">n0</p>" in page and ">n34</p>" not in page
    assert 'data-live="0"' in page


def test_a_direct_conversation_opens_from_a_learner_code(client, login, world):
    login(world.awa)
    token = csrf_token(client, "/chat")
    response = client.post("/chat", data={"code": world.mentor.learner_code, "csrf_token": token})
    low, high = sorted((world.awa.id, world.mentor.id))
    assert response.headers["Location"].endswith(f"/chat/dm:{low}:{high}")
    refused = client.post("/chat", data={"code": "PERSONNE", "csrf_token": token})
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.get_data(as_text=True)


def test_a_full_room_page_fits_in_one_round_trip(client, login, world):
    import gzip

    for n in range(40):
        services.post_message(world.moussa, world.room, f"Message {n} : " + "une phrase. " * 15)
    login(world.awa)
    html = client.get(f"/chat/{world.room}").get_data()
    assert len(gzip.compress(html)) <= 14 * 1024


def test_the_room_page_loads_one_script_within_the_javascript_budget(client, login, world):
    bundle = client.application.extensions["dclic_assets"].assets["js/chat.bundle.js"]
    assert len(bundle.br) <= 20 * 1024
    assert b"sourceMappingURL" not in bundle.raw
    login(world.awa)
    html = client.get(f"/chat/{world.room}").get_data(as_text=True)
    assert re.findall(r'<script[^>]*src="([^"]+)"', html) == [f"/static/{bundle.hashed_name}"]
    script = client.get(f"/static/{bundle.hashed_name}")
    assert script.status_code == 200 and b"tryAllTransports" in script.get_data()
