"""The chat JSON API: my rooms, a room's messages, posting; same rights and limits as the socket."""

from dclic.chat import services


def test_the_api_needs_a_bearer_token(client, world):
    assert client.get("/api/v1/chat/rooms").status_code == 401
    assert (
        client.post(f"/api/v1/chat/rooms/{world.room}/messages", json={"body": "x"}).status_code
        == 401
    )


def test_my_rooms_come_with_their_kind_name_and_unread_count(client, world, bearer):
    services.post_message(world.moussa, world.room, "Bonjour")
    body = client.get("/api/v1/chat/rooms", headers=bearer(world.awa)).get_json()
    assert [(r["key"], r["kind"]) for r in body["items"]] == [
        (world.room, "course"),
        (f"group:{world.group.id}", "group"),
        (f"pair:{world.mentor.id}:{world.awa.id}", "pair"),
    ]
    assert body["items"][0]["unread"] == 1
    assert body["items"][0]["name"] == world.course.title
    assert body["meta"]["total"] == 3


def test_messages_after_an_id_and_before_one(client, world, bearer):
    ids = [services.post_message(world.moussa, world.room, f"n{n}")[0].id for n in range(4)]
    headers = bearer(world.awa)
    url = f"/api/v1/chat/rooms/{world.room}/messages"
    after = client.get(f"{url}?after={ids[1]}", headers=headers).get_json()
    assert [m["id"] for m in after["items"]] == ids[2:]
    assert after["items"][0]["author"] == {"id": world.moussa.id, "name": "Moussa"}
    before = client.get(f"{url}?before={ids[2]}&limit=1", headers=headers).get_json()
    assert [m["id"] for m in before["items"]] == [ids[1]] and before["more"] is True


def test_bad_history_queries_get_field_errors(client, world, bearer):
    url = f"/api/v1/chat/rooms/{world.room}/messages"
    headers = bearer(world.awa)
    response = client.get(f"{url}?limit=999&x=1&after=-1", headers=headers)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"limit", "x", "after"}
    response = client.get(f"{url}?after=1&before=2", headers=headers)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"before"}


def test_posting_a_message_returns_it_as_stored(client, world, bearer):
    url = f"/api/v1/chat/rooms/{world.room}/messages"
    response = client.post(
        url, json={"body": " Salut ", "client_id": "c1"}, headers=bearer(world.awa)
    )
    assert response.status_code == 201
    assert response.get_json()["body"] == "Salut"


def test_posting_bad_input_gets_field_errors(client, world, bearer):
    url = f"/api/v1/chat/rooms/{world.room}/messages"
    response = client.post(
        url, json={"body": "x" * 1001, "client_id": 3}, headers=bearer(world.awa)
    )
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"body", "client_id"}
    response = client.post(url, data="pas du JSON", headers=bearer(world.awa))
    assert response.status_code == 400


def test_a_room_one_may_not_join_is_not_found_through_the_api(client, world, bearer):
    headers = bearer(world.outsider)
    url = f"/api/v1/chat/rooms/{world.room}/messages"
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, json={"body": "Coucou"}, headers=headers).status_code == 404


def test_the_api_send_limit_answers_429(client, world, bearer, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", f"chat-api-{id(world)}")
    headers = bearer(world.awa)
    url = f"/api/v1/chat/rooms/{world.room}/messages"
    for n in range(10):
        assert client.post(url, json={"body": f"n{n}"}, headers=headers).status_code == 201
    response = client.post(url, json={"body": "trop"}, headers=headers)
    assert response.status_code == 429
    assert response.get_json()["code"] == "too_many_requests"
