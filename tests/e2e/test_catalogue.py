"""Browsing the catalogue: from the list of courses to a course page, and to the learning paths.

Written against what the app has: skipped (saying so) while there is no catalogue, or no
published course in the demo data, to walk to.
"""

import pytest

from tests.e2e.pages import first_link, require_catalogue

pytestmark = pytest.mark.e2e


def test_a_visitor_walks_from_the_catalogue_to_a_course_page_and_back(screen, live_server):
    require_catalogue(live_server)

    def t(message):
        return live_server.translate("fr", message)

    page = screen.page
    screen.goto("/catalogue")
    assert page.get_by_role("heading", level=1).inner_text() == t("Course catalogue")
    screen.assert_no_horizontal_scroll()

    href = first_link(screen, "/courses/")
    link = page.locator(f'main a[href="{href}"]').first
    title = link.inner_text().strip()
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200
    assert page.url == screen.url(href)
    assert page.get_by_role("heading", level=1).inner_text().strip() == title
    screen.assert_no_horizontal_scroll()

    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=t("Course catalogue")).click()
    assert page.url == screen.url("/catalogue")
    screen.assert_network_clean()


def test_a_visitor_walks_from_the_paths_to_a_path_and_its_first_course(screen, live_server):
    require_catalogue(live_server)
    page = screen.page
    screen.goto("/paths")
    assert page.get_by_role("heading", level=1).inner_text() == live_server.translate(
        "fr", "Learning paths"
    )
    screen.assert_no_horizontal_scroll()

    href = first_link(screen, "/paths/")
    with page.expect_navigation() as navigation:
        page.locator(f'main a[href="{href}"]').first.click()
    assert navigation.value.status == 200
    screen.assert_no_horizontal_scroll()

    course = first_link(screen, "/courses/")
    with page.expect_navigation() as navigation:
        page.locator(f'main a[href="{course}"]').first.click()
    assert navigation.value.status == 200
    screen.assert_no_horizontal_scroll()
    screen.assert_network_clean()
