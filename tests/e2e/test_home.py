"""The home page on a phone and a desktop: language, layout, the language switch, the skip link."""

import pytest

pytestmark = pytest.mark.e2e

HEADLINE = "Learn digital skills, at your pace"


def test_the_home_page_loads_in_french_without_sideways_scrolling(screen, live_server):
    screen.goto("/")
    page = screen.page
    french = live_server.translate("fr", HEADLINE)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == french
    screen.assert_no_horizontal_scroll()
    screen.assert_network_clean()
    assert french != HEADLINE, "the headline has no French translation in translations/fr"


def test_the_language_switch_goes_to_english_then_to_arabic_right_to_left(screen, live_server):
    screen.goto("/")
    page = screen.page
    html = page.locator("html")
    footer = page.locator("footer")

    with page.expect_navigation():
        footer.get_by_role("button", name="English").click()
    assert page.url == screen.url("/")
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert footer.get_by_role("button", name="English").get_attribute("aria-pressed") == "true"

    with page.expect_navigation():
        footer.get_by_role("button", name="العربية").click()
    assert html.get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == live_server.translate(
        "ar", HEADLINE
    )
    assert footer.get_by_role("button", name="العربية").get_attribute("aria-pressed") == "true"
    arabic = page.get_by_role("heading", level=1).inner_text()
    screen.assert_no_horizontal_scroll()

    # The choice holds on the next page.
    screen.goto("/login")
    assert html.get_attribute("lang") == "ar"
    screen.assert_no_horizontal_scroll()
    screen.assert_network_clean()
    assert arabic != HEADLINE, "the headline has no Arabic translation in translations/ar"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_skip_link_shows_on_the_first_tab_and_moves_focus_to_the_content(screen, lang):
    screen.goto(f"/?lang={lang}")
    page = screen.page
    skip = page.locator("a.skip-link")
    box = skip.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, "visible before Tab"

    page.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement"), "Tab did not reach it first"
    box = skip.bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10, f"not visible: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen.width, f"off screen: {box}"
    screen.assert_no_horizontal_scroll()

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("location.hash") == "#main"
    screen.assert_network_clean()
