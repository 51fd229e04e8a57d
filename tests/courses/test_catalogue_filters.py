"""The catalogue's filters (duration, content, provider and the others) alone and together,
their choices, the form and the page's shareable addresses."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from dclic.core.db import db
from dclic.courses import queries
from dclic.courses.forms import DURATION_LABELS, FORMAT_LABELS
from dclic.courses.search import DURATIONS, FORMATS
from tests.courses.catalogue import add_syllabus, search


def test_the_form_offers_every_duration_and_format_the_query_knows():
    assert set(DURATION_LABELS) == set(DURATIONS)
    assert set(FORMAT_LABELS) == set(FORMATS)


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("under-1h", {"D-30", "D-59"}),
        ("1-3h", {"D-60", "D-180"}),
        ("3-10h", {"D-181", "D-600"}),
        ("over-10h", {"D-601"}),
    ],
)
def test_duration_ranges_and_their_limits(create_course, duration, expected):
    for minutes in (30, 59, 60, 180, 181, 600, 601):
        create_course(code=f"D-{minutes}", duration_minutes=minutes)
    assert set(search(duration=duration)) == expected


@pytest.fixture
def formats(create_course):
    """Courses of every content: video, file, both, text and link only, nothing yet."""
    add_syllabus(create_course(code="F-VIDEO"), ["text", "video"])
    add_syllabus(create_course(code="F-FILE"), ["file"], ["text"])
    add_syllabus(create_course(code="F-BOTH"), ["video"], ["file", "activity"])
    add_syllabus(create_course(code="F-TEXT"), ["text", "link"], ["activity"])
    create_course(code="F-EMPTY")


@pytest.mark.parametrize(
    ("format_", "expected"),
    [
        ("video", {"F-VIDEO", "F-BOTH"}),
        ("files", {"F-FILE", "F-BOTH"}),
        ("text", {"F-TEXT"}),  # a course without any step is not "text only"
    ],
)
def test_the_content_filter_looks_at_the_steps(formats, format_, expected):
    assert set(search(format=format_)) == expected


def test_the_provider_filter_tells_our_courses_from_harvested_ones(create_course):
    ours = create_course(code="P-OURS")
    fun = create_course(code="P-FUN")
    uvs = create_course(code="P-UVS")
    hidden = create_course(code="P-DRAFT", status="draft")
    fun.provider, uvs.provider, hidden.provider = "FUN MOOC", "UVS", "Brouillons"
    fun.source_url = "https://www.fun-mooc.fr/cours/1"
    db.session.flush()
    assert search(provider="dclic") == [ours.code]
    assert search(provider="FUN MOOC") == ["P-FUN"]
    assert search(provider="Nobody") == []
    domains, providers = queries.list_filter_choices()
    assert providers == ["FUN MOOC", "UVS"]  # published courses only, by name
    assert domains == ["web"]


def test_filters_combine_with_each_other_and_with_words(create_course):
    match = create_course(
        code="C-MATCH", title="Créer un site", domain="web", duration_minutes=120, level="advanced"
    )
    add_syllabus(match, ["video"])
    add_syllabus(create_course(code="C-TEXT", title="Créer un site", domain="web"), ["text"])
    add_syllabus(create_course(code="C-DOM", title="Créer un site", domain="design"), ["video"])
    add_syllabus(
        create_course(code="C-LONG", title="Créer un site", duration_minutes=900), ["video"]
    )
    add_syllabus(create_course(code="C-WORD", title="Autre sujet", domain="web"), ["video"])
    filters = {"domain": "web", "duration": "1-3h", "format": "video", "provider": "dclic"}
    assert search("creer site", **filters) == ["C-MATCH"]
    assert search("creer site", **filters, level="beginner") == []
    assert set(search(**filters)) == {"C-MATCH", "C-WORD"}


# --- the page ---------------------------------------------------------------------------------


def page_links(body: str) -> list[str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', body, re.S)
    assert nav, "no pagination"
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', nav.group(0))]


def test_new_filters_are_kept_in_the_form_and_in_the_page_links(client, create_course):
    for n in range(22):
        add_syllabus(create_course(title=f"Vidéo {n:02d}", duration_minutes=90), ["video"])
    response = client.get("/catalogue?q=video&duration=1-3h&format=video&provider=dclic&page=2")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert '<option selected value="1-3h">' in body
    assert '<option selected value="video">' in body
    assert '<option selected value="dclic">' in body  # shown: it is in the address
    for link in page_links(body):
        query = parse_qs(urlsplit(link).query)
        assert query["duration"] == ["1-3h"] and query["format"] == ["video"]
        assert query["provider"] == ["dclic"] and query["q"] == ["video"]
        assert "level" not in query


def test_the_provider_list_shows_only_when_courses_come_from_elsewhere(client, create_course):
    create_course()
    assert 'id="provider"' not in client.get("/catalogue").get_data(as_text=True)
    harvested = create_course(title="Cours moissonné")
    harvested.provider = "FUN MOOC"
    db.session.flush()
    body = client.get("/catalogue").get_data(as_text=True)
    assert '<option value="FUN MOOC">FUN MOOC</option>' in body
    assert "FUN MOOC" in body[body.index("Cours moissonné") :]  # the card says where it is from


@pytest.mark.parametrize("query", ["duration=2h", "format=audio", "provider=Nobody"])
def test_an_unknown_filter_value_is_explained(client, create_course, query):
    create_course()
    response = client.get(f"/catalogue?{query}")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_the_catalogue_shows_a_plain_excerpt_of_markdown_summaries(client, create_course):
    create_course(
        title="Markdown", summary="Un **cours** avec [un lien](https://exemple.org) & plus"
    )
    body = client.get("/catalogue").get_data(as_text=True)
    assert "Un cours avec un lien &amp; plus" in body
    assert "**" not in body and "exemple.org" not in body


def test_filtering_and_searching_run_the_same_few_queries_for_any_number_of_courses(
    client, create_course, count_queries
):
    def create(n):
        for _ in range(n):
            add_syllabus(create_course(title="Tableur et vidéo", duration_minutes=90), ["video"])

    address = "/catalogue?q=tableur&format=video&duration=1-3h&provider=dclic"
    create(2)
    client.get(address)  # warm-up: first request builds caches
    with count_queries() as few:
        assert client.get(address).status_code == 200
    create(10)
    with count_queries() as many:
        assert client.get(address).status_code == 200
    # Platform settings, filter choices, count, page of courses; plus the SAVEPOINT pair.
    assert many.n == few.n <= 6


def test_searched_and_filtered_lists_are_paginated_with_their_total(create_course):
    for n in range(5):
        add_syllabus(create_course(code=f"PG-{n}", title=f"Tableur {n}"), ["video"])
    second = queries.list_published_courses(q="tableur", format="video", page=2, per_page=2)
    assert second.meta == {"page": 2, "per_page": 2, "total": 5, "pages": 3}
    assert [c.code for c in second.items] == ["PG-2", "PG-3"]
    beyond = queries.list_published_courses(q="tableur", page=9, per_page=2)
    assert beyond.items == [] and beyond.total == 5
    assert queries.list_published_courses(q="zzyzx").meta["total"] == 0
