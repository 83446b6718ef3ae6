"""Real worker processes (`manage.py run_worker`) killed with SIGKILL in the middle of an import and of an export.

The workers open the database the test committed to (PostgreSQL: the test database; SQLite: a file copy of it
that the test itself switches to) and store uploads in a folder both processes share. Their settings
(`dangbo.settings.test_worker`) slow each job step down so that the kill lands mid-way, and shorten the heartbeat
window to a few seconds. Done when: nothing half-written, the job marked failed within the window, the upload
removed, and running the work again from the page succeeds; a job enqueued twice runs once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from dangbo.core.models import AuditEntry, BackgroundJob, WorkerHeartbeat
from dangbo.core.tasks import run_job
from dangbo.core.workers import DIED
from dangbo.members import exports, import_jobs
from dangbo.members.models import Member
from tests.factories import make_member
from tests.members.test_import_support import make_xlsx, member_row

ROOT = Path(__file__).resolve().parents[2]
STALE = 3.0  # DANGBO_JOB_STALE_SECONDS of the workers' settings
SWEEP = 1.0  # DANGBO_JOB_SWEEP_SECONDS
MARGIN = 4.0  # a loaded machine's scheduling and the polling of this test

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_db(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """The URL of the database this test writes to, for the worker processes."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s.get("PASSWORD") else "")
        yield f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
        return
    # SQLite's test database lives in memory, out of another process's reach: copy it (schema and shipped rows)
    # to a file and point this process's connection at the file until the test ends.
    path = tmp_path / "live.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    saved = dict(connection.settings_dict)
    # The audit guard's switch belongs to the raw connection it was made for (core.audit_guard): kept with it.
    memory_flag = connection.dangbo_audit_flag  # type: ignore[attr-defined]
    # As the file database runs in production (settings/base.py): a transaction takes the write lock when it
    # begins, so one that reads then writes waits for a worker's heartbeat instead of failing at once because
    # the heartbeat committed between its read and its write ("database is locked").
    options = {**saved["OPTIONS"], "timeout": 20, "transaction_mode": "IMMEDIATE"}
    connection.settings_dict.update(NAME=str(path), OPTIONS=options)
    connection.connection = None
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        connection.connection = memory
        connection.dangbo_audit_flag = memory_flag  # type: ignore[attr-defined]


class Workers:
    """Worker processes started by the test; every one still running is stopped when the test ends."""

    def __init__(self, url: str, media: Path, logs: Path) -> None:
        self.url, self.media, self.logs = url, media, logs
        self.started: list[subprocess.Popen[bytes]] = []
        self.log_files: list[Any] = []

    def start(self, *, step_delay: float = 0.05, batch: bool = False) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "dangbo.settings.test_worker",
            "DATABASE_URL": self.url,
            "DANGBO_TEST_MEDIA_ROOT": str(self.media),
            "DANGBO_TEST_JOB_STEP_DELAY": str(step_delay),
        }
        command = [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.2", "-v", "0"]
        log = (self.logs / f"worker-{len(self.started)}.log").open("wb")
        self.log_files.append(log)
        process = subprocess.Popen(
            [*command, *(["--batch"] if batch else [])], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for log in self.log_files:
            log.close()


@pytest.fixture
def worker_pool(live_db: str, tmp_path: Path, settings: Any) -> Iterator[Workers]:
    media = tmp_path / "media"
    media.mkdir()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = str(media)
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    pool = Workers(live_db, media, tmp_path)
    yield pool
    pool.stop_all()


def wait_for(what: str, check: Callable[[], Any], *, timeout: float = 60) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def job_state(job_id: int) -> BackgroundJob:
    return BackgroundJob.objects.get(pk=job_id)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def kill(process: subprocess.Popen[bytes]) -> float:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    return time.monotonic()


def assert_failed_in_window(job_id: int, killed_at: float, new_worker: subprocess.Popen[bytes]) -> BackgroundJob:
    """Failed by the new worker's sweep at most one sweep after both: the window since the kill has passed,
    and the new worker is up (its start-up, seconds on a loaded machine, is not the window's business)."""
    wait_for("the new worker's heartbeat", lambda: WorkerHeartbeat.objects.filter(pid=new_worker.pid).exists())
    up_at = time.monotonic()
    wait_for("the job marked failed", lambda: job_state(job_id).state == "failed", timeout=STALE + 30)
    late = time.monotonic() - max(killed_at + STALE, up_at)
    assert late <= SWEEP + MARGIN, f"marked failed {late:.1f} s after the window, with a worker up"
    job = job_state(job_id)
    assert job.message == DIED and job.finished_at is not None
    return job


def test_import_killed_mid_write_fails_cleanly_and_is_imported_again(world, as_officer, worker_pool):
    rows = 60
    content = make_xlsx(members=[member_row(n, "A1") for n in range(1, rows + 1)])
    members_before = Member.objects.count()
    first = worker_pool.start(step_delay=0.2)
    as_officer.post(reverse("imports:start"), {"file": SimpleUploadedFile("du-lieu.xlsx", content)})
    preview = BackgroundJob.objects.get(kind=import_jobs.VALIDATE)
    wait_for("the preview", lambda: job_state(preview.pk).state == "done")
    assert files_under(worker_pool.media), "the upload is kept until the import"
    as_officer.post(reverse("imports:confirm", args=[preview.pk]))
    apply = BackgroundJob.objects.get(kind=import_jobs.APPLY)
    # The first half of the apply job's progress is its check, visible as it goes; the second half is written
    # inside the import's transaction (its progress unseen until the commit), five members a batch under the
    # worker tests' settings, each batch slowed by 0.2 s: twelve batches, 2.4 s at least.
    wait_for("the import's check", lambda: job_state(apply.pk).done >= rows, timeout=120)
    time.sleep(1.0)  # some 25 of the 60 members written, uncommitted
    assert job_state(apply.pk).state == "running"
    killed_at = kill(first)

    assert_failed_in_window(apply.pk, killed_at, worker_pool.start(step_delay=0))
    assert Member.objects.count() == members_before, "nothing half-written"
    assert not Member.objects.filter(given_name__startswith="Hoa").exists()
    assert not AuditEntry.objects.filter(action="members.import.applied").exists()
    assert files_under(worker_pool.media) == [] and not job_state(preview.pk).input_file

    page = as_officer.get(reverse("imports:preview", args=[preview.pk])).content.decode()
    assert "Hãy tải tệp lên lại" in page and "Xác nhận nhập" not in page
    refused = as_officer.post(reverse("imports:confirm", args=[preview.pk]), follow=True).content.decode()
    assert "tải tệp lên lại" in refused and "đã được nhập" not in refused

    as_officer.post(reverse("imports:start"), {"file": SimpleUploadedFile("du-lieu.xlsx", content)})
    again = BackgroundJob.objects.filter(kind=import_jobs.VALIDATE).latest("pk")
    wait_for("the new preview", lambda: job_state(again.pk).state == "done")
    as_officer.post(reverse("imports:confirm", args=[again.pk]))
    applied = BackgroundJob.objects.filter(kind=import_jobs.APPLY).latest("pk")
    wait_for("the import", lambda: job_state(applied.pk).state in ("done", "failed"))
    assert job_state(applied.pk).state == "done", job_state(applied.pk).message
    assert Member.objects.count() == members_before + rows
    assert files_under(worker_pool.media) == []


def test_export_killed_mid_way_fails_and_runs_again_from_its_page(world, as_officer, worker_pool):
    for _ in range(80):
        make_member(organization=world.cell_a1)
    first = worker_pool.start()
    response = as_officer.post(reverse("members:export"), HTTP_HX_REQUEST="true")
    job = BackgroundJob.objects.get(kind=exports.JOB_KIND)
    assert response.status_code == 200 and f'id="job-{job.pk}"' in response.content.decode()
    wait_for("progress", lambda: job_state(job.pk).done > 0)
    killed_at = kill(first)
    assert job_state(job.pk).state == "running"

    failed = assert_failed_in_window(job.pk, killed_at, worker_pool.start(step_delay=0))
    assert not failed.output_file and files_under(worker_pool.media) == []
    assert not AuditEntry.objects.filter(action="members.member.exported").exists()

    page = as_officer.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Chạy lại" in page
    rerun = as_officer.post(reverse("core:job_rerun", args=[job.pk]), HTTP_HX_REQUEST="true")
    new = BackgroundJob.objects.filter(kind=exports.JOB_KIND).latest("pk")
    assert rerun.status_code == 200 and new.pk != job.pk and new.params == job.params
    wait_for("the export", lambda: job_state(new.pk).state in ("done", "failed"))
    new = job_state(new.pk)
    assert new.state == "done" and new.result["rows"] == 80 + 2  # world's m1 and m2 are in A1 too
    download = as_officer.get(reverse("core:job_download", args=[new.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")


def test_a_job_enqueued_twice_with_two_workers_runs_once(world, as_officer, worker_pool):
    job = BackgroundJob.objects.create(kind=exports.JOB_KIND, owner=world.officer, params={"filters": {}})
    run_job.enqueue(job.pk)
    run_job.enqueue(job.pk)
    workers = [worker_pool.start(step_delay=0, batch=True), worker_pool.start(step_delay=0, batch=True)]
    for process in workers:
        assert process.wait(timeout=60) == 0
    assert job_state(job.pk).state == "done"
    assert AuditEntry.objects.filter(action="members.member.exported").count() == 1
