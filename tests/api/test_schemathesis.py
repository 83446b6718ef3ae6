"""Schemathesis against the OpenAPI document, in process (WSGI), inside the test database.

Every operation, reads and writes, is called with generated data as a bloc officer holding an API token; each
answer must not be a server error, must have a status code the document lists for the operation, the content
type it names, and a body that matches its schema (the API's one error body for every 4xx). Seeded
(`derandomize`) and bounded (`MAX_EXAMPLES` a operation), so a run is repeatable and short.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.test import APIClient
from schemathesis import checks as schemathesis_checks

from dangbo.accounts.tokens import issue_token
from tests.conftest import World

MAX_EXAMPLES = 12
CHECK_NAMES = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


@pytest.fixture
def api_schema(world: World) -> Any:
    """The served document, with ids drawn from 0 to 12: random ids would almost never name a stored record,
    and the answers for existing records (200 with a body) are the ones worth checking."""
    raw = APIClient().get("/api/schema/", {"format": "json"}).json()
    for operations_of_path in raw["paths"].values():
        for operation in operations_of_path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id":
                    parameter["schema"] = {"type": "integer", "minimum": 0, "maximum": 12}
    return schemathesis.openapi.from_dict(raw)


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """Django's WSGI application, kept from closing the test's database connection after each request (as
    Django's own test client does): on PostgreSQL that would end the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_answers_as_the_schema_says(world: World, api_schema: Any, wsgi_app: Any) -> None:
    _token, key = issue_token(user=world.bloc_officer, name="Schemathesis", second_factor=True)
    headers = {"Authorization": f"Token {key}"}
    checks = [getattr(schemathesis_checks, name) for name in CHECK_NAMES]
    tested = []
    for operation in operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            response = case.call(app=wsgi_app, headers=headers)
            case.validate_response(response, checks=checks, headers=headers)

        call()
        tested.append(operation.label)
    assert len(tested) == 218, tested
