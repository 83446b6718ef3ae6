"""The review pages' day pinned to the hand-counted dataset's (27/11/2026): the page and the job read
`timezone.localdate()`; a conversion of a given moment is left alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from ..conftest import TODAY


@pytest.fixture
def on_review_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = timezone.localdate

    def localdate(value: Any = None, timezone: Any = None) -> Any:
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    yield
