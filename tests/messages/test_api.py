"""The private messages API: same rights, rules and rate limit as the pages; JSON shapes."""

import pytest

from dclic.messages import queries, services
from tests.conftest import PASSWORD, make_migrated_app

CONVERSATIONS = "/api/v1/me/conversations"


def messages_of(conversation_id):
    return f"{CONVERSATIONS}/{conversation_id}/messages"


def test_every_endpoint_needs_a_bearer_token(client, login, learner):
    login(learner)  # a session cookie is not enough
    for method, path in (
        ("GET", CONVERSATIONS),
        ("POST", CONVERSATIONS),
        ("GET", messages_of(1)),
        ("POST", messages_of(1)),
    ):
        response = client.open(path, method=method, json={})
        assert response.status_code == 401, path
        assert response.get_json()["code"] == "unauthorized"


def test_start_then_list_with_unread_counts(api, learner, mentor, session):
    response = api(
        mentor, "POST", CONVERSATIONS, json={"to": [learner.learner_code], "body": "Bonjour"}
    )
    assert response.status_code == 201
    started = response.get_json()
    assert started["others"] == [{"id": learner.id, "display_name": learner.display_name}]
    assert started["unread"] == 0
    services.send_message(mentor, queries.get_conversation_for(mentor, started["id"]), "Encore")
    body = api(learner, "GET", CONVERSATIONS).get_json()
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 1, "pages": 1}
    [item] = body["items"]
    assert (item["id"], item["unread"]) == (started["id"], 2)
    assert item["others"] == [{"id": mentor.id, "display_name": mentor.display_name}]
    assert api(mentor, "GET", CONVERSATIONS).get_json()["items"][0]["unread"] == 0


def test_reading_marks_read_and_shows_receipts_to_the_sender(api, learner, mentor, session):
    conversation = services.start_conversation(mentor, [learner], "Bonjour")
    before = api(mentor, "GET", messages_of(conversation.id)).get_json()
    assert [(m["is_mine"], m["receipt"]) for m in before["items"]] == [(True, "sent")]
    page = api(learner, "GET", messages_of(conversation.id)).get_json()
    [message] = page["items"]
    assert message["body"] == "Bonjour" and message["sender"]["id"] == mentor.id
    assert (message["is_mine"], message["read_by"], message["receipt"]) == (False, None, None)
    assert queries.count_unread_messages(learner, [conversation]) == {}
    after = api(mentor, "GET", messages_of(conversation.id)).get_json()["items"][0]
    assert after["receipt"] == "read"
    assert after["read_by"] == [{"id": learner.id, "display_name": learner.display_name}]


def test_history_pages_are_newest_first_each_oldest_first(api, learner, mentor, session):
    conversation = services.start_conversation(mentor, [learner], "n° 0")
    for n in range(1, 5):
        services.send_message(mentor, conversation, f"n° {n}")
    path = messages_of(conversation.id)
    first = api(learner, "GET", f"{path}?per_page=2").get_json()
    assert [m["body"] for m in first["items"]] == ["n° 3", "n° 4"]
    assert first["meta"]["pages"] == 3
    last = api(learner, "GET", f"{path}?per_page=2&page=3").get_json()
    assert [m["body"] for m in last["items"]] == ["n° 0"]


def test_reply_then_the_other_is_notified(api, learner, mentor, session):
    from dclic.notifications import queries as notifications

    conversation = services.start_conversation(mentor, [learner], "Bonjour")
    response = api(learner, "POST", messages_of(conversation.id), json={"body": "Merci !"})
    assert response.status_code == 201
    body = response.get_json()
    assert (body["body"], body["is_mine"], body["receipt"]) == ("Merci !", True, "sent")
    assert notifications.count_unread(mentor) == 1


def test_someone_elses_conversation_is_404(api, learner, mentor, person, session):
    conversation = services.start_conversation(mentor, [learner], "Privé")
    outsider = person()
    assert api(outsider, "GET", messages_of(conversation.id)).status_code == 404
    response = api(outsider, "POST", messages_of(conversation.id), json={"body": "Coucou"})
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    assert api(outsider, "GET", messages_of(999_999)).status_code == 404


def test_a_send_the_rules_refuse_is_403(api, person, session):
    adult, other = person(), person()
    conversation = services.start_conversation(adult, [other], "Bonjour")
    from dclic.accounts import services as accounts

    accounts.update_profile(None, other, accepts_learner_messages=False)
    response = api(adult, "POST", messages_of(conversation.id), json={"body": "Encore"})
    assert response.status_code == 403 and response.get_json()["code"] == "forbidden"


def test_a_protected_minors_code_is_the_same_field_error_as_an_unknown_one(
    api, learner, person, session
):
    minor = person(age=15)
    answers = [
        api(learner, "POST", CONVERSATIONS, json={"to": [code], "body": "Salut"})
        for code in (minor.learner_code, "ZZZ-000-NOPE")
    ]
    assert [r.status_code for r in answers] == [422, 422]
    assert all(list(r.get_json()["errors"]) == ["to"] for r in answers)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "Salut"}, "to"),
        ({"to": [], "body": "Salut"}, "to"),
        ({"to": "ABC", "body": "Salut"}, "to"),
        ({"to": ["X"] * 10, "body": "Salut"}, "to"),
        ({"to": ["ABC"]}, "body"),
        ({"to": ["ABC"], "body": 42}, "body"),
        ({"to": ["ABC"], "body": "Salut", "cc": ["DEF"]}, "cc"),
    ],
)
def test_a_bad_new_conversation_is_422_with_field_errors(api, learner, body, field):
    response = api(learner, "POST", CONVERSATIONS, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "body"), ({"body": "   "}, "body"), ({"body": "x" * 5001}, "body"), ({"x": 1}, "x")],
)
def test_a_bad_reply_is_422_with_field_errors(api, learner, mentor, session, body, field):
    conversation = services.start_conversation(mentor, [learner], "Bonjour")
    response = api(learner, "POST", messages_of(conversation.id), json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert len(queries.list_messages(conversation).items) == 1


def test_bad_bodies_and_queries(api, learner, mentor, session):
    conversation = services.start_conversation(mentor, [learner], "Bonjour")
    response = api(
        learner, "POST", messages_of(conversation.id), data="x", content_type="text/plain"
    )
    assert response.status_code == 400
    assert api(learner, "POST", CONVERSATIONS, json=["ABC"]).status_code == 400
    for query in ("page=0", "per_page=101", "page=abc", "colour=blue"):
        assert api(learner, "GET", f"{CONVERSATIONS}?{query}").status_code == 422, query


def test_the_list_costs_the_same_queries_for_one_or_many_conversations(
    api, learner, person, session, count_queries
):
    services.start_conversation(person(roles=("mentor",)), [learner], "Un")
    api(learner, "GET", CONVERSATIONS)  # the token is issued outside the count
    with count_queries() as one:
        assert api(learner, "GET", CONVERSATIONS).status_code == 200
    for _ in range(5):
        services.start_conversation(person(roles=("mentor",)), [learner], "Encore")
    with count_queries() as many:
        assert len(api(learner, "GET", CONVERSATIONS).get_json()["items"]) == 6
    assert many.n == one.n


def test_the_messages_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/me/conversations"])
    operations = paths["/api/v1/me/conversations/{conversation_id}/messages"]
    assert "404" in operations["post"]["responses"] and "429" in operations["post"]["responses"]


@pytest.fixture
def limited(tmp_path):
    app = make_migrated_app(tmp_path, DCLIC_RATELIMIT_ENABLED="1", WTF_CSRF_ENABLED=False)
    from dclic.accounts import services as accounts
    from dclic.accounts.tokens import issue_api_token
    from dclic.core.db import db

    with app.app_context():
        mentor = accounts.create_user(
            None, email="m@example.org", password=PASSWORD, display_name="M", roles=("mentor",)
        )
        learner = accounts.create_user(
            None, email="l@example.org", password=PASSWORD, display_name="L"
        )
        conversation = services.start_conversation(mentor, [learner], "Bonjour")
        secret, _token = issue_api_token(mentor, "tests")
        db.session.commit()
        conversation_id = conversation.id
    return app, conversation_id, {"Authorization": f"Bearer {secret}"}


def test_the_api_and_the_pages_share_the_senders_limit(limited):
    app, conversation_id, headers = limited
    client = app.test_client()
    client.post("/login", data={"email": "m@example.org", "password": PASSWORD})
    pages = [
        client.post(f"/messages/{conversation_id}", data={"body": f"n° {n}"}).status_code
        for n in range(10)
    ]
    api_client = app.test_client()  # no cookie: the token alone
    calls = [
        api_client.post(messages_of(conversation_id), json={"body": f"api {n}"}, headers=headers)
        for n in range(11)
    ]
    assert pages == [302] * 10
    assert [c.status_code for c in calls] == [201] * 10 + [429]
    assert calls[-1].get_json()["code"] == "too_many_requests"
    # Without a valid token: 401, never counted against the sender.
    assert api_client.post(messages_of(conversation_id), json={"body": "x"}).status_code == 401
