"""`manage.py check` warns when the daily notifications have not run successfully for `stale_hours`."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError

from .selectors import health


@register("notifications")
def daily_run_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    try:
        state = health()
    except DatabaseError:  # tables not migrated yet
        return []
    if not state.stale:
        return []
    return [Warning(state.message, hint="Chạy `manage.py send_notifications` (cron hằng ngày).",
                    id="notifications.W001")]  # fmt: skip
