"""Pages of private messages: wiring, rights, read receipts, field errors, CSRF, rate limit."""

import re

import pytest

from dclic.core.db import db
from dclic.messages import queries, services
from tests.conftest import PASSWORD, make_migrated_app
from tests.helpers import csrf_token, post_form


def test_pages_need_a_signed_in_person(client):
    assert client.get("/messages").status_code == 302
    assert client.get("/messages/new").status_code == 302


def test_a_conversation_shows_read_once_the_recipient_opened_it(
    client, login, learner, mentor, session
):
    conversation = services.start_conversation(learner, [mentor], "Bonjour")
    login(learner)
    page = client.get(f"/messages/{conversation.id}").get_data(as_text=True)
    assert 'data-receipt="sent"' in page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/messages")})
    login(mentor)
    assert client.get(f"/messages/{conversation.id}").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/messages")})
    login(learner)
    page = client.get(f"/messages/{conversation.id}").get_data(as_text=True)
    assert 'data-receipt="read"' in page


def test_a_reply_is_posted_and_an_empty_one_comes_back_with_its_field_error(
    client, login, learner, mentor, session
):
    conversation = services.start_conversation(learner, [mentor], "Bonjour")
    login(mentor)
    path = f"/messages/{conversation.id}"
    response = post_form(client, path, {"body": "Bonjour, je suis là."})
    assert response.status_code == 302
    response = post_form(client, path, {"body": "  "})
    assert response.status_code == 422
    assert 'id="body-error"' in response.get_data(as_text=True)


def test_a_reply_without_the_form_token_is_refused(client, login, learner, mentor, session):
    conversation = services.start_conversation(learner, [mentor], "Bonjour")
    login(mentor)
    assert client.post(f"/messages/{conversation.id}", data={"body": "x"}).status_code == 400


def test_someone_elses_conversation_is_not_found(client, login, learner, mentor, person, session):
    conversation = services.start_conversation(learner, [mentor], "Bonjour")
    login(person())
    assert client.get(f"/messages/{conversation.id}").status_code == 404
    assert client.get("/messages/999999999999").status_code == 404


def test_a_reply_the_rules_refuse_is_forbidden(client, login, person, session):
    from dclic.accounts import services as accounts

    a, b = person(), person()
    conversation = services.start_conversation(a, [b], "Bonjour")
    accounts.update_profile(None, b, accepts_learner_messages=False)
    login(a)
    response = post_form(client, f"/messages/{conversation.id}", {"body": "Encore"})
    assert response.status_code == 403


def test_a_new_conversation_by_learner_code(client, login, learner, mentor, session):
    login(learner)
    page = client.get(f"/messages/new?to={mentor.learner_code}").get_data(as_text=True)
    assert mentor.learner_code in page
    response = post_form(client, "/messages/new", {"to": mentor.learner_code, "body": "Bonjour"})
    assert response.status_code == 302
    assert re.search(r"/messages/\d+$", response.headers["Location"])


def test_a_protected_minors_code_gives_a_field_error(client, login, learner, person, session):
    minor = person(age=15)
    login(learner)
    response = post_form(client, "/messages/new", {"to": minor.learner_code, "body": "Salut"})
    assert response.status_code == 422
    assert 'id="to-error"' in response.get_data(as_text=True)


def test_a_profile_links_to_a_new_message_only_when_allowed(client, login, mentor, person, session):
    adult, minor = person(), person(age=15)
    login(mentor)
    page = client.get(f"/people/{adult.learner_code}").get_data(as_text=True)
    assert f"/messages/new?to={adult.learner_code}" in page
    login_page = client.get(f"/people/{minor.learner_code}").get_data(as_text=True)
    assert f"/messages/new?to={minor.learner_code}" in login_page  # mentors may write to minors


def test_the_menu_counts_unread_conversations(client, login, learner, mentor, session):
    services.start_conversation(mentor, [learner], "Bonjour")
    login(learner)
    page = client.get("/messages").get_data(as_text=True)
    assert re.search(r'href="/messages"[^>]*>[^<]*<span class="badge">1<', page)
    assert 'id="conversations"' in page and 'class="unread"' in page


def test_the_list_costs_the_same_queries_for_one_or_many_conversations(
    client, login, learner, person, session, count_queries
):
    login(learner)
    services.start_conversation(person(roles=("mentor",)), [learner], "Un")
    with count_queries() as one:
        assert client.get("/messages").status_code == 200
    for _ in range(5):
        services.start_conversation(person(roles=("mentor",)), [learner], "Encore")
    with count_queries() as many:
        assert client.get("/messages").status_code == 200
    assert many.n == one.n


@pytest.fixture
def limited(tmp_path):
    app = make_migrated_app(tmp_path, DCLIC_RATELIMIT_ENABLED="1", WTF_CSRF_ENABLED=False)
    from dclic.accounts import services as accounts

    with app.app_context():
        mentor = accounts.create_user(
            None, email="m@example.org", password=PASSWORD, display_name="M", roles=("mentor",)
        )
        learner = accounts.create_user(
            None, email="l@example.org", password=PASSWORD, display_name="L"
        )
        conversation = services.start_conversation(mentor, [learner], "Bonjour")
        db.session.commit()
        conversation_id = conversation.id
    return app, conversation_id


def test_a_sender_is_slowed_down_after_twenty_messages_a_minute(limited):
    app, conversation_id = limited
    client = app.test_client()
    client.post("/login", data={"email": "m@example.org", "password": PASSWORD})
    codes = [
        client.post(f"/messages/{conversation_id}", data={"body": f"n° {n}"}).status_code
        for n in range(21)
    ]
    assert codes == [302] * 20 + [429]


def test_the_inbox_pages_with_the_shared_accessible_pagination(
    client, login, learner, person, session
):
    for n in range(queries.PER_PAGE + 1):
        services.start_conversation(person(roles=("mentor",)), [learner], f"n° {n}")
    login(learner)
    first = client.get("/messages").get_data(as_text=True)
    assert re.search(r'<nav class="pagination" aria-label="[^"]+">', first)
    assert re.search(r'<a href="/messages" aria-current="page">', first)
    assert 'href="/messages?page=2" rel="next"' in first
    second = client.get("/messages?page=2").get_data(as_text=True)
    assert second.count('id="conversation-') == 1
    assert 'href="/messages" rel="prev"' in second
