"""API clients for the personas of tests/conftest.py, logged in with a session like a browser would be."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from dangbo.accounts.models import User
from tests.conftest import World


def api_client(user: User | None = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def api_officer(world: World) -> APIClient:
    return api_client(world.officer)


@pytest.fixture
def api_member(world: World) -> APIClient:
    return api_client(world.member_user)


@pytest.fixture
def api_outsider(world: World) -> APIClient:
    return api_client(world.outsider)


@pytest.fixture
def api_bloc(world: World) -> APIClient:
    return api_client(world.bloc_officer)


@pytest.fixture
def api_anonymous(world: World) -> APIClient:
    return api_client()


def ids(response: Any) -> list[int]:
    """Ids of a paginated list response, in order."""
    return [row["id"] for row in response.json()["results"]]


def count_queries(call: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)
