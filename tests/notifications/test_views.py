"""Pages of the notification centre: list, mark all as read, settings (no JS)."""

import re

from dclic.notifications import queries, services
from tests.helpers import post_form


def test_the_centre_needs_a_signed_in_person(client):
    assert client.get("/notifications").status_code == 302


def test_the_centre_lists_newest_first_and_marks_unread(client, login, create_user, session):
    user = create_user()
    first = services.notify(user, "message", "Premier", "/messages")
    second = services.notify(user, "message", "Second", "/messages")
    services.mark_all_read(user)
    third = services.notify(user, "message", "Troisième", "/messages")
    login(user)
    page = client.get("/notifications").get_data(as_text=True)
    ids = [int(n) for n in re.findall(r'id="notification-(\d+)"', page)]
    assert ids == [third.id, second.id, first.id]
    assert re.search(rf'id="notification-{third.id}" class="unread"', page)
    assert re.search(rf'id="notification-{first.id}" class="read"', page)


def test_mark_all_as_read_needs_the_form_token(client, login, create_user, session):
    user = create_user()
    services.notify(user, "message", "Titre", "/messages")
    login(user)
    assert client.post("/notifications/read").status_code == 400
    response = post_form(client, "/notifications/read", {}, page="/notifications")
    assert response.status_code == 302
    assert queries.count_unread(user) == 0


def test_the_settings_page_has_one_radio_group_per_kind(client, login, create_user, session):
    user = create_user()
    login(user)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert page.count('<fieldset class="field radio-group') >= 2
    assert 'name="kind_message"' in page and 'name="kind_course_completed"' in page
    response = post_form(
        client,
        "/notifications/settings",
        {"kind_message": "digest", "kind_course_completed": "off"},
    )
    assert response.status_code == 302
    channels = queries.list_channels(user)
    assert (channels["message"], channels["course_completed"]) == ("digest", "off")


def test_a_bad_choice_comes_back_with_its_field_error(client, login, create_user, session):
    login(create_user())
    response = post_form(
        client,
        "/notifications/settings",
        {"kind_message": "pigeon", "kind_course_completed": "off"},
    )
    assert response.status_code == 422
    assert 'id="kind_message-error"' in response.get_data(as_text=True)


def test_the_centre_pages_with_the_shared_accessible_pagination(
    client, login, create_user, session
):
    user = create_user()
    for n in range(queries.PER_PAGE + 1):
        services.notify(user, "message", f"Titre {n}", "/messages")
    login(user)
    first = client.get("/notifications").get_data(as_text=True)
    assert re.search(r'<nav class="pagination" aria-label="[^"]+">', first)
    assert re.search(r'<a href="/notifications\?page=2" aria-current="page">', first) is None
    assert re.search(r'<a href="/notifications" aria-current="page">', first)
    assert 'href="/notifications?page=2" rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/notifications?page=2").get_data(as_text=True)
    assert second.count('id="notification-') == 1
    assert 'href="/notifications" rel="prev"' in second and 'rel="next"' not in second
    assert re.search(r'<a href="/notifications\?page=2" aria-current="page">', second)


def test_one_page_has_no_pagination(client, login, create_user, session):
    user = create_user()
    services.notify(user, "message", "Seul", "/messages")
    login(user)
    assert 'class="pagination"' not in client.get("/notifications").get_data(as_text=True)
