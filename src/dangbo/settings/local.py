"""Embedded default: one machine, an SQLite file under var/.

Debug stays off so that the demo shows the site's own error pages, never Django's debug page (it lists
settings and local variables, member data included). `DANGBO_DEBUG=1` turns it on for development on
one's own machine. WhiteNoise serves the static files straight from the source folders, so no
collectstatic is needed.
"""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("DANGBO_DEBUG", "0") == "1"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when STATIC_ROOT is missing
# Mails are printed on the console (the embedded default has no mail server); DANGBO_EMAIL_SMTP=1 sends them
# through the SMTP server described as in production.
if os.environ.get("DANGBO_EMAIL_SMTP", "0") != "1":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
