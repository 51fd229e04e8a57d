"""The notification centre's API: list, unread filter, mark read, channels per kind."""

import pytest

from dclic.notifications import queries, services

NOTIFICATIONS = "/api/v1/me/notifications"
PREFERENCES = "/api/v1/me/notification-preferences"


@pytest.fixture
def user(create_user):
    return create_user()


def _notify(user, title="Titre"):
    return services.notify(user, "message", title, "/messages", body="Début du message")


def test_every_endpoint_needs_a_bearer_token(client, login, user):
    login(user)  # a session cookie is not enough
    for method, path in (
        ("GET", NOTIFICATIONS),
        ("POST", f"{NOTIFICATIONS}/read"),
        ("POST", f"{NOTIFICATIONS}/1/read"),
        ("GET", PREFERENCES),
        ("PATCH", PREFERENCES),
    ):
        response = client.open(path, method=method, json={})
        assert response.status_code == 401, path
        assert response.get_json()["code"] == "unauthorized"


def test_list_newest_first_with_the_unread_filter(api, user, session):
    first, second = _notify(user, "Premier"), _notify(user, "Second")
    services.mark_read(user, first)
    body = api(user, "GET", NOTIFICATIONS).get_json()
    assert [n["id"] for n in body["items"]] == [second.id, first.id]
    assert body["meta"]["total"] == 2
    item = body["items"][0]
    assert (item["kind"], item["title"], item["link"]) == ("message", "Second", "/messages")
    assert (item["body"], item["is_read"], item["read_at"]) == ("Début du message", False, None)
    unread = api(user, "GET", f"{NOTIFICATIONS}?unread=true").get_json()
    assert [n["id"] for n in unread["items"]] == [second.id]
    paged = api(user, "GET", f"{NOTIFICATIONS}?per_page=1&page=2").get_json()
    assert [n["id"] for n in paged["items"]] == [first.id]


def test_mark_one_then_all_as_read(api, user, create_user, session):
    first, _second, _third = _notify(user), _notify(user), _notify(user)
    response = api(user, "POST", f"{NOTIFICATIONS}/{first.id}/read")
    assert response.status_code == 200 and response.get_json()["is_read"] is True
    assert api(user, "POST", f"{NOTIFICATIONS}/{first.id}/read").status_code == 200  # again
    assert queries.count_unread(user) == 2
    assert api(user, "POST", f"{NOTIFICATIONS}/read").get_json() == {"marked": 2}
    assert api(user, "POST", f"{NOTIFICATIONS}/read").get_json() == {"marked": 0}
    assert queries.count_unread(user) == 0


def test_someone_elses_notification_is_404(api, user, create_user, session):
    theirs = _notify(create_user())
    response = api(user, "POST", f"{NOTIFICATIONS}/{theirs.id}/read")
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    assert theirs.read_at is None
    assert api(user, "POST", f"{NOTIFICATIONS}/999999/read").status_code == 404


def test_read_and_change_the_channels(api, user, session):
    body = api(user, "GET", PREFERENCES).get_json()
    by_kind = {p["kind"]: p for p in body["preferences"]}
    assert by_kind["message"]["channel"] == "immediate"
    assert by_kind["message"]["default"] == "immediate" and by_kind["message"]["label"]
    response = api(
        user,
        "PATCH",
        PREFERENCES,
        json={"channels": {"message": "digest", "course_completed": "off"}},
    )
    assert response.status_code == 200
    changed = {p["kind"]: p["channel"] for p in response.get_json()["preferences"]}
    assert (changed["message"], changed["course_completed"]) == ("digest", "off")
    assert queries.get_stored_preferences(user) == {"message": "digest", "course_completed": "off"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "channels"),
        ({"channels": {}}, "channels"),
        ({"channels": "off"}, "channels"),
        ({"channels": {"message": "pigeon"}}, "channels.message.value"),
        ({"channels": {"no_such_kind": "off"}}, "channels.no_such_kind"),
        ({"channels": {"message": "off"}, "extra": 1}, "extra"),
    ],
)
def test_bad_preferences_are_422_with_field_errors(api, user, session, body, field):
    response = api(user, "PATCH", PREFERENCES, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert queries.get_stored_preferences(user) == {}


def test_bad_queries_and_bodies(api, user, session):
    for query in ("unread=maybe", "page=0", "per_page=500", "colour=blue"):
        assert api(user, "GET", f"{NOTIFICATIONS}?{query}").status_code == 422, query
    response = api(user, "PATCH", PREFERENCES, data="off", content_type="text/plain")
    assert response.status_code == 400


def test_the_list_costs_the_same_queries_for_one_or_many(api, user, session, count_queries):
    _notify(user)
    api(user, "GET", NOTIFICATIONS)  # the token is issued outside the count
    with count_queries() as one:
        assert api(user, "GET", NOTIFICATIONS).status_code == 200
    for _ in range(10):
        _notify(user)
    with count_queries() as many:
        assert len(api(user, "GET", NOTIFICATIONS).get_json()["items"]) == 11
    assert many.n == one.n


def test_the_notification_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/me/notifications"]
    assert "404" in paths["/api/v1/me/notifications/{notification_id}/read"]["post"]["responses"]
    assert {"get", "patch"} <= set(paths["/api/v1/me/notification-preferences"])
