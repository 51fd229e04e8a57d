"""Domain exceptions and their one mapping to HTML pages and JSON bodies.

Services raise :class:`NotAllowed`, :class:`NotFound`, :class:`Conflict` or :class:`Invalid`;
:func:`init_app` turns them, and every HTTP error, into a localized page (HTML) or the one
JSON error shape under ``/api/``::

    {"code": "invalid", "message": "…", "request_id": "…", "errors": {"field": ["…"]}}

``errors`` is present only for validation problems.
"""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from dclic.core.i18n import lazy_gettext as _l
from dclic.core.signals import access_denied

log = logging.getLogger("dclic.errors")


class DomainError(Exception):
    """Base of the exceptions services raise; ``status`` is the HTTP status it maps to."""

    status = 400
    code = "bad_request"

    def __init__(self, message=None, errors: dict[str, list[str]] | None = None):
        self.message = message
        self.errors = errors
        super().__init__(str(message) if message else self.code)


class NotAllowed(DomainError):
    """The actor lacks the right for this action (403)."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """The object does not exist or the actor may not know it exists (404)."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The action clashes with the current state (duplicate, stale edit…) (409)."""

    status = 409
    code = "conflict"


class Invalid(DomainError):
    """Input failed validation; ``errors`` maps each field to its messages (422)."""

    status = 422
    code = "invalid"


# Titles and explanations of the error pages, per HTTP status.
MESSAGES = {
    400: (
        _l("Bad request"),
        _l(
            "The request could not be understood. Please check the address or the form and try again."
        ),
    ),
    401: (_l("Sign-in required"), _l("Please sign in to see this page.")),
    403: (_l("Access denied"), _l("You do not have the right to see this page or do this action.")),
    404: (_l("Page not found"), _l("This page does not exist or has been moved.")),
    405: (_l("Method not allowed"), _l("This address does not accept this kind of request.")),
    409: (_l("Conflict"), _l("This action conflicts with the current state of the data.")),
    413: (_l("Too large"), _l("What you sent is too large. Please send a smaller file.")),
    422: (_l("Invalid data"), _l("Some of the data you sent is not valid.")),
    429: (
        _l("Too many requests"),
        _l("You have made too many requests. Please wait a moment and try again."),
    ),
    500: (
        _l("Server error"),
        _l("Something went wrong on our side. The team has been told; please try again later."),
    ),
}

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


def wants_json() -> bool:
    """True for API requests, which always get the JSON error shape."""
    return request.path.startswith("/api/")


def _announce_denial(status: int, message) -> None:
    if status == 403:
        from flask import current_app

        access_denied.send(
            current_app._get_current_object(),
            path=request.path,
            method=request.method,
            message=str(message or ""),
        )


def error_response(status: int, message=None, errors=None, code=None):
    """Render the error for the current request as JSON (API) or a localized HTML page."""
    _announce_denial(status, message)
    title, explanation = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    request_id = g.get("request_id", "")
    if wants_json():
        body = {
            "code": code or CODES.get(status, "error"),
            "message": str(message or explanation),
            "request_id": request_id,
        }
        if errors:
            body["errors"] = errors
        return jsonify(body), status
    html = render_template(
        "errors/error.html",
        status=status,
        title=title,
        explanation=message or explanation,
        errors=errors,
        request_id=request_id,
    )
    return html, status


def _http_error(exc: HTTPException):
    response = error_response(exc.code or 500)
    if exc.code == 405 and exc.valid_methods:
        body, status = response
        return body, status, {"Allow": ", ".join(exc.valid_methods)}
    return response


def _csrf_error(exc: CSRFError):
    return error_response(
        400,
        _l(
            "The form had expired or was sent from elsewhere. Please go back, reload the page and send it again."
        ),
        code="csrf_failed",
    )


def _domain_error(exc: DomainError):
    body, status = error_response(exc.status, exc.message, exc.errors, exc.code)
    if status == 401:
        return body, status, {"WWW-Authenticate": 'Bearer realm="dclic"'}
    return body, status


def _server_error(exc: Exception):
    original = getattr(exc, "original_exception", None) or exc
    log.error("unhandled exception", exc_info=original)
    return error_response(500)


def init_app(app: Flask) -> None:
    """Register the error handlers on ``app``."""
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(Exception, _server_error)
