"""Sign-in throttling, counted in the real Redis so every app node shares the count."""

import uuid

from tests.conftest import make_migrated_app


def test_too_many_sign_in_attempts_get_a_friendly_429_counted_in_redis(tmp_path, redis_url):
    from redis import Redis

    prefix = f"dclic-test-{uuid.uuid4().hex[:8]}"
    app = make_migrated_app(
        tmp_path,
        REDIS_URL=redis_url,
        DCLIC_RATELIMIT_ENABLED="1",
        DCLIC_RATELIMIT_PREFIX=prefix,
        WTF_CSRF_ENABLED=False,
    )
    client = app.test_client()
    statuses = [
        client.post("/login", data={"email": "x@example.org", "password": "p"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    assert "<h1>" in client.post("/login", data={}).get_data(as_text=True)
    assert Redis.from_url(redis_url).keys(f"*{prefix}*")
    assert client.get("/login").status_code == 200  # reading the page is not throttled
