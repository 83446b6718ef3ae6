"""Helpers for the member page tests (the world and the personas come from tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangbo.core.models import AuditEntry


def denied_count(what: str, object_id: Any) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(object_id)).count()


def count_queries(client: Client, url: str, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def years_ago() -> Callable[..., dt.date]:
    """A date `years` years (and `days` days) before today, for age and seniority bands."""
    from django.utils import timezone

    from dangbo.core.dates import add_years

    def make(years: int, days: int = 0) -> dt.date:
        return add_years(timezone.localdate(), -years) - dt.timedelta(days=days)

    return make
