"""Sign-in throttling, counted in the real Redis so every app node shares the count."""

import pytest

from tests.conftest import PASSWORD, make_migrated_app


@pytest.fixture
def limited_app(tmp_path, redis_settings):
    # Keys under a prefix of this test only: another test run on this machine never
    # counts, or deletes, ours.
    app = make_migrated_app(
        tmp_path, **redis_settings, DCLIC_RATELIMIT_ENABLED="1", WTF_CSRF_ENABLED=False
    )
    from dclic.accounts import services
    from dclic.core.db import db

    with app.app_context():
        services.create_user(None, email="awa@example.org", password=PASSWORD, display_name="Awa")
        db.session.commit()
    return app, redis_settings["DCLIC_RATELIMIT_PREFIX"]


def attempt(client, email, password="wrong password!", ip="198.51.100.7"):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip}
    ).status_code


def test_five_failures_on_one_account_pause_that_account_from_that_address(limited_app, redis_url):
    from redis import Redis

    app, prefix = limited_app
    client = app.test_client()
    assert [attempt(client, "awa@example.org") for _ in range(6)] == [422] * 5 + [429]
    page = client.post(
        "/login",
        data={"email": "awa@example.org", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert page.status_code == 429
    assert "<h1>" in page.get_data(as_text=True)
    # The owner, elsewhere, is not locked out by what an attacker does.
    assert attempt(client, "AWA@example.org", PASSWORD, ip="203.0.113.9") == 302
    assert Redis.from_url(redis_url).keys(f"*{prefix}*")


def test_one_address_trying_many_accounts_is_paused_after_ten(limited_app):
    app, _ = limited_app
    client = app.test_client()
    statuses = [attempt(client, f"user{n}@example.org") for n in range(11)]
    assert statuses == [422] * 10 + [429]
    assert client.get("/login", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200


def test_successful_sign_ins_do_not_count_against_the_account(limited_app):
    app, _ = limited_app
    for n in range(6):
        client = app.test_client()
        assert attempt(client, "awa@example.org", PASSWORD, ip=f"192.0.2.{n + 1}") == 302
