"""Reading the catalogue: only published content, filters, accent-insensitive search."""

import pytest

from dclic.core.errors import NotFound
from dclic.courses import queries, services


def codes(page):
    return {course.code for course in page.items}


def test_drafts_and_archived_courses_are_never_listed(create_course):
    shown = create_course(code="Q-PUB-001")
    create_course(status="draft", code="Q-DRAFT-001")
    create_course(status="archived", code="Q-ARCH-001")
    listed = codes(queries.list_published_courses(per_page=100))
    assert shown.code in listed
    assert not {"Q-DRAFT-001", "Q-ARCH-001"} & listed


def test_a_draft_or_unknown_course_is_not_found(create_course):
    create_course(status="draft", code="Q-DRAFT-002")
    for code in ("Q-DRAFT-002", "Q-NOPE-404"):
        with pytest.raises(NotFound):
            queries.get_published_course(code)


def test_a_published_course_is_found_by_its_code_in_any_case(create_course):
    course = create_course(code="Q-CASE-001")
    assert queries.get_published_course("q-case-001") is course


def test_filters_combine(create_course):
    create_course(code="Q-F-1", track="A", level="beginner", language="fr", domain="bureautique")
    create_course(code="Q-F-2", track="M", level="beginner", language="fr", domain="web")
    create_course(code="Q-F-3", track="M", level="advanced", language="en", domain="web")
    create_course(code="Q-F-4", track="M", level="advanced", language="fr", domain="marketing")

    def found(**filters):
        return codes(queries.list_published_courses(per_page=100, **filters)) & {
            "Q-F-1",
            "Q-F-2",
            "Q-F-3",
            "Q-F-4",
        }

    assert found(track="A") == {"Q-F-1"}
    assert found(track="M", level="advanced") == {"Q-F-3", "Q-F-4"}
    assert found(track="M", level="advanced", language="en") == {"Q-F-3"}
    assert found(domain="web") == {"Q-F-2", "Q-F-3"}
    assert found(level="intermediate") == set()


@pytest.mark.parametrize("q", ["securite", "SÉCURITÉ", "Sécu", "internet securite"])
def test_search_ignores_accents_and_case(create_course, q):
    create_course(code="Q-S-1", title="Naviguer sur Internet en sécurité")
    create_course(code="Q-S-2", title="Bureautique", summary="Tableur", keywords="budget")
    assert codes(queries.list_published_courses(q=q)) & {"Q-S-1", "Q-S-2"} == {"Q-S-1"}


def test_search_looks_in_summary_and_keywords_and_needs_every_word(create_course):
    create_course(code="Q-S-3", title="Les bases", summary="Le référencement naturel")
    create_course(code="Q-S-4", title="Réseaux", keywords="WhatsApp Business, Facebook")
    assert "Q-S-3" in codes(queries.list_published_courses(q="referencement"))
    assert "Q-S-4" in codes(queries.list_published_courses(q="whatsapp"))
    assert "Q-S-4" not in codes(queries.list_published_courses(q="whatsapp referencement"))


def test_search_wildcards_are_taken_literally(create_course):
    create_course(code="Q-S-5", title="Cent pour cent")
    assert "Q-S-5" not in codes(queries.list_published_courses(q="%"))
    assert "Q-S-5" not in codes(queries.list_published_courses(q="c_nt"))


def test_search_follows_an_updated_title(create_course):
    course = create_course(code="Q-S-6", title="Ancien titre")
    services.update_course(None, course, title="Concevoir une interface mobile")
    assert "Q-S-6" in codes(queries.list_published_courses(q="interface"))
    assert "Q-S-6" not in codes(queries.list_published_courses(q="ancien"))


def test_the_list_is_paginated(create_course):
    for n in range(5):
        create_course(code=f"Q-PAGE-{n}", domain="pagination-test")
    page = queries.list_published_courses(domain="pagination-test", page=2, per_page=2)
    assert page.meta == {"page": 2, "per_page": 2, "total": 5, "pages": 3}
    assert len(page.items) == 2


def test_domains_of_published_courses_only(create_course):
    create_course(domain="published-domain")
    create_course(status="draft", domain="draft-domain")
    domains = queries.list_published_domains()
    assert "published-domain" in domains
    assert "draft-domain" not in domains


def test_a_published_path_shows_its_published_courses_in_order(create_course, create_path):
    first, second, later = create_course(), create_course(), create_course()
    path = create_path(courses=[(first, True), (second, False), (later, True)], code="Q-PATH-1")
    services.archive_course(None, second)
    found = queries.get_published_path("q-path-1")
    assert [(e.course, e.position, e.is_required) for e in found.published_entries] == [
        (first, 1, True),
        (later, 3, True),
    ]
    assert path in queries.list_published_paths(per_page=100).items


def test_a_draft_path_is_not_found_nor_listed(create_course, create_path):
    path = create_path(courses=[(create_course(), True)], publish=False, code="Q-PATH-2")
    with pytest.raises(NotFound):
        queries.get_published_path("Q-PATH-2")
    assert path not in queries.list_published_paths(per_page=100).items


def test_a_course_knows_its_published_paths_only(create_course, create_path):
    course = create_course(code="Q-IN-PATHS")
    shown = create_path(courses=[(course, True)], title="Shown")
    create_path(courses=[(course, True)], title="Hidden", publish=False)
    assert queries.get_published_course("Q-IN-PATHS").published_paths == [shown]
