"""HTTP hardening: request ids, host validation, security headers, HTTPS and proxies."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, abort, g, redirect, request, session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Probes of load balancers call these by IP address: they disclose nothing.
HOST_EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a path on this site, else ``default`` (no open redirect)."""
    if not target:
        return default
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def external_url(endpoint: str, **values) -> str:
    """An absolute link for mails, built on ``DCLIC_BASE_URL``, never on the request's Host."""
    from flask import current_app, has_request_context, url_for

    base = urlsplit(current_app.config["DCLIC_BASE_URL"])
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context("/"):
            path = url_for(endpoint, **values)
    return f"{base.scheme}://{base.netloc}{path}"


def _assign_request_id() -> None:
    # A trusted proxy may pass its own id so logs line up; anything odd is replaced.
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(8)


def _check_host() -> None:
    if request.path in HOST_EXEMPT_PATHS:
        return
    from flask import current_app

    if not host_is_trusted(request.host, current_app.config["DCLIC_ALLOWED_HOSTS"]):
        abort(400)


def _refuse_nul() -> None:
    """A NUL character in any text input is refused (400): databases cannot store it."""
    if request.path.startswith("/static/"):
        return
    texts = [*request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts += [*request.form.values()]
    if any("\x00" in text for text in texts):
        abort(400)
    if request.is_json and b"\\u0000" in request.get_data(cache=True):
        abort(400)


def _force_https():
    if request.path in HOST_EXEMPT_PATHS or request.is_secure:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(request.url.replace("http://", "https://", 1), code=301)
    abort(400)


def _add_headers(response):
    from flask import current_app

    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["PREFERRED_URL_SCHEME"] == "https":
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    response.headers["X-Request-ID"] = g.get("request_id", "")
    response.headers.pop("Server", None)
    if request.endpoint == "static" and not session.modified:
        # Extensions peek at the session on every response (Flask-Login's remember cookie),
        # which would add "Vary: Cookie" to static files shared by everyone.
        session.accessed = False
    if response.mimetype in ("text/html", "application/json"):
        # Pages are personal (language, user): never stored by shared caches.
        response.headers.setdefault("Cache-Control", "private, no-cache")
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    """Install the request hooks and, behind a reverse proxy, trust its forwarded headers."""
    proxies = app.config["DCLIC_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.before_request(_assign_request_id)
    app.before_request(_check_host)
    app.before_request(_refuse_nul)
    if app.config["PREFERRED_URL_SCHEME"] == "https":
        app.before_request(_force_https)
    app.after_request(_add_headers)
