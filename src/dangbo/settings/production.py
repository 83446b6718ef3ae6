"""Production: PostgreSQL from DATABASE_URL, secure cookies, HTTPS, secrets from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from dangbo.serving.logs import json_formatter

from .base import *  # noqa: F403


def _required(name: str, what_vi: str, what_en: str) -> str:
    """A variable production cannot start without: a missing one stops the start with a message naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Thiếu biến môi trường {name} ({what_vi}). / The environment variable {name} is missing ({what_en})."
        )
    return value


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY", "khóa bí mật", "the secret key")
# Production runs on PostgreSQL only: without DATABASE_URL the base settings would quietly open a SQLite file.
_required("DATABASE_URL", "địa chỉ cơ sở dữ liệu PostgreSQL", "the PostgreSQL address")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = 8 * 3600
DANGBO_REQUIRE_2FA_FOR_OFFICERS = os.environ.get("DANGBO_REQUIRE_2FA_FOR_OFFICERS", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Notification mails through the office's SMTP server.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# Logs: one JSON object per line on standard output (the journal or the container collects it), with the request's
# id and the user's id where there is a request; never a name, a citizen id or a query string (core/requestlog.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "dangbo.core.requestlog.RequestContextFilter"}},
    "formatters": {"json": json_formatter()},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request"],
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DANGBO_LOG_LEVEL", "WARNING").upper()},
    "loggers": {
        "dangbo": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
    },
}
