"""Production-like settings for the security tests: the values `dangbo.settings.production` computes (with
throwaway secrets), minus what only a real deployment has (its database, file storage, host names)."""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

# What the test database and storage need, and what the test client cannot provide (a real host name).
NOT_APPLIED = {
    "ALLOWED_HOSTS", "BASE_DIR", "DATABASES", "LOGGING", "MEDIA_ROOT", "PROJECT_DIR", "SECRET_KEY", "STATIC_ROOT",
    "STORAGES", "TASKS", "VAR_DIR",
}  # fmt: skip


def production_values(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    monkeypatch.setenv("DATABASE_URL", "postgres://dangbo@127.0.0.1:5432/dangbo")  # required; not applied
    module = importlib.import_module("dangbo.settings.production")
    values = {name: getattr(module, name) for name in dir(module) if name.isupper() and name not in NOT_APPLIED}
    # Static files are not collected for tests: WhiteNoise would warn about the missing directory.
    values["MIDDLEWARE"] = [m for m in values["MIDDLEWARE"] if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
    return values


@pytest.fixture
def production_like(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Production settings in force; requests must be made with `secure=True` (HTTPS is enforced)."""
    values = production_values(monkeypatch)
    assert values["DANGBO_REQUIRE_2FA_FOR_OFFICERS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    with override_settings(**values):
        yield values
