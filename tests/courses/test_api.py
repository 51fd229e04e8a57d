"""The catalogue's JSON API: shapes, validation errors, 404s and the OpenAPI document."""

import pytest


def test_courses_are_listed_as_a_page_of_items_with_meta(client, create_course):
    for n in range(3):
        create_course(code=f"API-LIST-{n}", domain="api-test", keywords="un, deux")
    create_course(code="API-LIST-DRAFT", domain="api-test", status="draft")
    response = client.get("/api/v1/courses?domain=api-test&per_page=2&page=2")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"items", "meta"}
    assert body["meta"] == {"page": 2, "per_page": 2, "total": 3, "pages": 2}
    [item] = body["items"]
    assert item["code"].startswith("API-LIST-")
    assert item["keywords"] == ["un", "deux"]
    assert {"title", "summary", "level", "track", "language", "duration_minutes", "licence"} <= set(
        item
    )


def test_the_api_search_ignores_accents(client, create_course):
    create_course(code="API-SEC-001", title="Introduction à la cybersécurité")
    body = client.get("/api/v1/courses?q=CYBERSECURITE").get_json()
    assert [item["code"] for item in body["items"]] == ["API-SEC-001"]


def test_empty_filters_mean_no_filter(client, create_course):
    create_course(code="API-EMPTY-001")
    response = client.get("/api/v1/courses?level=&track=&q=&per_page=100")
    assert response.status_code == 200
    assert "API-EMPTY-001" in [item["code"] for item in response.get_json()["items"]]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=1000", "per_page"),
        ("page=0", "page"),
        ("level=expert", "level"),
        ("track=Z", "track"),
        ("language=de", "language"),
        ("domain=Not%20A%20Slug", "domain"),
        ("colour=blue", "colour"),
    ],
)
def test_a_bad_query_is_refused_with_field_errors(client, query, field):
    response = client.get(f"/api/v1/courses?{query}")
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert body["request_id"]


def test_a_course_is_returned_with_its_published_paths(client, create_course, create_path):
    course = create_course(code="API-ONE-001")
    create_path(courses=[(course, True)], code="API-PATH-001", is_tutored=True)
    create_path(courses=[(course, True)], code="API-PATH-002", publish=False)
    response = client.get("/api/v1/courses/API-ONE-001")
    assert response.status_code == 200
    body = response.get_json()
    assert body["code"] == "API-ONE-001"
    assert [path["code"] for path in body["paths"]] == ["API-PATH-001"]
    assert body["paths"][0]["is_tutored"] is True


@pytest.mark.parametrize("url", ["/api/v1/courses/API-DRAFT-001", "/api/v1/paths/API-NOPE"])
def test_missing_or_unpublished_things_are_a_json_404(client, create_course, url):
    create_course(code="API-DRAFT-001", status="draft")
    response = client.get(url)
    assert response.status_code == 404
    assert response.is_json
    body = response.get_json()
    assert body["code"] == "not_found"
    assert body["message"]
    assert body["request_id"]


def test_paths_are_listed_and_detailed_in_order(client, create_course, create_path):
    first, second = create_course(code="API-STEP-1"), create_course(code="API-STEP-2")
    create_path(courses=[(first, True), (second, False)], code="API-PATH-010")
    listing = client.get("/api/v1/paths?per_page=100").get_json()
    assert "API-PATH-010" in [path["code"] for path in listing["items"]]
    assert set(listing["meta"]) == {"page", "per_page", "total", "pages"}
    body = client.get("/api/v1/paths/api-path-010").get_json()
    assert [(s["position"], s["is_required"], s["course"]["code"]) for s in body["courses"]] == [
        (1, True, "API-STEP-1"),
        (2, False, "API-STEP-2"),
    ]


def test_the_catalogue_endpoints_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    for path in (
        "/api/v1/courses",
        "/api/v1/courses/{code}",
        "/api/v1/paths",
        "/api/v1/paths/{code}",
    ):
        assert "get" in paths[path]
    parameters = {p["name"] for p in paths["/api/v1/courses"]["get"]["parameters"]}
    assert {"q", "track", "level", "language", "domain", "page", "per_page"} <= parameters
    assert "404" in paths["/api/v1/courses/{code}"]["get"]["responses"]
    assert "422" in paths["/api/v1/courses"]["get"]["responses"]


def test_the_course_list_takes_the_catalogue_filters(client, create_course):
    create_course(title="Court", duration_minutes=45)
    create_course(title="Long", duration_minutes=900)
    body = client.get("/api/v1/courses?duration=under-1h&provider=dclic").get_json()
    assert [item["title"] for item in body["items"]] == ["Court"]
    bad = client.get("/api/v1/courses?duration=forever&format=hologram")
    assert bad.status_code in (400, 422)
    assert {"duration", "format"} <= set(bad.get_json()["errors"])
