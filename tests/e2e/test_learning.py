"""A learner's journey on a phone: find a course by searching the catalogue, enrol, go through
every step and see 100 %; the pages fit 320 px, pass axe-core and ask only the app."""

import re

import pytest

from tests.e2e.pages import _sign_in_demo, require_learning

pytestmark = pytest.mark.e2e

# Chloé Martin follows nothing in the demo data (see dclic/learning/demo.py).
LEARNER = "chloe.martin@dclic.example"
SEARCH = "cybersécurité"
TITLE = "Introduction à la cybersécurité"


def test_a_learner_finds_a_course_enrols_completes_every_step_and_sees_100(phone, live_server):
    require_learning(live_server)

    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    page = phone.page
    _sign_in_demo(phone, live_server, LEARNER)
    phone.goto("/catalogue")
    page.get_by_role("searchbox").fill(SEARCH)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=t("Show courses")).click()
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=TITLE).first.click()
    phone.assert_no_horizontal_scroll()

    with page.expect_navigation():
        page.get_by_role("button", name=t("Enrol in this course")).click()
    assert re.search(r"/learn/DCLIC-CYB-001/\d+$", page.url), page.url
    phone.assert_no_horizontal_scroll()
    phone.assert_accessible()

    next_step = page.get_by_role("link", name=re.compile("^" + re.escape(t("Next step"))))
    visited = 1
    while next_step.count():
        with page.expect_navigation():
            next_step.click()
        visited += 1
        phone.assert_no_horizontal_scroll()
    assert visited == 4  # the demo syllabus: two modules of two text steps

    percent = t("%(percent)d%%", percent=100)
    assert page.locator("progress#course-progress").get_attribute("value") == "100"
    assert page.locator("#course-progress-value").inner_text() == percent
    assert page.get_by_text(t("Step done")).is_visible()
    phone.assert_accessible()

    phone.goto("/my-learning")
    assert TITLE in page.get_by_role("main").inner_text()
    assert page.locator("main progress").first.get_attribute("value") == "100"
    phone.assert_no_horizontal_scroll()
    phone.assert_network_clean()
