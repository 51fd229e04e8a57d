"""Error pages: the friendly, localized page in the normal shell, never Flask's default."""

import pytest

pytestmark = pytest.mark.e2e

MISSING = "/e2e-no-such-page"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_missing_page_is_the_friendly_localized_page_with_its_reference(
    screen, live_server, lang
):
    response = screen.goto(f"{MISSING}?lang={lang}", expect_status=404)
    page = screen.page
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    viewport = page.locator('meta[name="viewport"]').get_attribute("content")
    assert viewport is not None and "width=device-width" in viewport
    assert page.get_by_role("heading", level=1).inner_text() == live_server.translate(
        lang, "Page not found"
    )
    request_id = response.headers.get("x-request-id")
    assert request_id
    assert page.locator(".request-id").inner_text() == live_server.translate(
        lang, "Error reference: %(id)s", id=request_id
    )
    home = page.get_by_role("link", name=live_server.translate(lang, "Back to the home page"))
    assert home.get_attribute("href") == "/"
    screen.assert_no_horizontal_scroll()
    screen.assert_network_clean(expected_failures=(f"{MISSING}?lang={lang}: HTTP 404",))
