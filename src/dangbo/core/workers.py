"""Job workers' heartbeats and the sweep of jobs whose worker died (docs/decisions/0050).

`beating(worker_id=…)` wraps a worker process (`manage.py run_worker`): it sweeps once, then a small
thread refreshes the process's `WorkerHeartbeat` row (host, pid, last seen, the job it runs) every
`DANGBO_JOB_HEARTBEAT_SECONDS` and sweeps every `DANGBO_JOB_SWEEP_SECONDS`. The sweep marks failed each
running job whose worker has not been seen for `DANGBO_JOB_STALE_SECONDS` (killed, machine lost): the
job would otherwise show "Đang chạy" forever, since nothing picks a claimed task up again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.db.models import Q
from django.utils import timezone

from .jobs import fail_job, running_job_id, set_worker_id
from .models import BackgroundJob, WorkerHeartbeat

logger = logging.getLogger("dangbo.jobs")

DIED = (
    "Tiến trình xử lý đã dừng đột ngột (máy chủ hoặc tiến trình nền bị tắt) trước khi việc này xong; "
    "phần đang làm dở không được lưu."
)
# A worker unseen for this long is forgotten (its row deleted): the table holds the recent workers only.
FORGET_AFTER = dt.timedelta(days=1)


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=settings.DANGBO_JOB_STALE_SECONDS)


def sweep(*, job_ids: Iterable[int] | None = None, now: dt.datetime | None = None) -> list[int]:
    """Mark failed the running jobs (all, or those of `job_ids`) whose worker is not alive; their ids.

    Alive: a heartbeat newer than the window. A job claimed less than a window ago is left alone (its
    worker may not have beaten yet), and so is one that ended meanwhile (the update is conditional)."""
    cutoff = stale_before(now)
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values("worker_id")
    running = BackgroundJob.objects.filter(state=BackgroundJob.State.RUNNING).filter(
        # (a job left running by the code before heartbeats has no claim time: its last change stands in)
        Q(started_at__lt=cutoff) | Q(started_at__isnull=True, updated_at__lt=cutoff)
    )
    if job_ids is not None:
        running = running.filter(pk__in=list(job_ids))
    swept = []
    for job in running.exclude(worker_id__in=alive):
        try:
            marked = fail_job(job, message=DIED, only_if_running=True)
        except OperationalError:  # SQLite busy with another write: the next sweep tries again
            logger.warning("could not mark job %s failed now; the database is busy", job.pk)
            continue
        if marked:
            logger.warning("job %s marked failed: its worker %r stopped", job.pk, job.worker_id)
            swept.append(job.pk)
    if swept:
        _fail_task_results()
    return swept


def _fail_task_results() -> None:
    """The database backend's own rows of tasks whose worker died stay "running"; mark them failed too."""
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend
        return
    alive = set(WorkerHeartbeat.objects.filter(last_seen__gte=stale_before()).values_list("worker_id", flat=True))
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("pk", "worker_ids"):
        ids = result.worker_ids or []
        if ids and ids[-1] not in alive:
            DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now()
            )


def beat(worker_id: str) -> None:
    """Record that this worker process is alive now, and which job it runs."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "last_seen": timezone.now(),
            "job_id": running_job_id(),
        },
    )


def last_worker_seen() -> dt.datetime | None:
    return WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()


class _Heart(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="job-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        every = float(settings.DANGBO_JOB_HEARTBEAT_SECONDS)
        sweep_every = float(settings.DANGBO_JOB_SWEEP_SECONDS)
        since_sweep = 0.0
        try:
            while not self.stopped.wait(every):
                close_old_connections()
                since_sweep += every
                try:
                    beat(self.worker_id)
                    if since_sweep >= sweep_every:
                        since_sweep = 0.0
                        sweep()
                        WorkerHeartbeat.objects.filter(last_seen__lt=timezone.now() - FORGET_AFTER).delete()
                except Exception:  # a busy or lost database: try again at the next beat
                    logger.exception("job worker heartbeat failed; retrying")
        finally:
            connection.close()


@contextmanager
def beating(*, worker_id: str) -> Iterator[None]:
    """Run the body (the worker loop) with this process's heartbeat and the periodic sweep."""
    set_worker_id(worker_id)
    beat(worker_id)
    sweep()
    heart = _Heart(worker_id)
    heart.start()
    try:
        yield
    finally:
        heart.stopped.set()
        heart.join(timeout=float(settings.DANGBO_JOB_HEARTBEAT_SECONDS) + 5)
        # A worker stopped on purpose says so at once; a killed one is found by the window.
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
        set_worker_id("")
