"""Catalogue pages: wiring, shareable filter addresses, friendly errors, no N+1."""

import html
import itertools
import re
from urllib.parse import parse_qs, urlsplit

import pytest


def page_links(body: str) -> list[str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', body, re.S)
    assert nav, "no pagination"
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', nav.group(0))]


def test_the_catalogue_lists_published_courses_only(client, create_course):
    create_course(title="Premiers pas avec un smartphone")
    create_course(title="Brouillon secret", status="draft")
    response = client.get("/catalogue")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Premiers pas avec un smartphone" in body
    assert "Brouillon secret" not in body
    assert '<label for="q">' in body and '<label for="level">' in body


def test_filters_are_kept_in_the_form_and_in_the_page_links(client, create_course):
    for n in range(23):
        create_course(
            title=f"Marketing {n:02d}", track="M", level="intermediate", domain="marketing"
        )
    create_course(title="Marketing A", track="A", level="intermediate", domain="marketing")
    response = client.get("/catalogue?q=marketing&track=M&level=intermediate&page=2")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'value="marketing"' in body
    assert '<option selected value="M">' in body
    assert "Marketing A" not in body
    links = page_links(body)
    for link in links:
        query = parse_qs(urlsplit(link).query)
        assert urlsplit(link).path == "/catalogue"
        assert query["q"] == ["marketing"]
        assert query["track"] == ["M"]
        assert query["level"] == ["intermediate"]
        assert "language" not in query  # unused filters stay out of the address
    assert any("page" not in parse_qs(urlsplit(link).query) for link in links)  # page 1
    pagination = body[body.index('class="pagination"') :]  # the header's menu marks its own link
    current = re.search(r'<a href="([^"]+)" aria-current="page">', pagination)
    assert current and parse_qs(urlsplit(html.unescape(current.group(1))).query)["page"] == ["2"]


def test_an_unknown_filter_value_is_explained_not_crashed(client):
    response = client.get("/catalogue?level=expert")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_a_published_course_page_shows_its_facts_and_paths(client, create_course, create_path):
    course = create_course(
        code="V-COURSE-001",
        title="Créer sa première page web en HTML",
        keywords="HTML, accessibilité",
        duration_minutes=90,
        level="beginner",
        track="M",
    )
    create_path(courses=[(course, True)], title="Métiers du web")
    body = client.get("/courses/V-COURSE-001?lang=en").get_data(as_text=True)
    for text in (
        "V-COURSE-001",
        "Créer sa première page web en HTML",
        "CC BY-SA 4.0",
        "HTML, accessibilité",
        "1 h 30 min",
        "Beginner",
        "Track M: careers",
        "Métiers du web",
    ):
        assert text in body


def test_a_course_address_in_lower_case_redirects_to_the_canonical_one(client, create_course):
    create_course(code="V-CANON-001")
    response = client.get("/courses/v-canon-001")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/courses/V-CANON-001")


@pytest.mark.parametrize("status", ["draft", "archived", None])
def test_a_missing_or_unpublished_course_gets_a_friendly_404_page(client, create_course, status):
    if status:
        create_course(code="V-HIDDEN-001", title="Brouillon caché", status=status)
    response = client.get("/courses/V-HIDDEN-001")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "<!doctype html>" in body
    assert 'name="viewport"' in body
    assert "Brouillon caché" not in body


def test_the_path_pages_show_ordered_required_and_optional_courses(
    client, create_course, create_path
):
    first = create_course(title="Premier cours")
    second = create_course(title="Second cours")
    create_path(
        courses=[(first, True), (second, False)],
        code="V-PATH-001",
        title="Initiation au numérique",
        is_tutored=False,
    )
    listing = client.get("/paths").get_data(as_text=True)
    assert "/paths/V-PATH-001" in listing
    body = client.get("/paths/V-PATH-001?lang=en").get_data(as_text=True)
    assert body.index("Premier cours") < body.index("Second cours")
    steps = re.search(r'<ol class="path-steps">.*?</ol>', body, re.S).group(0)
    assert "Required" in steps and "Optional" in steps
    assert client.get("/paths/V-NOPE-404").status_code == 404


def test_headings_go_in_order_on_the_catalogue(client, create_course):
    create_course()
    body = client.get("/catalogue").get_data(as_text=True)
    levels = [int(level) for level in re.findall(r"<h([1-6])", body)]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


def test_the_catalogue_runs_the_same_few_queries_for_any_number_of_courses(
    client, create_course, create_path, count_queries
):
    create_course()
    create_course()
    client.get("/catalogue")  # warm-up: first request builds caches
    with count_queries() as few:
        assert client.get("/catalogue").status_code == 200
    for _ in range(10):
        create_course()
    with count_queries() as many:
        assert client.get("/catalogue").status_code == 200
    # Platform settings, domains, count, page of courses; plus the test's SAVEPOINT pair.
    assert many.n == few.n <= 6


def test_a_path_page_runs_the_same_few_queries_for_any_number_of_courses(
    client, create_course, create_path, count_queries
):
    small = create_path(courses=[(create_course(), True)])
    big = create_path(courses=[(create_course(), True) for _ in range(8)])
    with count_queries() as few:
        assert client.get(f"/paths/{small.code}").status_code == 200
    with count_queries() as many:
        assert client.get(f"/paths/{big.code}").status_code == 200
    # Platform settings, the path, then its steps with their courses; plus the SAVEPOINT pair.
    assert many.n == few.n <= 5
    with count_queries() as listing:
        assert client.get("/paths").status_code == 200
    assert listing.n <= 6


def test_course_titles_carry_their_own_language_on_pages_in_another(client, create_course):
    create_course(title="Premiers pas sur Internet", language="fr")
    body = client.get("/catalogue?lang=ar").get_data(as_text=True)
    assert '<h3 lang="fr"><a href=' in body
