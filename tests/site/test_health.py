"""Health probes for load balancers and orchestrators."""

from tests.conftest import POSTGRES_URL, make_app


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "alive"}


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_checks_redis_when_it_is_configured(tmp_path, redis_url):
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'r.sqlite3'}", REDIS_URL=redis_url)
    response = app.test_client().get("/readyz")
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}


def test_readyz_answers_503_when_a_service_is_down(tmp_path):
    app = make_app(
        tmp_path, f"sqlite:///{tmp_path / 'r.sqlite3'}", REDIS_URL="redis://127.0.0.1:1/0"
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


def test_the_api_status_names_version_environment_and_languages(client):
    body = client.get("/api/v1/status").get_json()
    assert body["environment"] == "development"
    assert body["languages"] == ["fr", "en", "ar"]
    assert body["default_language"] == "fr"


def test_non_production_pages_show_the_environment_banner(client):
    assert 'class="env-banner env-development"' in client.get("/").get_data(as_text=True)


def test_staging_pages_say_clearly_they_are_not_the_live_platform(tmp_path, redis_url):
    app = make_app(
        tmp_path,
        POSTGRES_URL,
        DCLIC_ENV="staging",
        REDIS_URL=redis_url,
        MAIL_URL="smtp://127.0.0.1:1",
        DCLIC_BASE_URL="https://test.dclic.example.org",
    )
    html = (
        app.test_client().get("/", base_url="https://test.dclic.example.org").get_data(as_text=True)
    )
    assert 'class="env-banner env-staging"' in html


def test_production_pages_have_no_banner(tmp_path, redis_url):
    app = make_app(
        tmp_path,
        POSTGRES_URL,
        DCLIC_ENV="production",
        REDIS_URL=redis_url,
        MAIL_URL="smtp://127.0.0.1:1",
        DCLIC_BASE_URL="https://dclic.example.org",
    )
    html = app.test_client().get("/", base_url="https://dclic.example.org").get_data(as_text=True)
    assert "env-banner" not in html
