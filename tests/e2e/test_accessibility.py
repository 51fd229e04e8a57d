"""Every kind of page passes axe-core's WCAG 2.1 A/AA rules and stays on the app's own host."""

import pytest

from tests.e2e.pages import PAGE_KINDS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_the_page_is_accessible_fits_the_screen_and_asks_only_the_app(screen, live_server, kind):
    expected_failures = PAGE_KINDS[kind](screen, live_server)
    screen.assert_accessible()
    screen.assert_no_horizontal_scroll()
    screen.assert_network_clean(expected_failures)
