"""The shared agenda on a phone (320 px, no JavaScript needed): a mentor finds a course by
searching, posts an event, sees it in her week, changes it, cancels it; the pedagogical team
changes a learner's mentor. Every new page fits the screen, passes axe-core and asks only
the app."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.e2e.pages import _sign_in_mentoring, sign_in

pytestmark = pytest.mark.e2e


def test_post_change_and_cancel_an_event_then_reassign(phone, live_server):
    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    page = phone.page
    main = page.get_by_role("main")
    day = datetime.now(UTC).date() + timedelta(days=10)

    def press(name):
        with page.expect_navigation():
            main.get_by_role("button", name=name, exact=True).click()
        phone.assert_no_horizontal_scroll()

    # 1. The demo mentor (site-wide) searches an agenda and posts an event on it.
    _sign_in_mentoring(phone, live_server, "mentor")
    phone.goto("/agenda/events")
    phone.assert_accessible()
    page.locator('input[name="target"]').first.check()
    page.locator("#title").fill("Séance de questions")
    page.locator("#date").fill(day.isoformat())
    page.locator("#start").fill("10:00")
    page.locator("#end").fill("11:00")
    press(t("Add to the agenda"))
    assert page.url.endswith("/agenda/events")

    # 2. It is in her week, marked as a shared-agenda event; its page offers the changes.
    phone.goto(f"/agenda?view=week&date={day.isoformat()}")
    phone.assert_accessible()
    item = main.locator('li[data-kind="event"]')
    assert item.count() == 1
    with page.expect_navigation():
        item.locator("a.when").click()
    phone.assert_no_horizontal_scroll()
    phone.assert_accessible()
    page.locator("#start").fill("14:00")
    page.locator("#end").fill("15:00")
    press(t("Save the changes"))
    assert "14:00" in main.inner_text()
    page.locator("#reason").fill("La salle n'est pas libre.")
    press(t("Cancel the event"))
    assert page.locator("#cancelled").is_visible()
    phone.assert_accessible()
    phone.goto(f"/agenda?view=week&date={day.isoformat()}")
    assert main.locator('li[data-kind="event"]').count() == 0
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name=t("Sign out")).click()

    # 3. The administrator opens the demo learner's follow-up and changes his mentor.
    from dclic.mentoring import demo

    with live_server.app.app_context():
        from dclic.accounts import queries as accounts

        code = accounts.get_user_by_email(demo.LEARNER).learner_code
    phone.goto("/login")
    sign_in(phone, live_server, ADMIN_EMAIL, ADMIN_PASSWORD)
    phone.goto(f"/mentoring/learners/{code}")
    with page.expect_navigation():
        main.locator('a[href*="/mentoring/enrolments/"]').first.click()
    phone.assert_no_horizontal_scroll()
    phone.assert_accessible()
    page.locator('input[name="mentor"]:not([disabled])').first.check()
    page.locator("#reason").fill("Équilibrer la charge des mentors.")
    press(t("Name this mentor"))
    assert "Équilibrer la charge" in page.locator("#periods").inner_text()
    phone.assert_accessible()
    phone.assert_network_clean()
