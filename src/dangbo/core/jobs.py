"""Background jobs with progress.

A job is a `BackgroundJob` row (what the user sees: state, progress, result) plus a task on the
configured django-tasks backend (the database backend by default: no broker; `manage.py db_worker`
runs it, several workers may run on PostgreSQL). Apps register a handler per job kind in their
`AppConfig.ready`; handlers take the job and report progress through `JobProgress`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import BackgroundJob

logger = logging.getLogger("dangbo.jobs")

JobHandler = Callable[[BackgroundJob, "JobProgress"], dict[str, Any]]
_HANDLERS: dict[str, JobHandler] = {}


def register_job(kind: str) -> Callable[[JobHandler], JobHandler]:
    def decorator(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        return func

    return decorator


class JobProgress:
    """Writes progress at most every `every` items, so a long job does not write a row per item."""

    def __init__(self, job: BackgroundJob, *, every: int = 200) -> None:
        self.job = job
        self.every = every

    def set_total(self, total: int) -> None:
        self.job.total = total
        BackgroundJob.objects.filter(pk=self.job.pk).update(total=total)

    def advance(self, done: int) -> None:
        self.job.done = done
        if done % self.every == 0 or done == self.job.total:
            BackgroundJob.objects.filter(pk=self.job.pk).update(done=done)


def start_job(*, kind: str, owner: Any, params: dict[str, Any] | None = None, input_file: Any = None) -> BackgroundJob:
    """Create the job row and enqueue it once the surrounding transaction commits."""
    from .tasks import run_job  # the task module imports this one

    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = BackgroundJob(kind=kind, owner=owner, params=params or {})
    if input_file is not None:
        job.input_file.save(getattr(input_file, "name", "upload.bin"), input_file, save=False)
    job.save()
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def execute_job(job_id: int) -> None:
    """Run one job by id (called by the task). Failures are recorded on the job, never lost."""
    job = BackgroundJob.objects.get(pk=job_id)
    if job.state not in (BackgroundJob.State.QUEUED,):
        return
    BackgroundJob.objects.filter(pk=job.pk).update(state=BackgroundJob.State.RUNNING)
    job.state = BackgroundJob.State.RUNNING
    handler = _HANDLERS[job.kind]
    try:
        result = handler(job, JobProgress(job))
    except Exception as exc:  # the job row must tell the user what happened
        logger.exception("job %s failed", job.pk)
        job.state = BackgroundJob.State.FAILED
        job.message = getattr(exc, "message", None) or f"Lỗi khi xử lý: {exc}"
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "message", "finished_at", "updated_at"])
        return
    job.refresh_from_db(fields=["output_file"])
    job.state = BackgroundJob.State.DONE
    job.result = result
    job.done = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "result", "done", "finished_at", "updated_at"])
