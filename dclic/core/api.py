"""The JSON API's conventions in one place: input parsing, output shaping, pagination, OpenAPI.

An API view is declared with :func:`endpoint`::

    @bp.get("/courses")
    @endpoint(summary="List courses", query=PageQuerySchema, response=CoursePage)
    def list_courses(query):
        return paginate(select(Course), **query)

The decorator validates the JSON body and query string (``422`` with per-field messages,
``400`` for a body that is not a JSON object), passes the loaded data as ``body`` / ``query``
keyword arguments, and dumps the return value with the response schema. The same metadata
generates the OpenAPI 3 document served at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, current_app, g, jsonify, request
from marshmallow import Schema, ValidationError

from dclic.core.errors import DomainError, Invalid
from dclic.core.i18n import gettext as _


@dataclass
class EndpointDoc:
    """What :func:`endpoint` knows of a view, for validation and for OpenAPI."""

    summary: str
    tags: tuple[str, ...] = ()
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    response: type[Schema] | None = None
    status: int = 200
    auth: bool = False
    errors: tuple[int, ...] = field(default_factory=tuple)


class Unauthenticated(DomainError):
    """No valid bearer token (401)."""

    status = 401
    code = "unauthorized"


def bearer_secret() -> str | None:
    """The secret of an ``Authorization: Bearer …`` header, if any."""
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() or None if scheme.lower() == "bearer" else None


def authenticate_request():
    """The user behind the request's bearer token, via the authenticator a module installed.

    The API never trusts the session cookie: it is exempt from CSRF, so only a token sent
    explicitly by the client proves who calls.
    """
    authenticator = current_app.extensions.get("dclic_api_authenticator")
    secret = bearer_secret()
    user = authenticator(secret) if authenticator and secret else None
    if user is None:
        raise Unauthenticated(_("Send a valid token in the Authorization header: Bearer <token>."))
    g.api_user = user
    return user


class BadBody(DomainError):
    """The request body is not a JSON object."""

    status = 400
    code = "bad_request"


def _flatten(messages) -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"field.sub": ["…"]}``."""
    flat: dict[str, list[str]] = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            flat.setdefault(prefix or "_schema", []).extend(value)
        else:
            flat.setdefault(prefix or "_schema", []).append(str(value))

    walk("", messages)
    return flat


def load(schema: type[Schema], data, location: str):
    """Validate ``data`` with ``schema`` or raise :class:`Invalid` with field messages."""
    try:
        return schema().load(data)
    except ValidationError as exc:
        raise Invalid(_("Some fields are not valid."), _flatten(exc.messages)) from exc


def _json_body():
    if not request.is_json:
        raise BadBody(_("Send a JSON object with the Content-Type application/json."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadBody(_("The request body must be a JSON object."))
    return data


def endpoint(
    *,
    summary: str,
    tags=(),
    body=None,
    query=None,
    response=None,
    status=200,
    auth=False,
    errors=(),
):
    """Declare an API view: validated input, shaped output, and its OpenAPI description."""
    doc = EndpointDoc(summary, tuple(tags), body, query, response, status, auth, tuple(errors))

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if auth:
                kwargs["actor"] = authenticate_request()
            if body is not None:
                kwargs["body"] = load(body, _json_body(), "body")
            if query is not None:
                kwargs["query"] = load(query, request.args.to_dict(), "query")
            result = view(*args, **kwargs)
            if response is None:
                return ("", 204) if result is None else result
            return jsonify(response().dump(result)), status

        wrapper.api_doc = doc
        return wrapper

    return decorate


@dataclass
class Page:
    """One page of a list, as the API and the HTML views present it."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def meta(self) -> dict:
        return {
            "page": self.page,
            "per_page": self.per_page,
            "total": self.total,
            "pages": self.pages,
        }


def paginate(statement, page: int = 1, per_page: int = 20) -> Page:
    """Run ``statement`` (a ``select``) for one page, with the total count."""
    from sqlalchemy import func, select

    from dclic.core.db import db

    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(items), page, per_page, total or 0)


def page_body(page: Page) -> dict:
    """The ``{"items", "meta"}`` body of a paginated response."""
    return {"items": page.items, "meta": page.meta}


_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def build_openapi(app: Flask) -> dict:
    """The OpenAPI 3 document of every :func:`endpoint` view registered on ``app``."""
    from dclic import __version__
    from dclic.core.schemas import ErrorSchema

    spec = APISpec(
        title="dclic API",
        version=__version__,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "The dclic JSON API. Errors share one shape: see ErrorSchema."},
        servers=[{"url": app.config["DCLIC_BASE_URL"]}],
    )
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        doc = getattr(app.view_functions.get(rule.endpoint), "api_doc", None)
        if doc is None:
            continue
        path = _CONVERTER.sub(r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, doc)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _operation(rule, doc: EndpointDoc) -> dict:
    error = {"content": {"application/json": {"schema": "Error"}}}
    responses: dict = {}
    if doc.response is not None:
        responses[str(doc.status)] = {
            "description": doc.summary,
            "content": {"application/json": {"schema": doc.response}},
        }
    else:
        responses["204" if doc.status == 200 else str(doc.status)] = {"description": doc.summary}
    codes = set(doc.errors)
    if doc.body is not None:
        codes |= {400, 422}
    if doc.query is not None:
        codes.add(422)
    if doc.auth:
        codes.add(401)
    for code in sorted(codes):
        responses[str(code)] = {"description": str(code), **error}
    operation = {
        "summary": doc.summary,
        "operationId": rule.endpoint,
        "tags": list(doc.tags),
        "responses": responses,
    }
    if doc.query is not None:
        operation["parameters"] = [{"in": "query", "schema": doc.query}]
    if doc.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": doc.body}},
        }
    if doc.auth:
        operation["security"] = [{"bearer": []}]
    return operation


def openapi_view():
    """Serve the generated OpenAPI document (cached per process)."""
    app = current_app._get_current_object()
    document = app.extensions.get("dclic_openapi")
    if document is None:
        document = app.extensions["dclic_openapi"] = build_openapi(app)
    return jsonify(document)
