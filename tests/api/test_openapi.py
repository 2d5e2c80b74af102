"""The OpenAPI document is the contract: every route is in it, and every answer matches it.

Schemathesis generates calls to every operation from the document (valid and invalid input)
as a signed-in demo persona with a token, and checks each answer: never a 5xx, a documented
status and content type, and a body that matches the schema (objects forbid unlisted fields).
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.account import tokens
from portal.api.openapi import document
from portal.demo.interpreters import load_demo_interpreters
from portal.extensions import db
from tests.conftest import persona

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


def openapi_path(rule: str) -> str:
    """A Flask rule (/api/v1/bookings/<reference>) as an OpenAPI path (/bookings/{reference})."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix("/api/v1"))


def test_every_api_route_is_in_the_document_and_nothing_else(app):
    routes = {(openapi_path(rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, operations in document()["paths"].items() for method in operations}
    assert routes == documented


def test_the_document_is_served_without_signing_in(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["openapi"] == "3.1.0"
    assert response.json == document()


OPERATIONS = [(path, method) for path, operations in document()["paths"].items() for method in operations]


@pytest.fixture
def api_schema(app, demo):
    load_demo_interpreters(db.session)
    # A deaf persona: a decision, a programme with a sign-language item, interpreters in the region.
    iin = persona(demo, lambda p: any(i["kind"] == "sign_language" for pr in p["programmes"] for i in pr["items"]))
    _, secret = tokens.create(db.session, iin=iin, name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Schemathesis calls the app in-process and reads the body as it comes: ask for it uncompressed,
    # as a client that accepts no encoding would (compression is tested in tests/test_page_weight.py).
    return schema, {"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity"}


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_operation_answers_as_documented(api_schema, path, method):
    schema, headers = api_schema
    operation = schema[path][method.upper()]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def call(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
