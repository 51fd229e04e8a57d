"""The learning API: shapes, bearer authentication, rights and validation errors, OpenAPI."""

import pytest

from dclic.learning import services


@pytest.fixture
def api(client, learner, bearer):
    """``api(method, path, **kwargs)`` as the learner."""
    headers = bearer(learner)

    def call(method, path, **kwargs):
        return client.open(path, method=method, headers=headers, **kwargs)

    return call


def test_every_endpoint_needs_a_bearer_token(client, login, learner):
    login(learner)  # a session cookie is not enough
    for method, path in (
        ("GET", "/api/v1/me/enrolments"),
        ("POST", "/api/v1/me/enrolments"),
        ("DELETE", "/api/v1/me/enrolments/1"),
        ("GET", "/api/v1/me/courses/X/progress"),
        ("GET", "/api/v1/me/courses/X/syllabus"),
        ("POST", "/api/v1/me/steps/1/completion"),
    ):
        response = client.open(path, method=method)
        assert response.status_code == 401, path
        assert response.get_json()["code"] == "unauthorized"


def test_enrol_then_list_with_progress(api, course_with_steps, create_path):
    course_with_steps(code="API-L-001", title="Cours API")
    other, _ = course_with_steps(code="API-L-002")
    create_path(courses=[(other, True)], code="API-L-PATH")
    response = api("POST", "/api/v1/me/enrolments", json={"course": "api-l-001"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["kind"] == "course" and body["course"]["code"] == "API-L-001"
    assert (body["status"], body["mode"], body["path"]) == ("active", "self", None)
    assert api("POST", "/api/v1/me/enrolments", json={"path": "API-L-PATH"}).status_code == 201
    body = api("GET", "/api/v1/me/enrolments").get_json()
    [item] = body["courses"]
    assert item["course"] == {"code": "API-L-001", "title": "Cours API", "language": "fr"}
    assert (item["steps_done"], item["steps_total"], item["percent"]) == (0, 4, 0)
    assert item["enrolment_id"] and item["status"] == "active"
    [path] = body["paths"]
    assert (path["path"]["code"], path["required_done"], path["required_total"]) == (
        "API-L-PATH",
        0,
        1,
    )
    assert path["courses"][0]["progress"]["course"]["code"] == "API-L-002"


def test_complete_steps_and_read_progress_and_syllabus(api, learner, course_with_steps):
    course, steps = course_with_steps(code="API-S-001", steps=(1, 1))
    services.enrol_in_course(learner, learner, course)
    response = api("POST", f"/api/v1/me/steps/{steps[0].id}/completion")
    assert response.status_code == 200
    assert (response.get_json()["steps_done"], response.get_json()["percent"]) == (1, 50)
    body = api("GET", "/api/v1/me/courses/API-S-001/syllabus").get_json()
    assert [m["title"] for m in body["modules"]] == ["Module 1", "Module 2"]
    assert [s["is_done"] for m in body["modules"] for s in m["steps"]] == [True, False]
    api("POST", f"/api/v1/me/steps/{steps[1].id}/completion")
    body = api("GET", "/api/v1/me/courses/API-S-001/progress").get_json()
    assert (body["status"], body["percent"]) == ("completed", 100)
    assert body["completed_at"]


def test_withdraw_through_the_api(api, learner, create_course, create_user, session):
    course = create_course()
    enrolment = services.enrol_in_course(learner, learner, course)
    other = create_user()
    someone_else = services.enrol_in_course(other, other, create_course())
    assert api("DELETE", f"/api/v1/me/enrolments/{someone_else.id}").status_code == 404
    assert api("DELETE", f"/api/v1/me/enrolments/{enrolment.id}").status_code == 204
    session.refresh(enrolment)
    assert enrolment.status == "withdrawn"


def test_rights_are_403(api, mentor, learner, create_course, create_path, course_with_steps):
    create_path(courses=[(create_course(), True)], code="API-TUT", is_tutored=True)
    response = api("POST", "/api/v1/me/enrolments", json={"path": "API-TUT"})
    assert response.status_code == 403 and response.get_json()["code"] == "forbidden"
    _course, steps = course_with_steps()
    assert api("POST", f"/api/v1/me/steps/{steps[0].id}/completion").status_code == 403
    assigned = services.enrol_in_course(mentor, learner, create_course())
    assert api("DELETE", f"/api/v1/me/enrolments/{assigned.id}").status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "_schema"),
        ({"course": "A", "path": "B"}, "_schema"),
        ({"course": ""}, "course"),
        ({"course": "NOPE-404"}, "course"),
        ({"path": "NOPE-404"}, "path"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_enrol_body_is_422_with_field_errors(api, body, field):
    response = api("POST", "/api/v1/me/enrolments", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_not_followed_or_unknown_is_404(api, course_with_steps):
    course_with_steps(code="API-NF-001")
    assert api("GET", "/api/v1/me/courses/API-NF-001/progress").status_code == 404
    assert api("GET", "/api/v1/me/courses/NOPE/progress").status_code == 404
    assert api("POST", "/api/v1/me/steps/999999/completion").status_code == 404
    response = api("POST", "/api/v1/me/enrolments", data="nope", content_type="text/plain")
    assert response.status_code == 400


def test_the_learning_endpoints_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/me/enrolments"])
    assert "delete" in paths["/api/v1/me/enrolments/{enrolment_id}"]
    for path in (
        "/api/v1/me/courses/{code}/progress",
        "/api/v1/me/courses/{code}/syllabus",
        "/api/v1/me/steps/{step_id}/completion",
    ):
        assert path in paths
    enrol = paths["/api/v1/me/enrolments"]["post"]
    assert {"201", "401", "403", "422"} <= set(enrol["responses"])
    assert enrol["security"] == [{"bearer": []}]
    assert "EnrolBody" in document["components"]["schemas"]
