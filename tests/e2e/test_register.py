"""Registering on a phone with an address written in Arabic, as a learner would."""

import pytest

pytestmark = pytest.mark.e2e

ADDRESS = "مستخدم@مثال.مصر"


def test_a_learner_registers_with_an_arabic_address_on_a_320px_phone(phone, live_server):
    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    phone.goto("/")
    page = phone.page
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=t("Create an account")).click()
    page.get_by_label(t("E-mail address")).press_sequentially(ADDRESS)
    page.get_by_label(t("Your name")).press_sequentially("Youssef Benali")
    page.get_by_label(t("Password"), exact=True).press_sequentially("apprendre pas à pas")
    page.get_by_label(t("Year of birth")).press_sequentially("2007")
    page.get_by_label(t("Country")).select_option("EG")
    page.get_by_label(t("A: discover digital tools (initiation)")).check()
    phone.assert_no_horizontal_scroll()
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=t("Create my account")).click()

    assert page.url == phone.url("/register/done")
    address = page.locator("bdi.address")
    assert address.inner_text() == ADDRESS
    code = page.locator(".learner-code").inner_text()
    assert len(code) == 11 and code[3] == "-" and code[7] == "-"
    phone.assert_no_horizontal_scroll()
    phone.assert_accessible()
    phone.assert_network_clean()
    # The new learner is signed in and finds the address and code on their account page.
    phone.goto("/account")
    assert page.locator("bdi.address").inner_text() == ADDRESS
    assert page.locator(".learner-code").inner_text() == code
