"""An editor writes and publishes a course on a 320 px phone: description, a module, a text
step (previewed first) and a file step with a small PDF."""

import re

import pytest

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.e2e.pages import require_catalogue, sign_in
from tests.files import samples

pytestmark = pytest.mark.e2e

TITLE = "Envoyer un courriel depuis son téléphone"


def test_an_editor_creates_and_publishes_a_course_on_a_320px_phone(phone, live_server):
    require_catalogue(live_server)

    def t(message, **variables):
        return live_server.translate("fr", message, **variables)

    page = phone.page
    main = page.get_by_role("main")

    def press(name):
        with page.expect_navigation() as navigation:
            main.get_by_role("button", name=name).first.click()
        return navigation.value

    def follow(name):
        with page.expect_navigation():
            main.get_by_role("link", name=name).first.click()

    phone.goto("/login")
    sign_in(phone, live_server, ADMIN_EMAIL, ADMIN_PASSWORD)  # the administrator edits too
    phone.goto("/")
    follow(t("Editor’s desk: courses and learning paths"))
    assert page.url == phone.url("/edit")
    follow(t("Create a course"))
    phone.assert_no_horizontal_scroll()

    # The description; the code is left empty and given by the platform.
    page.get_by_label(t("Title"), exact=True).fill(TITLE)
    page.get_by_label(t("Summary"), exact=True).fill("Écrire, joindre une photo, **envoyer**.")
    page.get_by_label(t("Domain"), exact=True).fill("internet")
    page.get_by_label(t("Duration in minutes"), exact=True).fill("45")
    assert press(t("Create the course")).status == 200
    code = re.search(r"/edit/courses/(DCLIC-NET-\d{3})$", page.url).group(1)
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    phone.assert_no_horizontal_scroll()

    # A module.
    follow(t("Add a module"))
    page.get_by_label(t("Title"), exact=True).fill("Écrire un message")
    press(t("Add the module"))
    assert page.get_by_role("heading", name=t("Module %(number)d: %(title)s", number=1,
                                               title="Écrire un message")).is_visible()  # fmt: skip

    # A text step, previewed before it is added.
    follow(t("Add a step to this module"))
    follow(t("Text"))
    page.get_by_label(t("Title"), exact=True).fill("Le destinataire")
    page.get_by_label(t("Text"), exact=True).fill("Tapez l'adresse dans **À**.")
    assert press(t("Preview")).status == 200
    assert main.locator("section.card strong").inner_text() == "À"
    phone.assert_no_horizontal_scroll()
    press(t("Add the step"))
    assert main.get_by_role("link", name="Le destinataire").is_visible()

    # A file step with a small PDF.
    follow(t("Add a step to this module"))
    follow(t("File"))
    page.get_by_label(t("Title"), exact=True).fill("Mémo à imprimer")
    page.get_by_label(t("File"), exact=True).set_input_files(
        files=[{"name": "memo.pdf", "mimeType": "application/pdf", "buffer": samples.pdf()}]
    )
    phone.assert_no_horizontal_scroll()
    press(t("Add the step"))
    step = main.locator("li", has=page.get_by_role("link", name="Mémo à imprimer"))
    assert t("File") in step.inner_text()
    phone.assert_no_horizontal_scroll()
    phone.assert_accessible()

    # Published: in the catalogue for everyone.
    press(t("Publish"))
    assert t("The course is published.") in page.locator(".flash").inner_text()
    assert t("Published") in main.locator("dl.facts").inner_text()
    phone.assert_no_horizontal_scroll()
    phone.assert_network_clean()
    assert live_server.status(f"/courses/{code}") == 200
