"""Fixtures of the language tests: a client switched to English, and no language left active after a test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    """LocaleMiddleware activates the request's language in the test thread; put the previous one back."""
    with translation.override(translation.get_language()):
        yield


def choose_language(client: Client, language: str, next_url: str = "/") -> None:
    """Choose the language the way the switch in the page header does (POST to Django's set_language view)."""
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == language
