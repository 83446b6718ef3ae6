"""`manage.py check` warns, and the health page lists a warning, when the daily notifications have not run
successfully for `stale_hours`."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError

from dangbo.core.health import register_check

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


@register_check("notifications")
def daily_run_health() -> dict[str, Any]:
    state = health()
    last = state.last_success.finished_at if state.last_success else None
    answer: dict[str, Any] = {"ok": not state.stale, "last_success": last.isoformat() if last else None}
    if state.stale:
        answer["detail"] = f"no successful daily notification run for more than {state.hours} h"
    return answer
