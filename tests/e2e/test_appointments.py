"""The appointments journey on a phone (320 px, no JavaScript needed): a mentor publishes a
time, a learner books it, the mentor proposes another time, the learner accepts. Every page
fits the screen, passes axe-core and asks only the app."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.e2e.pages import _sign_in_mentoring

pytestmark = pytest.mark.e2e


def _day_ahead() -> date:
    """A Wednesday two weeks ahead: after the notice period, away from the demo appointment."""
    start = datetime.now(UTC).date() + timedelta(weeks=2)
    return start + timedelta(days=(2 - start.weekday()) % 7)


def test_publish_book_reschedule_accept(phone, live_server):
    from dclic.demo import MENTORS
    from dclic.mentoring.demo import MENTOR

    [mentor_name] = [name for email, name in MENTORS if email == MENTOR]

    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    page = phone.page
    main = page.get_by_role("main")
    day = _day_ahead()
    # The demo mentor and learner live in Africa/Dakar (UTC+0, no daylight saving).
    slot = datetime.combine(day, time(9, 0), tzinfo=UTC).isoformat()

    def sign_out():
        with page.expect_navigation():
            page.get_by_role("banner").get_by_role("button", name=t("Sign out")).click()

    def press(name):
        with page.expect_navigation():
            main.get_by_role("button", name=name, exact=True).click()
        phone.assert_no_horizontal_scroll()

    # 1. The mentor offers Wednesday 09:00–10:00.
    _sign_in_mentoring(phone, live_server, "mentor")
    phone.goto("/mentoring/availability")
    page.locator("#once-date").fill(day.isoformat())
    page.locator("#once-start").fill("09:00")
    page.locator("#once-end").fill("10:00")
    press(t("Add this time"))
    assert page.url.endswith("/mentoring/availability")
    phone.assert_accessible()
    sign_out()

    # 2. The learner books 09:00 with her.
    _sign_in_mentoring(phone, live_server, "learner")
    phone.goto("/mentoring")
    with page.expect_navigation():
        main.get_by_role("link", name=t("Book with %(name)s", name=mentor_name)).click()
    radio = page.locator(f'input[type="radio"][value="{slot}"]')
    for _ in range(3):
        if radio.count():
            break
        with page.expect_navigation():
            main.get_by_role("link", name=t("Next week →")).click()
    phone.assert_no_horizontal_scroll()
    phone.assert_accessible()
    radio.check()
    page.locator("#topic").fill("Préparer mon entretien")
    press(t("Ask for this time"))
    assert page.url.endswith("/agenda")
    sign_out()

    # 3. The mentor proposes 15:00 instead.
    _sign_in_mentoring(phone, live_server, "mentor")
    phone.goto("/mentoring")
    with page.expect_navigation():
        main.locator("a.when").first.click()  # what waits for her answer
    assert "/appointments/" in page.url
    appointment_path = page.url.removeprefix(phone.origin)
    page.locator("#propose-date").fill(day.isoformat())
    page.locator("#propose-start").fill("15:00")
    page.locator("#propose-reason").fill("Je suis en réunion le matin.")
    press(t("Propose this time"))
    phone.assert_accessible()
    sign_out()

    # 4. The learner accepts the new time.
    _sign_in_mentoring(phone, live_server, "learner")
    phone.goto(appointment_path)
    assert "15:00" in main.inner_text()
    press(t("Accept"))
    assert t("confirmed") in main.inner_text()
    phone.assert_accessible()
    phone.goto("/agenda?view=month")
    phone.assert_no_horizontal_scroll()
    phone.assert_accessible()
    phone.assert_network_clean()
