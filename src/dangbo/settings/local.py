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
