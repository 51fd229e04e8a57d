"""Errors: friendly localized pages, one JSON shape under /api/, logs with tracebacks."""

import json
import logging

import pytest
from flask import Blueprint, abort
from marshmallow import fields, validate

from dclic.core.api import endpoint
from dclic.core.errors import Conflict, NotAllowed
from dclic.core.schemas import StrictSchema
from dclic.extensions import csrf
from tests.conftest import make_app


class GreetingSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=20))
    age = fields.Integer(validate=validate.Range(min=13))


class ReplySchema(StrictSchema):
    text = fields.String(required=True)


@pytest.fixture
def app_with_test_routes(tmp_path):
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    bp = Blueprint("testing", __name__)
    api = Blueprint("testing_api", __name__, url_prefix="/api/v1/testing")

    @bp.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @bp.route("/forbidden")
    def forbidden():
        raise NotAllowed()

    @bp.route("/teapot-conflict")
    def conflict():
        raise Conflict("Ce code est déjà pris.")

    @bp.route("/rate")
    def rate():
        abort(429)

    @api.post("/greetings")
    @endpoint(summary="Greet", body=GreetingSchema, response=ReplySchema, status=201)
    def greet(body):
        return {"text": f"Bonjour {body['name']}"}

    @api.route("/boom")
    def api_boom():
        raise RuntimeError("kaboom")

    csrf.exempt(api)
    app.register_blueprint(bp)
    app.register_blueprint(api)
    return app


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/no-such-page", 404, "Page introuvable"),
        ("/forbidden", 403, "Accès refusé"),
        ("/rate", 429, "Trop de requêtes"),
        ("/boom", 500, "Erreur du serveur"),
    ],
)
def test_errors_are_friendly_french_pages_with_a_reference(
    app_with_test_routes, path, status, title
):
    response = app_with_test_routes.test_client().get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html
    assert response.headers["X-Request-ID"] in html
    assert 'name="viewport"' in html
    assert "Traceback" not in html
    assert "Werkzeug" not in html


def test_a_405_page_says_which_methods_are_allowed(app_with_test_routes):
    response = app_with_test_routes.test_client().delete("/login")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_a_server_error_is_logged_as_one_json_line_with_the_traceback(app_with_test_routes, capsys):
    app_with_test_routes.logger.propagate = False
    logging.getLogger("dclic").propagate = False
    response = app_with_test_routes.test_client().get("/boom")
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    record = next(line for line in lines if line["message"] == "unhandled exception")
    assert record["level"] == "ERROR"
    assert record["request_id"] == response.headers["X-Request-ID"]
    assert record["path"] == "/boom"
    assert "RuntimeError: kaboom" in record["traceback"]


def test_api_errors_share_one_json_shape(app_with_test_routes):
    client = app_with_test_routes.test_client()
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    body = response.get_json()
    assert body["code"] == "not_found"
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert body["message"]
    boom = client.get("/api/v1/testing/boom")
    assert boom.status_code == 500
    assert boom.get_json()["code"] == "server_error"
    assert "kaboom" not in boom.get_data(as_text=True)


def test_api_validation_errors_are_422_with_messages_per_field(app_with_test_routes):
    client = app_with_test_routes.test_client()
    response = client.post("/api/v1/testing/greetings", json={"name": "", "age": 9, "extra": 1})
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"name", "age", "extra"}
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("not json", "application/json"),
        ("[1, 2]", "application/json"),
        ('{"name": "x"}', "text/plain"),
        ("\xff\xfe", "application/json"),
    ],
)
def test_api_bodies_that_are_not_json_objects_are_400(app_with_test_routes, data, content_type):
    response = app_with_test_routes.test_client().post(
        "/api/v1/testing/greetings", data=data, content_type=content_type
    )
    assert response.status_code == 400
    assert response.get_json()["code"] == "bad_request"


def test_a_valid_api_call_gets_the_declared_status_and_shape(app_with_test_routes):
    response = app_with_test_routes.test_client().post(
        "/api/v1/testing/greetings", json={"name": "Awa"}
    )
    assert response.status_code == 201
    assert response.get_json() == {"text": "Bonjour Awa"}


def test_the_openapi_document_is_generated_from_the_endpoints(app_with_test_routes):
    document = app_with_test_routes.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    operation = document["paths"]["/api/v1/testing/greetings"]["post"]
    assert operation["summary"] == "Greet"
    assert set(operation["responses"]) >= {"201", "400", "422"}
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Greeting"
    }
    assert "Error" in document["components"]["schemas"]
    assert "/api/v1/status" in document["paths"]


def test_a_domain_conflict_reaches_the_page_with_its_message(app_with_test_routes):
    response = app_with_test_routes.test_client().get("/teapot-conflict")
    assert response.status_code == 409
    assert "Ce code est déjà pris." in response.get_data(as_text=True)
