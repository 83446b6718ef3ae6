"""Test settings: the database comes from DATABASE_URL (SQLite in memory by default)."""

import os

from csp.constants import SELF, UNSAFE_EVAL

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, DATABASES, MIDDLEWARE

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are not collected for tests; WhiteNoise would warn about the missing directory.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# The production policy plus one allowance: Playwright's wait_for_function evaluates its predicate with eval()
# inside the page. tests/browser/test_csp.py puts the production policy back and checks the pages under it.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "script-src": [SELF, UNSAFE_EVAL]}}
# Background jobs: a short heartbeat window, so that the tests of dead workers wait seconds, not minutes.
DANGBO_JOB_HEARTBEAT_SECONDS = 0.5
DANGBO_JOB_STALE_SECONDS = 3
DANGBO_JOB_SWEEP_SECONDS = 1
# The suite does not depend on the free space of the machine it runs on (tests/core/test_health.py sets its own).
DANGBO_HEALTH_MIN_FREE_MB = 1
