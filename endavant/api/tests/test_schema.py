"""The OpenAPI document is valid, and Schemathesis finds no server error, no answer outside the
documented schema and no undocumented content type, with a fixed seed and a bounded number of
cases per operation (the count and the time are printed at the end of the run)."""

from __future__ import annotations

import json
import time
import zlib
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, seed, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from endavant.api import sample
from endavant.api.main import api

#: Cases Hypothesis generates per operation (plus Schemathesis' own boundary cases).
MAX_EXAMPLES = 25
CASES: Counter[str] = Counter()
STARTED: list[float] = []


def test_the_openapi_document_is_valid(client):
    document = client.get("/api/openapi.json").json()
    validate(document)
    assert document == json.loads(json.dumps(api.get_openapi_schema()))
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) == 30
    assert len({op["operationId"] for op in operations}) == 30
    for operation in operations:
        expected = {"200", "304", "429"} | ({"422"} if operation.get("parameters") else set())
        assert expected <= set(operation["responses"]), operation["operationId"]
        error = operation["responses"]["429"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def api_data(db, settings):
    """Sample records to find; requests served in this thread by the WSGI application."""
    settings.ENDAVANT_API_RATE_LIMIT = "1000000/min"
    sample.action_path()
    sample.ballot_path()
    sample.workshop_path()
    sample.project_path()
    sample.network_path()
    sample.grouping_path()
    sample.commune()
    sample.version()
    # Requests run in this thread, inside the test's transaction: the connection must stay
    # open between them, as Django's own test client arranges.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


# The document as the application serves it (checked equal above); calls go to the WSGI app.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@schema.parametrize()
@seed(20_240_601)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, api_data):
    """No 5xx, every answer matches its documented schema and content type."""
    if not STARTED:
        STARTED.append(time.monotonic())
    # Half the generated programme slugs become the sample's, so that the programme's lists are
    # read with data, not only refused with a 404.
    slug = case.path_parameters.get("slug") if case.path_parameters else None
    if isinstance(slug, str) and zlib.crc32(slug.encode()) % 2:
        case.path_parameters["slug"] = sample.SLUG
    CASES[case.operation.label] += 1
    # Werkzeug's test client, which Schemathesis drives, does not inflate gzip bodies.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


def test_report_schemathesis_counts(capsys):
    """Prints the number of cases and the time Schemathesis took (for the closing note)."""
    if not CASES:
        pytest.skip("Schemathesis did not run in this session")
    with capsys.disabled():
        print(
            f"\nSchemathesis: {sum(CASES.values())} cases over {len(CASES)} operations "
            f"in {time.monotonic() - STARTED[0]:.1f} s"
        )
