"""Ways to reach each kind of page, shared by the journeys and the accessibility audit.

Each opener takes a :class:`~tests.e2e.browser.Tab` and the live server, leaves the tab on
the page and returns the failures that page is expected to log (e.g. its own 404).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

MISSING = "/e2e-no-such-page"


def require_catalogue(live_server) -> None:
    """Skip, saying why, when the courses module is not (yet) part of the app.

    Only a 404 means "not there": any other answer than 200 is a broken catalogue, and the
    test goes on to fail on it.
    """
    status = live_server.status("/catalogue")
    if status == 404:
        pytest.skip("no catalogue in this app yet (GET /catalogue answered 404)")


def first_link(tab, prefix: str) -> str:
    """The first link of the main content whose address starts with ``prefix``; else skip."""
    links = tab.page.locator(f'main a[href^="{prefix}"]')
    if links.count() == 0:
        pytest.skip(f"{tab.page.url} links to nothing under {prefix} (no such demo data yet)")
    return links.first.get_attribute("href")


def sign_in(tab, live_server, email: str, password: str, lang: str = "fr"):
    """Type into the sign-in form and press its button; returns the response to the POST."""
    page = tab.page

    def t(message):
        return live_server.translate(lang, message)

    page.get_by_label(t("E-mail address")).press_sequentially(email)
    page.get_by_label(t("Password")).press_sequentially(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("main").get_by_role("button", name=t("Sign in")).click()
    return navigation.value


def home_fr(tab, live_server):
    tab.goto("/?lang=fr")
    return ()


def home_en(tab, live_server):
    tab.goto("/?lang=en")
    return ()


def home_ar(tab, live_server):
    tab.goto("/?lang=ar")
    return ()


def home_signed_in(tab, live_server):
    tab.goto("/login")
    sign_in(tab, live_server, ADMIN_EMAIL, ADMIN_PASSWORD)
    sign_out = live_server.translate("fr", "Sign out")
    assert tab.page.get_by_role("banner").get_by_role("button", name=sign_out).is_visible()
    return ()


def login(tab, live_server):
    tab.goto("/login")
    return ()


def login_with_field_errors(tab, live_server):
    tab.goto("/login")
    with tab.page.expect_navigation():
        button = live_server.translate("fr", "Sign in")
        tab.page.get_by_role("main").get_by_role("button", name=button).click()
    return ("/login: HTTP 422",)


def login_with_wrong_password(tab, live_server):
    tab.goto("/login")
    sign_in(tab, live_server, ADMIN_EMAIL, "not the password")
    return ("/login: HTTP 422",)


def not_found(tab, live_server):
    tab.goto(MISSING, expect_status=404)
    return (f"{MISSING}: HTTP 404",)


def not_found_ar(tab, live_server):
    tab.goto(f"{MISSING}?lang=ar", expect_status=404)
    return (f"{MISSING}?lang=ar: HTTP 404",)


def catalogue(tab, live_server):
    require_catalogue(live_server)
    tab.goto("/catalogue")
    return ()


def catalogue_ar(tab, live_server):
    require_catalogue(live_server)
    tab.goto("/catalogue?lang=ar")
    return ()


def course(tab, live_server):
    require_catalogue(live_server)
    tab.goto("/catalogue")
    tab.goto(first_link(tab, "/courses/"))
    return ()


def paths(tab, live_server):
    require_catalogue(live_server)
    tab.goto("/paths")
    return ()


def path(tab, live_server):
    require_catalogue(live_server)
    tab.goto("/paths")
    tab.goto(first_link(tab, "/paths/"))
    return ()


def register(tab, live_server):
    tab.goto("/register")
    return ()


def register_with_errors(tab, live_server):
    tab.goto("/register")
    with tab.page.expect_navigation():
        button = live_server.translate("fr", "Create my account")
        tab.page.get_by_role("main").get_by_role("button", name=button).click()
    return ("/register: HTTP 422",)


def forgot_password(tab, live_server):
    tab.goto("/password/forgot")
    return ()


def newsletter(tab, live_server):
    tab.goto("/newsletter")
    return ()


def account(tab, live_server):
    tab.goto("/login")
    sign_in(tab, live_server, ADMIN_EMAIL, ADMIN_PASSWORD)
    tab.goto("/account")
    return ()


def change_password(tab, live_server):
    account(tab, live_server)
    tab.goto("/account/password")
    return ()


def people_search(tab, live_server):
    from dclic.demo import DEMO_PASSWORD, LEARNERS, MENTORS

    tab.goto("/login")
    sign_in(tab, live_server, MENTORS[0][0], DEMO_PASSWORD)
    tab.goto(f"/people?q={LEARNERS[0][1].split()[0]}")
    tab.goto(first_link(tab, "/people/"))
    return ()


def audit_trail(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/audit")
    return ()


def audit_row(tab, live_server):
    audit_trail(tab, live_server)
    tab.goto(tab.page.locator("main table a").first.get_attribute("href"))
    return ()


def rights_matrix(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/rights")
    return ()


def admin_users(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/users")
    return ()


def admin_user(tab, live_server):
    admin_users(tab, live_server)
    tab.goto(tab.page.locator("main table a").first.get_attribute("href"))
    return ()


def import_accounts(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/users/import")
    return ()


def administration(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin")
    return ()


def platform_settings(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/settings")
    return ()


def admin_groups(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/groups")
    return ()


def admin_group(tab, live_server):
    """The first group's page; with no group yet, one is first created through the form."""
    admin_groups(tab, live_server)
    page = tab.page
    if page.locator('main table a[href^="/admin/groups/"]').count() == 0:
        page.get_by_label(live_server.translate("fr", "Name")).fill("Groupe e2e")
        with page.expect_navigation():
            button = live_server.translate("fr", "Create the group")
            page.get_by_role("main").get_by_role("button", name=button).click()
        return ()
    tab.goto(page.locator('main table a[href^="/admin/groups/"]').first.get_attribute("href"))
    return ()


def course_history(tab, live_server):
    require_catalogue(live_server)
    account(tab, live_server)
    tab.goto("/courses/DCLIC-MOB-001/history")
    return ()


def course_versions_compared(tab, live_server):
    course_history(tab, live_server)
    link = live_server.translate("fr", "Compare with the version before")
    tab.goto(tab.page.get_by_role("link", name=link).first.get_attribute("href"))
    return ()


def audit_integrity(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/audit/verify")
    return ()


# --- the editor's area (courses authoring) ---------------------------------------------------
EDITED_COURSE = "DCLIC-MOB-001"  # a demo course


def editor_desk(tab, live_server):
    account(tab, live_server)  # the demo administrator holds course.edit
    tab.goto("/edit")
    return ()


def course_form(tab, live_server):
    account(tab, live_server)
    tab.goto("/edit/courses/new")
    return ()


def course_form_with_errors(tab, live_server):
    course_form(tab, live_server)
    with tab.page.expect_navigation():
        button = live_server.translate("fr", "Create the course")
        tab.page.get_by_role("main").get_by_role("button", name=button).click()
    return ("/edit/courses/new: HTTP 422",)


def course_editor(tab, live_server):
    account(tab, live_server)
    tab.goto(f"/edit/courses/{EDITED_COURSE}")
    return ()


def step_form(tab, live_server):
    """The form of a new text step, in the demo course's first module (made if none)."""
    course_editor(tab, live_server)
    page = tab.page
    add_step = live_server.translate("fr", "Add a step to this module")
    if page.get_by_role("link", name=add_step).count() == 0:
        tab.goto(f"/edit/courses/{EDITED_COURSE}/modules/new")
        page.get_by_label(live_server.translate("fr", "Title"), exact=True).fill("Module e2e")
        with page.expect_navigation():
            button = live_server.translate("fr", "Add the module")
            page.get_by_role("main").get_by_role("button", name=button).click()
    tab.goto(page.get_by_role("link", name=add_step).first.get_attribute("href") + "?kind=text")
    return ()


# --- learning: the player, "My learning", the mentors' pages -----------------------------------


def require_learning(live_server) -> None:
    """Skip, saying why, when the learning module is not (yet) part of the app."""
    if live_server.status("/my-learning") == 404:
        pytest.skip("no learning module in this app yet (GET /my-learning answered 404)")


def _sign_in_demo(tab, live_server, email: str) -> None:
    from dclic.demo import DEMO_PASSWORD

    require_learning(live_server)
    tab.goto("/login")
    sign_in(tab, live_server, email, DEMO_PASSWORD)


def _demo_learner(index: int = 0) -> str:
    from dclic.demo import LEARNERS

    return LEARNERS[index][0]  # 0: Fatou Ndiaye, who follows a free path (see learning/demo.py)


def learning_step(tab, live_server):
    _sign_in_demo(tab, live_server, _demo_learner())
    tab.goto("/learn/DCLIC-NET-001")  # resumes: redirected to a step
    return ()


def learning_step_ar(tab, live_server):
    _sign_in_demo(tab, live_server, _demo_learner())
    tab.goto("/learn/DCLIC-NET-001?lang=ar")  # right to left, at 320 px too
    return ()


def learning_print(tab, live_server):
    _sign_in_demo(tab, live_server, _demo_learner())
    tab.goto("/learn/DCLIC-MOB-001/print")
    return ()


def my_learning(tab, live_server):
    _sign_in_demo(tab, live_server, _demo_learner())
    tab.goto("/my-learning")
    return ()


def learner_progress(tab, live_server):
    from dclic.accounts.queries import get_user_by_email
    from dclic.demo import MENTORS

    with live_server.app.app_context():
        code = get_user_by_email(_demo_learner()).learner_code
    _sign_in_demo(tab, live_server, MENTORS[0][0])
    tab.goto(f"/learners/{code}/progress")
    return ()


def group_progress(tab, live_server):
    from dclic.demo import MENTORS

    _sign_in_demo(tab, live_server, MENTORS[1][0])  # Koffi Mensah, mentor of the demo group
    tab.goto("/my-learning")
    tab.goto(first_link(tab, "/groups/"))
    return ()


def course_preview(tab, live_server):
    from dclic.demo import EDITORS

    _sign_in_demo(tab, live_server, EDITORS[0][0])
    tab.goto("/learn/DCLIC-WEB-001?preview=1")  # the editor follows no course: preview
    return ()


def harvest_sources(tab, live_server):
    account(tab, live_server)
    tab.goto("/admin/harvest")
    return ()


def harvest_source(tab, live_server):
    """A harvested source's page; with none yet, one is first registered through the form."""
    harvest_sources(tab, live_server)
    page = tab.page
    links = page.locator('main table a[href^="/admin/harvest/"]')
    if links.count():
        tab.goto(links.first.get_attribute("href"))
        return ()

    def t(message):
        return live_server.translate("fr", message)

    page.get_by_label(t("Provider name shown in the catalogue")).fill("Catalogue e2e")
    page.get_by_label(t("Base URL of the OAI-PMH repository")).fill(live_server.origin + "/oai")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=t("Add the source")).click()
    return ()


PAGE_KINDS = {
    opener.__name__: opener
    for opener in (
        home_fr,
        home_en,
        home_ar,
        home_signed_in,
        login,
        login_with_field_errors,
        login_with_wrong_password,
        not_found,
        not_found_ar,
        catalogue,
        catalogue_ar,
        course,
        paths,
        path,
        register,
        register_with_errors,
        forgot_password,
        newsletter,
        account,
        change_password,
        people_search,
        audit_trail,
        audit_row,
        rights_matrix,
        import_accounts,
        administration,
        platform_settings,
        admin_users,
        admin_user,
        admin_groups,
        admin_group,
        course_history,
        course_versions_compared,
        audit_integrity,
        editor_desk,
        course_form,
        course_form_with_errors,
        course_editor,
        step_form,
        learning_step,
        learning_step_ar,
        learning_print,
        my_learning,
        learner_progress,
        group_progress,
        course_preview,
        harvest_sources,
        harvest_source,
    )
}
# The same page in another language than French.
TRANSLATED_VARIANTS = frozenset(
    {"home_en", "home_ar", "not_found_ar", "catalogue_ar", "learning_step_ar"}
)


# --- mentoring: availability, booking, appointments, agendas (dclic.mentoring) ----------------


def _sign_in_mentoring(tab, live_server, who: str) -> None:
    """Sign in the demo mentor (``"mentor"``) or learner (``"learner"``) of dclic/mentoring/demo.py."""
    from dclic.mentoring import demo

    if live_server.status("/mentoring") == 404:
        pytest.skip("no mentoring module in this app yet")
    _sign_in_demo(tab, live_server, demo.MENTOR if who == "mentor" else demo.LEARNER)


def mentoring_home(tab, live_server):
    _sign_in_mentoring(tab, live_server, "learner")
    tab.goto("/mentoring")
    return ()


def mentoring_availability(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/mentoring/availability")
    return ()


def mentoring_book(tab, live_server):
    _sign_in_mentoring(tab, live_server, "learner")
    tab.goto("/mentoring")
    tab.goto(first_link(tab, "/mentoring/mentors/"))
    return ()


def mentoring_appointment(tab, live_server):
    _sign_in_mentoring(tab, live_server, "learner")
    tab.goto("/agenda")
    tab.goto(first_link(tab, "/appointments/"))
    return ()


def mentoring_appointment_ar(tab, live_server):
    mentoring_appointment(tab, live_server)
    tab.goto(tab.page.url.removeprefix(tab.origin) + "?lang=ar")
    return ()


def mentoring_appointment_mentor(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/agenda")
    tab.goto(first_link(tab, "/appointments/"))
    return ()


def mentoring_agenda_week(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/agenda?view=week")
    return ()


def mentoring_agenda_month(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/agenda?view=month")
    return ()


PAGE_KINDS.update(
    {
        opener.__name__: opener
        for opener in (
            mentoring_home,
            mentoring_availability,
            mentoring_book,
            mentoring_appointment,
            mentoring_appointment_ar,
            mentoring_appointment_mentor,
            mentoring_agenda_week,
            mentoring_agenda_month,
        )
    }
)
TRANSLATED_VARIANTS = TRANSLATED_VARIANTS | {"mentoring_appointment_ar"}


# --- mentoring follow-up: the mentors' dashboard, a learner's notes, virtual classes ----------


def mentoring_learners(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/mentoring/learners")
    return ()


def mentoring_learner_notes(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/mentoring/learners")
    tab.goto(first_link(tab, "/mentoring/learners/"))
    return ()


def mentoring_sessions(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/mentoring/sessions")
    return ()


PAGE_KINDS.update(
    {
        opener.__name__: opener
        for opener in (mentoring_learners, mentoring_learner_notes, mentoring_sessions)
    }
)


# --- mentoring: announcements, the queue of learners waiting for a mentor -----------------------


def mentoring_announcements(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/mentoring/announcements")
    return ()


def mentoring_queue(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/mentoring/queue")
    return ()


def mentoring_home_announcements(tab, live_server):
    _sign_in_mentoring(tab, live_server, "learner")
    tab.goto("/")
    return ()


PAGE_KINDS.update(
    {
        opener.__name__: opener
        for opener in (mentoring_announcements, mentoring_queue, mentoring_home_announcements)
    }
)


# --- private messages and the notification centre ------------------------------------------


def _sign_in_messages(tab, live_server) -> None:
    """Sign in the demo learner of the mentoring demo, landing on /messages (not the home page)."""
    from dclic.demo import DEMO_PASSWORD
    from dclic.mentoring import demo

    if live_server.status("/messages") == 404:
        pytest.skip("no messages module in this app yet")
    require_learning(live_server)
    tab.goto("/login?next=/messages")
    sign_in(tab, live_server, demo.LEARNER, DEMO_PASSWORD)


def messages_inbox(tab, live_server):
    _sign_in_messages(tab, live_server)
    tab.goto("/messages")
    return ()


def messages_new(tab, live_server):
    _sign_in_messages(tab, live_server)
    tab.goto("/messages/new")
    return ()


def messages_conversation(tab, live_server):
    """Writes to the learner's mentor (code from the booking link), lands on the conversation."""
    _sign_in_messages(tab, live_server)
    tab.goto("/mentoring")
    code = first_link(tab, "/mentoring/mentors/").rstrip("/").rsplit("/", 1)[-1]
    tab.goto(f"/messages/new?to={code}")
    tab.page.locator("textarea[name=body]").fill("Bonjour, une question sur le module 2.")
    with tab.page.expect_navigation():
        tab.page.locator("main form button[type=submit]").click()
    return ()


def notifications_centre(tab, live_server):
    _sign_in_messages(tab, live_server)
    tab.goto("/notifications")
    return ()


def notifications_settings(tab, live_server):
    _sign_in_messages(tab, live_server)
    tab.goto("/notifications/settings")
    return ()


PAGE_KINDS.update(
    {
        opener.__name__: opener
        for opener in (
            messages_inbox,
            messages_new,
            messages_conversation,
            notifications_centre,
            notifications_settings,
        )
    }
)


def mentoring_shared_events(tab, live_server):
    _sign_in_mentoring(tab, live_server, "mentor")
    tab.goto("/agenda/events")
    return ()


PAGE_KINDS.update({"mentoring_shared_events": mentoring_shared_events})
