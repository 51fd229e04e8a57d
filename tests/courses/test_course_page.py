"""The public course page: summary, outline, facts, cover, harvested courses, few queries."""

import re

import pytest

from dclic.core.db import db
from dclic.files.models import StoredFile
from tests.courses.catalogue import add_syllabus


def body_of(client, code: str, lang: str = "en") -> str:
    response = client.get(f"/courses/{code}?lang={lang}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def cover(session):
    """A public cover image with its resized copies, as the files module stores it."""
    variants = [
        {"width": w, "height": w // 2, "media_type": t, "sha256": f"{w:064x}", "size": w * 10}
        for w in (320, 640, 1280)
        for t in ("image/webp", "image/jpeg")
    ]
    stored = StoredFile(
        sha256="c0" * 32,
        size=123_456,
        media_type="image/jpeg",
        kind="image",
        original_name="couverture.jpg",
        width=1600,
        height=800,
        is_public=True,
        variants=variants,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def test_the_page_shows_code_markdown_summary_facts_and_authors(client, create_course):
    create_course(
        code="CP-FACTS-1",
        title="Créer sa page web",
        summary="Apprenez le **HTML**.\n\n- des titres\n- des liens",
        authors="Awa Diop; Karim Benali",
        licence="CC BY 4.0",
        duration_minutes=150,
    )
    body = body_of(client, "CP-FACTS-1")
    assert "<strong>HTML</strong>" in body and "<li>des liens</li>" in body
    assert "<code>CP-FACTS-1</code>" in body
    assert "Awa Diop, Karim Benali" in body and "Authors" in body
    assert "CC BY 4.0" in body and "2 h 30 min" in body


def test_the_summary_is_sanitized(client, create_course):
    create_course(code="CP-XSS-1", summary="<script>alert(1)</script> [x](javascript:alert(1))")
    body = body_of(client, "CP-XSS-1")
    assert "<script>" not in body
    assert 'href="javascript:' not in body


def test_the_outline_lists_modules_and_steps_in_order_with_kind_and_time(client, create_course):
    course = create_course(code="CP-OUT-1")
    add_syllabus(course, ["text", "video"], ["file"], minutes=25)
    body = body_of(client, "CP-OUT-1")
    outline = re.search(r'<ol class="syllabus".*?</ol>\n', body, re.S).group(0)
    titles = re.findall(r"Étape (\d\.\d)", outline)
    assert titles == ["1.1", "1.2", "2.1"]
    assert outline.index("Module 1") < outline.index("Module 2")
    assert "Video" in outline and "File" in outline and "25 min" in outline


def test_a_course_without_content_says_so(client, create_course):
    create_course(code="CP-EMPTY-1")
    assert "The outline of this course is not available yet." in body_of(client, "CP-EMPTY-1")


def test_a_cover_is_shown_as_a_responsive_picture(client, create_course, cover):
    create_course(code="CP-COVER-1", cover_file_id=cover.id)
    body = body_of(client, "CP-COVER-1")
    picture = re.search(r"<picture>.*?</picture>", body, re.S).group(0)
    assert 'type="image/webp"' in picture and "1280w" in picture
    assert 'alt=""' in picture  # decorative: the title follows


def test_a_harvested_course_names_its_provider_and_links_back(client, create_course):
    course = create_course(code="CP-EXT-1")
    course.provider, course.source_url = "FUN MOOC", "https://www.fun-mooc.fr/cours/42"
    db.session.flush()
    body = body_of(client, "CP-EXT-1")
    assert 'href="https://www.fun-mooc.fr/cours/42" rel="external noopener noreferrer"' in body
    assert 'href="/catalogue?provider=FUN+MOOC"' in body


def test_a_harvested_link_that_is_not_a_web_address_is_not_a_link(client, create_course):
    course = create_course(code="CP-EXT-2")
    course.provider, course.source_url = "Ailleurs", "javascript:alert(1)"
    db.session.flush()
    body = body_of(client, "CP-EXT-2")
    assert "javascript:" not in body and "Ailleurs" in body


def test_the_course_page_runs_the_same_few_queries_for_any_outline(
    client, create_course, create_path, count_queries, cover
):
    small = add_syllabus(create_course(cover_file_id=cover.id), ["text"])
    big = add_syllabus(create_course(), *[["text", "video", "file", "link"]] * 6)
    create_path(courses=[(small, True)])
    create_path(courses=[(big, True)])
    create_path(courses=[(big, False)])
    client.get(f"/courses/{small.code}")  # warm-up: first request builds caches
    with count_queries() as few:
        assert client.get(f"/courses/{small.code}").status_code == 200
    with count_queries() as many:
        assert client.get(f"/courses/{big.code}").status_code == 200
    # Settings; the course with its cover, its paths, modules, steps; the SAVEPOINT pair.
    assert many.n == few.n <= 8
