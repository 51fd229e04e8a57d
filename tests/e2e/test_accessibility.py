"""Every kind of page passes axe-core's WCAG 2.1 A/AA rules and stays on the app's own host.

Every kind is audited on a phone; on a desktop, one language of each (the other languages
share its markup and styles, and the journeys check them at that width).
"""

import pytest

from tests.e2e.pages import PAGE_KINDS, TRANSLATED_VARIANTS


def _audit(tab, live_server, kind):
    expected_failures = PAGE_KINDS[kind](tab, live_server)
    tab.assert_accessible()
    tab.assert_no_horizontal_scroll()
    tab.assert_network_clean(expected_failures)


@pytest.mark.e2e
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_on_a_phone_the_page_is_accessible_fits_and_asks_only_the_app(phone, live_server, kind):
    _audit(phone, live_server, kind)


@pytest.mark.e2e
@pytest.mark.parametrize("kind", [k for k in PAGE_KINDS if k not in TRANSLATED_VARIANTS])
def test_on_a_desktop_the_page_is_accessible_fits_and_asks_only_the_app(desktop, live_server, kind):
    _audit(desktop, live_server, kind)
