"""The forums API: bearer authentication, the read rule, validation errors (422), a locked
thread (409)."""

from __future__ import annotations

import pytest

from dclic.forums import moderation


@pytest.fixture
def bearer(session):
    from dclic.accounts.tokens import issue_api_token

    def headers(user):
        secret, _token = issue_api_token(user, "tests")
        session.flush()
        return {"Authorization": f"Bearer {secret}"}

    return headers


def test_a_learner_lists_and_writes_in_their_course_forum(client, bearer, course_forum, learner):
    headers = bearer(learner)
    forums = client.get("/api/v1/forums", headers=headers).get_json()["items"]
    assert course_forum.id in [f["id"] for f in forums]
    response = client.post(
        f"/api/v1/forums/{course_forum.id}/threads",
        json={"title": "Question API", "body": "Comment *faire* ?"},
        headers=headers,
    )
    assert response.status_code == 201
    thread = response.get_json()
    assert thread["is_question"] is True
    response = client.post(
        f"/api/v1/forum-threads/{thread['id']}/posts", json={"body": "Précision"}, headers=headers
    )
    assert response.status_code == 201
    posts = client.get(f"/api/v1/forum-threads/{thread['id']}/posts", headers=headers).get_json()
    assert posts["meta"]["total"] == 2
    assert posts["items"][0]["html"] == "<p>Comment <em>faire</em> ?</p>\n"
    listed = client.get(f"/api/v1/forums/{course_forum.id}/threads", headers=headers).get_json()
    assert [t["id"] for t in listed["items"]] == [thread["id"]]


def test_bad_input_gets_422_with_field_errors(client, bearer, course_forum, learner):
    response = client.post(
        f"/api/v1/forums/{course_forum.id}/threads",
        json={"title": "", "body": "x" * 20_001, "extra": 1},
        headers=bearer(learner),
    )
    assert response.status_code == 422
    assert {"title", "body", "extra"} <= set(response.get_json()["errors"])
    response = client.get(
        f"/api/v1/forums/{course_forum.id}/threads?filter=nope", headers=bearer(learner)
    )
    assert response.status_code == 422


def test_a_non_member_gets_404_and_a_locked_thread_409(
    client, bearer, course_forum, learner, outsider, mentor, write
):
    thread = write(learner, course_forum)
    for path in (
        f"/api/v1/forums/{course_forum.id}/threads",
        f"/api/v1/forum-threads/{thread.id}/posts",
    ):
        assert client.get(path, headers=bearer(outsider)).status_code == 404
    assert course_forum.id not in [
        f["id"] for f in client.get("/api/v1/forums", headers=bearer(outsider)).get_json()["items"]
    ]
    moderation.set_locked(mentor, thread, True)
    response = client.post(
        f"/api/v1/forum-threads/{thread.id}/posts", json={"body": "Encore"}, headers=bearer(learner)
    )
    assert response.status_code == 409


def test_the_api_needs_a_token(client, login, learner):
    login(learner)
    assert client.get("/api/v1/forums").status_code == 401
