"""HTTP hardening: headers, host validation, HTTPS, compression, size limits."""

import pytest

from tests.conftest import make_app


def test_every_page_carries_the_security_headers_and_a_request_id(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert len(response.headers["X-Request-ID"]) == 16
    assert "Server" not in response.headers


def test_a_request_id_from_the_proxy_is_kept_and_a_malformed_one_replaced(client):
    assert client.get("/", headers={"X-Request-ID": "proxy-id-1234"}).headers["X-Request-ID"] == (
        "proxy-id-1234"
    )
    assert client.get("/", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"] != (
        "<script>"
    )


def test_a_request_for_a_foreign_host_name_is_refused(client):
    response = client.get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 400
    assert 'name="viewport"' in response.get_data(as_text=True)
    assert client.get("/healthz", headers={"Host": "10.0.0.7"}).status_code == 200


def test_pages_are_compressed_with_brotli_or_gzip(client):
    assert client.get("/", headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"
    gz = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in gz.headers["Vary"]


def test_pages_are_private_to_the_browser(client):
    assert client.get("/").headers["Cache-Control"] == "private, no-cache"


@pytest.fixture
def production_app(tmp_path):
    return make_app(
        tmp_path,
        "postgresql://dclic@127.0.0.1:1/none",
        DCLIC_ENV="production",
        REDIS_URL="redis://127.0.0.1:1/0",
        MAIL_URL="smtp://127.0.0.1:1",
        DCLIC_BASE_URL="https://dclic.example.org",
    )


def test_production_redirects_plain_http_to_https(production_app):
    client = production_app.test_client()
    response = client.get("/courses?x=1", base_url="http://dclic.example.org")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://dclic.example.org/courses?x=1"


def test_production_sends_hsts_and_secure_cookies_over_https(production_app):
    client = production_app.test_client()
    response = client.get("/", base_url="https://dclic.example.org")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert "SameSite=Lax" in response.headers["Set-Cookie"]


def test_production_trusts_the_reverse_proxy_for_the_scheme(production_app):
    client = production_app.test_client()
    response = client.get(
        "/",
        base_url="http://dclic.example.org",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"},
    )
    assert response.status_code == 200


def test_a_body_over_the_limit_gets_a_friendly_413(tmp_path):
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}", DCLIC_MAX_UPLOAD_MB="1")
    response = app.test_client().post(
        "/login",
        data="email=" + "x" * (2 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "<h1>" in html
    assert 'name="viewport"' in html


def test_static_files_do_not_vary_on_cookies_but_pages_do(client):
    page = client.get("/")
    assert "Cookie" in page.headers["Vary"]
    stylesheet = page.get_data(as_text=True).split('rel="stylesheet" href="')[1].split('"')[0]
    assert "Cookie" not in client.get(stylesheet).headers.get("Vary", "")


def test_a_form_sent_without_its_token_explains_what_to_do(client):
    response = client.post("/language", data={"lang": "en"})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)


def test_a_nul_character_in_any_input_is_refused_not_crashed(client):
    assert client.get("/catalogue?q=a%00b").status_code == 400
    assert client.post("/login", data={"email": "a\x00@b.c", "password": "x"}).status_code == 400
    response = client.post(
        "/api/v1/auth/register", data='{"email": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["code"] == "bad_request"
