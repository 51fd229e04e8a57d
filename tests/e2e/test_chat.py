"""The chat on a phone (320 px): without JavaScript a learner posts from the room's form and
sees her message; with JavaScript two people see each other's messages live. Every chat page
fits the screen, asks only the app, and passes axe-core."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from dclic.core.db import db
from tests.chat.live import populate
from tests.conftest import PASSWORD, make_app, make_migrated_app
from tests.e2e.browser import Tab
from tests.e2e.conftest import BROWSER_LOCALE, ROOT, SCREENS, LiveServer
from tests.e2e.pages import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory):
    """An app of its own (the chat's socket needs the newest app of the process), with Awa
    and Moussa in one course room."""
    from dclic.core.i18n import compile_catalogs

    tmp = tmp_path_factory.mktemp("e2e-chat")
    migrated = make_migrated_app(tmp / "schema")
    with migrated.app_context():
        db.engine.dispose()
    shutil.copy(tmp / "schema" / "app.sqlite3", tmp / "app.sqlite3")
    app = make_app(tmp, f"sqlite:///{tmp / 'app.sqlite3'}")
    compile_catalogs(ROOT / "translations", tmp / "translations")
    app.extensions["babel"].translation_directories = [str(tmp / "translations")]
    people = populate(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-chat", daemon=True)
    thread.start()
    live = LiveServer(origin=f"http://127.0.0.1:{server.server_port}", app=app)
    live.room = people.room
    yield live
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _phone(browser, live, with_js: bool) -> tuple:
    def guard(route):
        url = route.request.url
        ours = url == live.origin or url.startswith(live.origin + "/")
        route.continue_() if ours else route.abort()

    context = browser.new_context(
        locale=BROWSER_LOCALE, java_script_enabled=with_js, **SCREENS["phone"]
    )
    context.set_default_timeout(10_000)
    context.route("**/*", guard)
    return context, Tab(page=context.new_page(), origin=live.origin, width=320)


def _signed_in(browser, live, name: str, with_js: bool) -> tuple:
    context, tab = _phone(browser, live, with_js)
    tab.goto("/login")
    sign_in(tab, live, f"{name}@example.org", PASSWORD)
    return context, tab


def test_without_javascript_a_learner_posts_from_the_form_and_sees_her_message(
    browser, chat_server
):
    context, tab = _signed_in(browser, chat_server, "awa", with_js=False)
    try:
        page = tab.page
        tab.goto("/chat")
        tab.assert_no_horizontal_scroll()
        with page.expect_navigation():
            page.locator(f'#rooms a[href="/chat/{chat_server.room}"]').click()
        tab.assert_no_horizontal_scroll()
        page.locator("#body").fill("Bonjour, je poste sans JavaScript.")
        with page.expect_navigation():
            page.locator("#chat-form button[type=submit]").click()
        last = page.locator("#messages li").last
        assert last.locator(".message-body").inner_text() == "Bonjour, je poste sans JavaScript."
        assert page.locator("#body").input_value() == ""
        tab.assert_no_horizontal_scroll()
        tab.assert_network_clean()
    finally:
        context.close()


def test_with_javascript_two_people_see_each_others_messages_live(browser, chat_server):
    awa_context, awa = _signed_in(browser, chat_server, "awa", with_js=True)
    moussa_context, moussa = _signed_in(browser, chat_server, "moussa", with_js=True)
    try:
        awa.goto("/chat")
        awa.assert_no_horizontal_scroll()
        awa.assert_accessible()
        for tab in (awa, moussa):
            tab.goto(f"/chat/{chat_server.room}")
            tab.page.wait_for_selector("#chat[data-connected='1']")
        awa.assert_accessible()
        moussa.page.locator("#body").fill("Salut Awa, tu me reçois ?")
        moussa.page.locator("#chat-form button[type=submit]").click()  # no page load
        awa.page.wait_for_selector("#messages li:has-text('Salut Awa, tu me reçois ?')")
        awa.page.locator("#body").press_sequentially("Oui")
        moussa.page.wait_for_selector("#chat-status:has-text('Awa')")  # typing, then presence
        awa.page.locator("#chat-form button[type=submit]").click()
        moussa.page.wait_for_selector("#messages li:has-text('Oui')")
        assert moussa.page.locator("#messages li.pending").count() == 0
        assert awa.page.url.endswith(f"/chat/{chat_server.room}")  # no reload happened
        for tab in (awa, moussa):
            tab.assert_no_horizontal_scroll()
            tab.assert_network_clean()
        awa.assert_accessible()
    finally:
        awa_context.close()
        moussa_context.close()
