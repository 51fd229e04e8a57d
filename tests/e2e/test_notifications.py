"""One-click unsubscribe and the shared pagination, on a 320 px phone, in French and Arabic.

A learner with more than a page of notifications walks through the centre's pages, then opens
the unsubscribe links of his mails (no sign-in needed), keeps the notices on the site only,
and meets a link that is not valid. axe-core audits each page kind; none scrolls sideways,
in either reading direction.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD
from tests.e2e.pages import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def reader(live_server):
    """A learner with 25 notifications; his address and unsubscribe paths."""
    from dclic.accounts import services as accounts
    from dclic.core.db import db
    from dclic.notifications import services, unsubscribe

    email = f"lecteur-{uuid.uuid4().hex[:8]}@example.org"
    with live_server.app.app_context():
        user = accounts.create_user(
            None, email=email, password=PASSWORD, display_name="Lecteur Assidu"
        )
        for n in range(25):
            services.notify(user, "course_completed", f"Cours terminé n° {n}", "/my-learning")
        paths = {
            scope: urlsplit(unsubscribe.unsubscribe_url(user, scope)).path
            for scope in ("message", unsubscribe.DIGEST)
        }
        db.session.commit()
    return email, paths


def check(tab):
    tab.assert_no_horizontal_scroll()
    tab.assert_accessible()
    tab.assert_network_clean()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_centres_pages_and_the_unsubscribe_pages(phone, live_server, reader, lang):
    email, paths = reader
    tab, page = phone, phone.page
    tab.goto(f"/?lang={lang}")
    tab.goto("/login?next=/notifications")
    sign_in(tab, live_server, email, PASSWORD, lang=lang)
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")

    # The centre: 20 a page, the pagination names the current page.
    assert page.locator("#notifications li").count() == 20
    nav = page.locator("nav.pagination")
    assert nav.get_attribute("aria-label")
    assert nav.locator('[aria-current="page"]').inner_text().strip().endswith("1")
    check(tab)
    with page.expect_navigation():
        nav.locator('a[rel="next"]').click()
    assert page.locator("#notifications li").count() == 5
    assert page.locator('nav.pagination a[rel="prev"]').count() == 1
    check(tab)

    # The mail's link, opened signed out: a page that asks, then acts.
    page.context.clear_cookies()
    tab.goto(f"{paths['message']}?lang={lang}")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    check(tab)
    with page.expect_navigation():
        page.locator('#unsubscribe button[value="in_app"]').click()
    assert page.locator("#unsubscribed").get_attribute("data-channel") == "in_app"
    check(tab)
    tab.goto(paths["@digest"])
    check(tab)

    # A damaged link: a clear page (400), never an error trace.
    tab.goto(paths["message"][:-4], expect_status=400)
    assert page.locator("#link-invalid").inner_text().strip()
    tab.assert_no_horizontal_scroll()
    tab.assert_accessible()
    tab.assert_network_clean(expected_failures=("HTTP 400",))
