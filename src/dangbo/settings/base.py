"""Settings shared by every environment. Environment files override a few of these."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent  # src/dangbo
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("DANGBO_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "dangbo.core",
    "dangbo.accounts",
    "dangbo.organizations",
    "dangbo.documents",
    "dangbo.members",
    "dangbo.structure",
    "dangbo.discipline",
    "dangbo.library",
    "dangbo.questions",
    "dangbo.meetings",
    "dangbo.movements",
    "dangbo.dues",
    "dangbo.complaints",
    "dangbo.training",
    "dangbo.inspection",
    "dangbo.recognition",
    "dangbo.assignments",
    "dangbo.admissions",
    "dangbo.evaluations",
    "dangbo.screening",
    "dangbo.planning",
    "dangbo.reporting",
    "dangbo.statforms",
    "dangbo.notifications",
    "dangbo.home",
    "dangbo.portal",
    "dangbo.demo",
    "dangbo.api",
]

MIDDLEWARE = [
    "dangbo.core.requestlog.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dangbo.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dangbo.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dangbo.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangbo.urls"
WSGI_APPLICATION = "dangbo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangbo.accounts.context_processors.navigation",
                "dangbo.notifications.context_processors.bell",
            ],
            "builtins": ["dangbo.core.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangbo.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the job worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated): the client address
# for the login lockout and the audit log is then the one the proxy saw (core/network.py). Empty: REMOTE_ADDR.
DANGBO_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("DANGBO_TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in DANGBO_TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a mistyped address stops the start, not the lockout

# Prometheus metrics at /metrics (core/metrics.py): answered to a direct request from these addresses or networks,
# or to one carrying `Authorization: Bearer <DANGBO_METRICS_TOKEN>` (empty: no token is accepted).
DANGBO_METRICS_ALLOWED = [
    a.strip() for a in os.environ.get("DANGBO_METRICS_ALLOWED", "127.0.0.1,::1").split(",") if a.strip()
]
for _address in DANGBO_METRICS_ALLOWED:
    ipaddress.ip_network(_address, strict=False)
DANGBO_METRICS_TOKEN = os.environ.get("DANGBO_METRICS_TOKEN", "")

# Repeated failed logins: 5 failures lock the username + client address pair for 15 minutes; an attacker
# locking an officer's name from one address does not lock the officer out from another.
AXES_CLIENT_IP_CALLABLE = "dangbo.core.network.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Two-factor: when true, officer roles, staff and superusers must confirm a TOTP code after the password before
# any page, API answer or admin page (accounts/middleware.py lists the few exempt URL names).
DANGBO_REQUIRE_2FA_FOR_OFFICERS = os.environ.get("DANGBO_REQUIRE_2FA_FOR_OFFICERS", "0") == "1"
OTP_TOTP_ISSUER = "Đảng bộ số"

# Content-Security-Policy, in every environment (tests and development too, so browser tests run under it):
# scripts and styles only from our own static files (no inline script, handler or style attribute), images also
# as data: URLs (the two-factor QR code), no plugins, no framing, forms only to this site. See decision 0014.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers are grouped only where a template asks (|vn_number): ids in links and forms must stay plain.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["dangbo.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# `manage.py backup` writes here (decision 0052): one folder per backup, created 0700 with files 0600, since a backup
# holds every member's personal data. Keep it on another disk than the database, or copy it off the machine.
DANGBO_BACKUP_DIR = Path(os.environ.get("DANGBO_BACKUP_DIR", VAR_DIR / "backups"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: the import form rejects files over this size before reading them.
DANGBO_IMPORT_MAX_BYTES = 10 * 1024 * 1024
# The import's zip may expand to at most this much (checked from its headers in the upload request), and the
# validation job reads at most this many data rows per sheet (a bloc has up to ~15,000 members).
DANGBO_IMPORT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DANGBO_IMPORT_MAX_ROWS = 50_000
# Members' questions and proposals (decision 0048): the largest attachment, and the working days the addressee has
# to answer before the question shows as overdue in the officers' inbox.
DANGBO_QUESTION_FILE_MAX_BYTES = int(os.environ.get("DANGBO_QUESTION_FILE_MAX_BYTES", str(10 * 1024 * 1024)))
DANGBO_QUESTION_ANSWER_WORKING_DAYS = int(os.environ.get("DANGBO_QUESTION_ANSWER_WORKING_DAYS", "10"))
# The member list's Excel export: above this many rows it is built by a background job (members/exports.py).
DANGBO_EXPORT_INLINE_MAX_ROWS = int(os.environ.get("DANGBO_EXPORT_INLINE_MAX_ROWS", "5000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The attendance page posts three fields per member (mark, reason, note): Django's default of 1,000 fields would
# refuse a cell of 333 members. 5,000 fields holds a cell of 1,600; a larger body answers 400 (templates/400.html).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000

# Background jobs: the database backend needs no broker; `manage.py run_worker` runs them (docs/decisions/0050).
# Several workers may run at once on PostgreSQL (rows are claimed with SKIP LOCKED).
# Each worker process refreshes its heartbeat row every DANGBO_JOB_HEARTBEAT_SECONDS; a running job whose worker
# has not been seen for DANGBO_JOB_STALE_SECONDS is marked failed (by any worker, every DANGBO_JOB_SWEEP_SECONDS,
# and by the job's page). The window must exceed the longest pause of a heartbeat: on SQLite (the demo) a
# heartbeat waits for the import's write transaction to end.
DANGBO_JOB_HEARTBEAT_SECONDS = float(os.environ.get("DANGBO_JOB_HEARTBEAT_SECONDS", "5"))
DANGBO_JOB_STALE_SECONDS = float(os.environ.get("DANGBO_JOB_STALE_SECONDS", "90"))
DANGBO_JOB_SWEEP_SECONDS = float(os.environ.get("DANGBO_JOB_SWEEP_SECONDS", "30"))
# A job writes its progress at most every this many items.
DANGBO_JOB_PROGRESS_EVERY = 200
# The health page (/suc-khoe/) fails when no job worker was seen for this long, or when the media folder's disk
# has less free space than this.
DANGBO_HEALTH_WORKER_SECONDS = float(os.environ.get("DANGBO_HEALTH_WORKER_SECONDS", "180"))
DANGBO_HEALTH_MIN_FREE_MB = int(os.environ.get("DANGBO_HEALTH_MIN_FREE_MB", "1024"))
# Where screening reads the months left unpaid without reason (screening/dues.py): the dues ledger.
DANGBO_SCREENING_DUES_PROVIDER = "dangbo.dues.provider.unpaid_months"

TASKS = {"default": {"BACKEND": os.environ.get("DANGBO_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "dangbo.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "dangbo.api.permissions.TwoFactorIfRequired",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "dangbo.api.errors.api_exception_handler",
}
# API tokens (docs/decisions/0012): lifetime of a new token in days, by default and at most.
DANGBO_API_TOKEN_DAYS = int(os.environ.get("DANGBO_API_TOKEN_DAYS", "30"))
DANGBO_API_TOKEN_MAX_DAYS = int(os.environ.get("DANGBO_API_TOKEN_MAX_DAYS", "90"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Đảng bộ số API",
    "DESCRIPTION": "API quản lý tổ chức đảng và đảng viên. Mọi dữ liệu giới hạn theo phạm vi của người dùng.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "dangbo": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request: production logs them (settings/production.py); elsewhere runserver has its own.
        "dangbo.requests": {"level": "WARNING"},
    },
}

# Party documents: the organization above the tree's top organizations, printed above their committee's name
# (Hướng dẫn 36-HD/VPTW); organizations lower down print their parent's name.
DANGBO_DOCUMENT_SUPERIOR = os.environ.get("DANGBO_DOCUMENT_SUPERIOR", "Đảng bộ tỉnh Thái Bình")
# Word templates of generated documents: a file of the same name in this folder replaces the shipped one, so an
# office can ship its own wording without a release (empty: the shipped templates only).
DANGBO_DOCUMENT_TEMPLATE_DIR = os.environ.get("DANGBO_DOCUMENT_TEMPLATE_DIR", "")
# LibreOffice, which turns a rendered DOCX into PDF (headless, in a background job), and its time limit.
DANGBO_SOFFICE = os.environ.get("DANGBO_SOFFICE", "soffice")
DANGBO_SOFFICE_TIMEOUT = int(os.environ.get("DANGBO_SOFFICE_TIMEOUT", "120"))

# A refused form (expired or missing CSRF token) gets the site's own page, in Vietnamese.
CSRF_FAILURE_VIEW = "dangbo.core.views.csrf_failure"

# Notifications (decision 0046). The daily run (`manage.py send_notifications`, cron every morning) tells each user
# what is due within `deadline_warning_days` (the office's choice: a working week and a weekend, the same notice a
# secretary gets of a meeting's documents plus a margin) or overdue; the office's home page and `manage.py check`
# warn when the last successful run is older than `stale_hours` (a day plus two hours of slack for a slow run);
# mails go `email_batch` per connection.
DANGBO_NOTIFICATIONS = {
    "deadline_warning_days": int(os.environ.get("DANGBO_NOTIFY_WARNING_DAYS", "7")),
    "stale_hours": int(os.environ.get("DANGBO_NOTIFY_STALE_HOURS", "26")),
    "email_batch": int(os.environ.get("DANGBO_NOTIFY_EMAIL_BATCH", "200")),
    "site_url": os.environ.get("DANGBO_SITE_URL", "http://localhost:8000"),
}
DEFAULT_FROM_EMAIL = os.environ.get("DANGBO_FROM_EMAIL", "Đảng bộ số <khong-tra-loi@localhost>")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_SUBJECT_PREFIX = ""
