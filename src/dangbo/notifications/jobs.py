"""The daily run as a background job kind ("notifications.daily"), for an administrator to start it by hand; cron
runs `manage.py send_notifications` every morning."""

from __future__ import annotations

from typing import Any

from dangbo.core.jobs import JobProgress, register_job
from dangbo.core.models import BackgroundJob

from .daily import run_daily

JOB_KIND = "notifications.daily"


@register_job(JOB_KIND)
def daily_job(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    progress.set_total(1)
    run = run_daily(trigger="job")
    progress.advance(1)
    return {"run_id": run.pk, "counts": run.counts, "emailed": run.emailed}
