"""Background jobs with progress.

A job is a `BackgroundJob` row (what the user sees: state, progress, result) plus a task on the
configured django-tasks backend (the database backend by default: no broker; `manage.py run_worker`
runs it, several workers may run on PostgreSQL). Apps register a handler per job kind in their
`AppConfig.ready`; handlers take the job and report progress through `JobProgress`.

`execute_job` is the one entry point that runs a job. It claims the job with a conditional update (queued →
running), so a job enqueued twice, or picked by two workers, runs once. A job whose worker died is marked
failed by the sweep (`dangbo.core.workers`, docs/decisions/0050); a failed job's uploaded file is removed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .audit import log_action
from .errors import DomainError
from .models import BackgroundJob

logger = logging.getLogger("dangbo.jobs")

JobHandler = Callable[[BackgroundJob, "JobProgress"], dict[str, Any]]
FailedHook = Callable[[BackgroundJob], None]

_HANDLERS: dict[str, JobHandler] = {}
_NOT_RERUNNABLE: set[str] = set()
_ON_FAILED: dict[str, FailedHook] = {}
# The worker process running this code (set by `run_worker`) and the job it runs now: read by its heartbeat.
_WORKER: dict[str, Any] = {"id": "", "job_id": None}


def register_job(
    kind: str, *, rerunnable: bool = True, on_failed: FailedHook | None = None
) -> Callable[[JobHandler], JobHandler]:
    """Register the handler of `kind`. `rerunnable`: its owner may start a failed job again with the same
    parameters (false for jobs that read an upload, which is removed on failure). `on_failed`: cleans what
    the failed job leaves elsewhere (the import's apply job removes its preview's upload)."""

    def decorator(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        if not rerunnable:
            _NOT_RERUNNABLE.add(kind)
        if on_failed is not None:
            _ON_FAILED[kind] = on_failed
        return func

    return decorator


def is_rerunnable(kind: str) -> bool:
    return kind in _HANDLERS and kind not in _NOT_RERUNNABLE


def set_worker_id(worker_id: str) -> None:
    _WORKER["id"] = worker_id


def running_job_id() -> int | None:
    job_id: int | None = _WORKER["job_id"]
    return job_id


class JobProgress:
    """Writes progress at most every `every` items, so a long job does not write a row per item."""

    def __init__(self, job: BackgroundJob, *, every: int | None = None) -> None:
        self.job = job
        self.every = every or settings.DANGBO_JOB_PROGRESS_EVERY
        # Zero except under the worker tests' settings, which slow a job down enough to kill its worker mid-way.
        self.delay = float(getattr(settings, "DANGBO_JOB_STEP_DELAY_SECONDS", 0))

    def set_total(self, total: int) -> None:
        self.job.total = total
        BackgroundJob.objects.filter(pk=self.job.pk).update(total=total)

    def advance(self, done: int) -> None:
        self.job.done = done
        if done % self.every == 0 or done == self.job.total:
            BackgroundJob.objects.filter(pk=self.job.pk).update(done=done)
        if self.delay:
            time.sleep(self.delay)


def _enqueue(job: BackgroundJob) -> None:
    from .tasks import run_job  # the task module imports this one

    transaction.on_commit(lambda: run_job.enqueue(job.pk))


def start_job(*, kind: str, owner: Any, params: dict[str, Any] | None = None, input_file: Any = None) -> BackgroundJob:
    """Create the job row and enqueue it once the surrounding transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = BackgroundJob(kind=kind, owner=owner, params=params or {})
    if input_file is not None:
        job.input_file.save(getattr(input_file, "name", "upload.bin"), input_file, save=False)
    job.save()
    _enqueue(job)
    return job


def store_output(job: BackgroundJob, filename: str, content: bytes) -> None:
    """Save what a running job produced as its output file, under `filename` (see `job_output_path`)."""
    job.output_file.save(filename, ContentFile(content), save=False)
    BackgroundJob.objects.filter(pk=job.pk).update(output_file=job.output_file.name)


def claim_job(job_id: int) -> bool:
    """queued → running in one conditional UPDATE: true for the one caller that changed the row."""
    claimed = BackgroundJob.objects.filter(pk=job_id, state=BackgroundJob.State.QUEUED).update(
        state=BackgroundJob.State.RUNNING, worker_id=_WORKER["id"], started_at=timezone.now()
    )
    return claimed == 1


def execute_job(job_id: int) -> None:
    """Run one job by id (called by the task). Failures are recorded on the job, never lost."""
    if not claim_job(job_id):
        logger.info("job %s is not queued any more; not run again", job_id)
        return
    job = BackgroundJob.objects.get(pk=job_id)
    handler = _HANDLERS[job.kind]
    _WORKER["job_id"] = job.pk
    try:
        result = handler(job, JobProgress(job))
    except Exception as exc:  # the job row must tell the user what happened
        logger.exception("job %s failed", job.pk)
        fail_job(job, message=getattr(exc, "message", None) or f"Lỗi khi xử lý: {exc}")
        return
    finally:
        _WORKER["job_id"] = None
    job.refresh_from_db(fields=["output_file"])
    job.state = BackgroundJob.State.DONE
    job.result = result
    job.done = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "result", "done", "finished_at", "updated_at"])


def fail_job(job: BackgroundJob, *, message: str, only_if_running: bool = False) -> bool:
    """Mark the job failed and remove what it leaves behind (its upload, what its kind's hook cleans).

    `only_if_running`: for the sweep, which must not overwrite a job that ended meanwhile; false when the
    failure comes from the job's own worker. Returns whether this call marked the job."""
    rows = BackgroundJob.objects.filter(pk=job.pk)
    if only_if_running:
        rows = rows.filter(state=BackgroundJob.State.RUNNING)
    now = timezone.now()
    if not rows.update(state=BackgroundJob.State.FAILED, message=message, finished_at=now, updated_at=now):
        return False
    job.state, job.message, job.finished_at = BackgroundJob.State.FAILED, message, now
    _remove_leftovers(job)
    return True


def _remove_leftovers(job: BackgroundJob) -> None:
    """The failed job's upload holds personal data (citizen ids): it is not kept. A storage hiccup is logged."""
    if job.input_file:
        try:
            job.input_file.delete(save=False)
        except OSError:
            logger.warning("could not delete the input file of failed job %s", job.pk)
        BackgroundJob.objects.filter(pk=job.pk).update(input_file="")
    hook = _ON_FAILED.get(job.kind)
    if hook is not None:
        try:
            hook(job)
        except Exception:  # the job is failed already; the cleanup is retried by nobody, so say so loudly
            logger.exception("cleanup of failed job %s did not finish", job.pk)


@transaction.atomic
def rerun_job(*, actor: Any, job: BackgroundJob, request: Any = None) -> BackgroundJob:
    """Start a failed job again as a new job with the same kind and parameters.

    Steps: lock the failed job (its owner's only); refuse a kind that read an upload or a job that did not
    fail; a second click returns the job the first one started; create and enqueue the new job; remember
    it on the failed one; audit `core.job.rerun`."""
    locked = BackgroundJob.objects.select_for_update().get(pk=job.pk, owner_id=actor.pk)
    if locked.state != BackgroundJob.State.FAILED:
        raise DomainError("Chỉ chạy lại được việc đã bị lỗi.")
    if not is_rerunnable(locked.kind):
        raise DomainError("Việc này đọc tệp đã tải lên; hãy tải tệp lên lại.")
    earlier = locked.result.get("rerun_job_id") if isinstance(locked.result, dict) else None
    if earlier:
        again = BackgroundJob.objects.filter(pk=int(earlier), owner_id=actor.pk).first()
        if again is not None:
            return again
    new = start_job(kind=locked.kind, owner=actor, params=locked.params)
    locked.result = {**(locked.result or {}), "rerun_job_id": new.pk}
    locked.save(update_fields=["result", "updated_at"])
    log_action(
        "core.job.rerun",
        actor=actor,
        object_type="job",
        object_id=new.pk,
        object_repr=locked.kind,
        data={"failed_job_id": locked.pk},
        request=request,
    )
    return new
