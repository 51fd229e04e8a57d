"""Signing in and out through the form, as a person would: typing and pressing the button."""

import pytest

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_NAME, ADMIN_PASSWORD

pytestmark = pytest.mark.e2e


def _fill_login_form(tab, t, email: str, password: str):
    page = tab.page
    page.get_by_label(t("E-mail address")).press_sequentially(email)
    page.get_by_label(t("Password")).press_sequentially(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("main").get_by_role("button", name=t("Sign in")).click()
    return navigation.value


def test_the_demo_admin_signs_in_sees_the_greeting_and_signs_out(screen, live_server):
    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    screen.goto("/")
    page = screen.page
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("link", name=t("Sign in")).click()
    assert page.url == screen.url("/login")

    _fill_login_form(screen, t, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert page.url == screen.url("/")
    greeting = t("Hello, %(name)s", name=ADMIN_NAME)
    assert page.get_by_role("heading", level=1).inner_text() == greeting
    assert t("Welcome, %(name)s.", name=ADMIN_NAME) in page.get_by_role("status").inner_text()
    screen.assert_no_horizontal_scroll()

    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name=t("Sign out")).click()
    assert t("You are signed out.") in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() != greeting
    assert page.get_by_role("banner").get_by_role("link", name=t("Sign in")).is_visible()
    screen.assert_network_clean()


def test_a_wrong_password_shows_the_error_message(screen, live_server):
    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    screen.goto("/login")
    response = _fill_login_form(screen, t, ADMIN_EMAIL, "not the password")
    assert response is not None and response.status == 422
    alert = screen.page.get_by_role("alert")
    assert alert.is_visible()
    assert t("E-mail address or password is incorrect.") in alert.inner_text()
    # The address stays typed in; the password never comes back.
    assert screen.page.get_by_label(t("E-mail address")).input_value() == ADMIN_EMAIL
    assert screen.page.get_by_label(t("Password")).input_value() == ""
    screen.assert_no_horizontal_scroll()
    screen.assert_network_clean(expected_failures=("/login: HTTP 422",))
