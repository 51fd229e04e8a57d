"""The mentoring API: my appointments, my mentor's free slots, booking and the actions, with
bearer authentication, 422 field errors, 409 clashes and 403 for the wrong person."""

from datetime import timedelta

import pytest

from tests.mentoring.conftest import at


@pytest.fixture
def bearer(session):
    from dclic.accounts.tokens import issue_api_token

    def headers(user):
        secret, _token = issue_api_token(user, "tests")
        session.flush()
        return {"Authorization": f"Bearer {secret}"}

    return headers


@pytest.fixture
def as_user(client, bearer):
    """``as_user(user)(method, path, **kwargs)``."""

    def make(user):
        headers = bearer(user)

        def call(method, path, **kwargs):
            return client.open(path, method=method, headers=headers, **kwargs)

        return call

    return make


ENDPOINTS = (
    ("GET", "/api/v1/me/appointments"),
    ("POST", "/api/v1/me/appointments"),
    ("GET", "/api/v1/me/appointments/1"),
    ("POST", "/api/v1/me/appointments/1/accept"),
    ("POST", "/api/v1/me/appointments/1/decline"),
    ("POST", "/api/v1/me/appointments/1/propose"),
    ("POST", "/api/v1/me/appointments/1/cancel"),
    ("POST", "/api/v1/me/appointments/1/reschedule"),
    ("GET", "/api/v1/me/mentors/X/slots"),
)


def test_every_endpoint_needs_a_bearer_token(client, login, learner):
    login(learner)  # a session cookie is not enough
    for method, path in ENDPOINTS:
        response = client.open(path, method=method, json={})
        assert response.status_code == 401, path
        assert response.get_json()["code"] == "unauthorized"


def test_slots_then_book_then_list(available, learner, mentor, monday, as_user, session):
    api = as_user(learner)
    response = api(
        "GET", f"/api/v1/me/mentors/{mentor.learner_code}/slots?from={monday}&to={monday}"
    )
    assert response.status_code == 200
    slots = response.get_json()["items"]
    assert len(slots) == 6 and slots[0]["starts_at"].startswith(at(monday, 9).isoformat()[:16])
    body = {"mentor": mentor.learner_code, "starts_at": slots[0]["starts_at"], "topic": "CV"}
    response = api("POST", "/api/v1/me/appointments", json=body)
    assert response.status_code == 201
    created = response.get_json()
    assert (created["status"], created["topic"], created["mentor"]["code"]) == (
        "requested", "CV", mentor.learner_code,
    )  # fmt: skip
    listed = api("GET", "/api/v1/me/appointments?when=upcoming&status=requested").get_json()
    assert [a["id"] for a in listed["items"]] == [created["id"]] and listed["meta"]["total"] == 1
    assert api("GET", "/api/v1/me/appointments?when=past").get_json()["items"] == []
    one = api("GET", f"/api/v1/me/appointments/{created['id']}")
    assert one.status_code == 200 and one.get_json()["learner"]["code"] == learner.learner_code
    free = api(
        "POST", "/api/v1/me/appointments", json={"mentor": mentor.learner_code, "topic": "?"}
    )
    assert free.status_code == 201 and free.get_json()["is_free_request"] is True


def test_a_taken_slot_is_a_conflict(booked, create_user, tutored, mentor, monday, as_user):
    other = create_user()
    tutored(other, mentor)
    body = {"mentor": mentor.learner_code, "starts_at": at(monday, 9).isoformat(), "topic": "X"}
    response = as_user(other)("POST", "/api/v1/me/appointments", json=body)
    assert response.status_code == 409
    assert response.get_json()["code"] == "conflict"


def test_bad_input_is_422_with_field_errors(available, learner, mentor, monday, as_user):
    api = as_user(learner)
    cases = (
        {"mentor": mentor.learner_code, "starts_at": "demain", "topic": "X"},
        {"mentor": mentor.learner_code, "starts_at": "2026-03-30T09:00:00", "topic": "X"},
        {"mentor": mentor.learner_code, "topic": ""},
        {"mentor": mentor.learner_code, "topic": "X", "surprise": 1},
    )
    for body, field in zip(cases, ("starts_at", "starts_at", "topic", "surprise"), strict=True):
        response = api("POST", "/api/v1/me/appointments", json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"], body
    response = api("POST", "/api/v1/me/appointments", data="x", content_type="text/plain")
    assert response.status_code == 400
    response = api("GET", "/api/v1/me/appointments?status=nope&when=later")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"status", "when"}
    path = f"/api/v1/me/mentors/{mentor.learner_code}/slots"
    assert api("GET", f"{path}?from={monday}&to={monday + timedelta(days=40)}").status_code == 422
    assert api("GET", f"{path}?from=lundi").status_code == 422
    body = {"mentor": mentor.learner_code, "starts_at": at(monday, 9, 7).isoformat(), "topic": "X"}
    response = api("POST", "/api/v1/me/appointments", json=body)  # not a slot
    assert response.status_code == 409


def test_only_my_mentors_and_my_appointments(booked, mentor, learner, create_user, as_user, monday):
    stranger = create_user()
    api = as_user(stranger)
    assert api("GET", f"/api/v1/me/appointments/{booked.id}").status_code == 403
    assert api("GET", "/api/v1/me/appointments/999999").status_code == 404
    assert api("GET", f"/api/v1/me/mentors/{mentor.learner_code}/slots").status_code == 404
    body = {"mentor": mentor.learner_code, "topic": "X"}
    assert api("POST", "/api/v1/me/appointments", json=body).status_code == 404
    assert (
        api("POST", f"/api/v1/me/appointments/{booked.id}/cancel", json={"reason": "x"}).status_code
        == 403
    )
    assert api("GET", "/api/v1/me/appointments").get_json()["items"] == []


def test_the_state_machine_through_the_api(booked, mentor, learner, monday, as_user, session):
    by_mentor, by_learner = as_user(mentor), as_user(learner)
    url = f"/api/v1/me/appointments/{booked.id}"
    assert by_learner("POST", f"{url}/accept", json={}).status_code == 403  # the mentor's
    assert by_mentor("POST", f"{url}/decline", json={}).status_code == 422  # no reason
    body = {"starts_at": at(monday, 14).isoformat(), "ends_at": at(monday, 14, 30).isoformat()}
    response = by_mentor("POST", f"{url}/propose", json=body)
    assert response.status_code == 200 and response.get_json()["status"] == "proposed"
    response = by_learner("POST", f"{url}/accept", json={})
    assert response.status_code == 200 and response.get_json()["status"] == "confirmed"
    assert by_learner("POST", f"{url}/accept", json={}).status_code == 409  # already confirmed
    body = {"starts_at": at(monday, 10).isoformat(), "reason": "Plus tôt"}
    response = by_learner("POST", f"{url}/reschedule", json=body)
    assert response.status_code == 200 and response.get_json()["status"] == "requested"
    response = by_learner("POST", f"{url}/cancel", json={"reason": "Empêchée"})
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert by_mentor("POST", f"{url}/decline", json={"reason": "x"}).status_code == 409


def test_the_mentoring_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/me/appointments"])
    assert "get" in paths["/api/v1/me/appointments/{appointment_id}"]
    assert "get" in paths["/api/v1/me/mentors/{mentor_code}/slots"]
    for action in ("accept", "decline", "propose", "cancel", "reschedule"):
        operation = paths[f"/api/v1/me/appointments/{{appointment_id}}/{action}"]["post"]
        assert {"200", "401", "403", "409", "422"} <= set(operation["responses"])
    book = paths["/api/v1/me/appointments"]["post"]
    assert {"201", "409", "422"} <= set(book["responses"])
