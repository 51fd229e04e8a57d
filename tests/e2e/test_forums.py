"""The forums on a phone (320 px). There is no forum JavaScript: the journey runs with
JavaScript on (axe-core audits every page kind) and again with JavaScript off.

A learner opens his course forum, asks a question, his mentor answers (quoting him) and adds
an off-topic reply; the learner accepts the answer and reports the other reply; a moderator
hides it from the moderation queue.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import Tab
from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, BROWSER_LOCALE, SCREENS
from tests.e2e.pages import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["js", "no-js"])
def phone_tab(request, browser, live_server):
    """A 320 px phone, with JavaScript on or off; only the app may be reached."""
    origin = live_server.origin

    def guard(route):
        url = route.request.url
        route.continue_() if url == origin or url.startswith(origin + "/") else route.abort()

    context = browser.new_context(
        locale=BROWSER_LOCALE, java_script_enabled=request.param == "js", **SCREENS["phone"]
    )
    context.set_default_timeout(10_000)
    context.route("**/*", guard)
    tab = Tab(page=context.new_page(), origin=origin, width=320)
    tab.with_js = request.param == "js"
    yield tab
    context.close()


def test_ask_answer_accept_then_moderate(phone_tab, live_server):
    from dclic.demo import DEMO_PASSWORD
    from dclic.forums import demo

    if live_server.status("/forums") == 404:
        pytest.skip("no forums module in this app yet")
    tab, page = phone_tab, phone_tab.page
    main = page.get_by_role("main")
    suffix = "JS" if tab.with_js else "sans JS"

    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    def check():
        tab.assert_no_horizontal_scroll()
        if tab.with_js:
            tab.assert_accessible()

    def press(name):
        with page.expect_navigation():
            main.get_by_role("button", name=name, exact=True).first.click()

    def sign_in_as(email, password=DEMO_PASSWORD):
        page.context.clear_cookies()
        tab.goto("/login")
        sign_in(tab, live_server, email, password)

    # 1. The learner opens his course forum from the forums index and asks.
    sign_in_as(demo.QUESTION[0])
    tab.goto("/forums")
    check()
    with page.expect_navigation():
        page.locator("#my-forums a").first.click()
    forum_path = page.url.removeprefix(tab.origin)
    check()
    with page.expect_navigation():
        page.locator("#new-thread").click()
    check()
    title = f"Comment mettre un lien en gras ? ({suffix})"
    page.locator("#title").fill(title)
    page.locator("#body").fill("Je voudrais un **lien** en gras dans ma page.")
    press(t("Preview"))
    assert page.locator(".preview strong").count() == 1
    press(t("Publish"))
    thread_path = page.url.removeprefix(tab.origin).split("?")[0].split("#")[0]
    assert thread_path.startswith("/forums/threads/")
    check()

    # 2. His mentor answers, quoting him.
    sign_in_as(demo.ANSWER[0])
    tab.goto(thread_path)
    with page.expect_navigation():
        main.get_by_role("link", name=t("Quote")).first.click()
    assert page.locator("#body").input_value().startswith("> **")
    page.locator("#body").press("End")
    page.locator("#body").fill(page.locator("#body").input_value() + "Mets le lien dans `**…**`.")
    press(t("Send"))
    answer_id = page.url.split("#post-")[1]
    page.locator("#body").fill(f"Au fait, qui vient au club samedi ? ({suffix})")
    press(t("Send"))
    aside_id = page.url.split("#post-")[1]

    # 3. He accepts the answer: it is shown first, marked.
    sign_in_as(demo.QUESTION[0])
    tab.goto(thread_path)
    with page.expect_navigation():
        page.locator(f"#post-{answer_id}").get_by_role(
            "button", name=t("Accept this answer")
        ).click()
    assert page.locator("#accepted").count() == 1
    check()
    tab.goto(f"{forum_path}?filter=unanswered")
    assert page.locator(f'#threads a[href="{thread_path}"]').count() == 0

    # 4. He reports the mentor's off-topic reply.
    tab.goto(thread_path)
    with page.expect_navigation():
        page.locator(f"#post-{aside_id}").get_by_role("link", name=t("Report")).click()
    check()
    page.locator("#reason").fill(f"Message hors sujet ({suffix})")
    press(t("Send the report"))

    # 5. A moderator hides it from the queue.
    sign_in_as(ADMIN_EMAIL, ADMIN_PASSWORD)
    tab.goto("/forums/moderation")
    check()
    item = page.locator("#reports li", has_text=f"({suffix})")
    with page.expect_navigation():
        item.get_by_role("button", name=t("Hide the post")).click()
    assert page.url.endswith("/forums/moderation")
    assert page.locator("#reports li", has_text=f"({suffix})").count() == 0
    tab.goto(f"/forums/posts/{aside_id}")
    assert page.locator(f"#post-{aside_id}").get_attribute("data-status") == "hidden"
    if tab.with_js:
        tab.assert_network_clean()
