"""Jobs claimed once, the sweep of jobs whose worker died, re-running a failed job (docs/decisions/0050)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from dangbo.core import workers
from dangbo.core.jobs import claim_job, execute_job, register_job, start_job
from dangbo.core.models import AuditEntry, BackgroundJob, WorkerHeartbeat
from dangbo.core.tasks import run_job

ran: list[int] = []


@register_job("tests.claims.count")
def _counting_job(job, progress):
    ran.append(job.pk)
    return {"params": job.params}


@register_job("tests.claims.upload", rerunnable=False)
def _upload_job(job, progress):
    return {}


def ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def running_job(owner, *, worker: str = "", started: float = 60, kind: str = "tests.claims.count", **fields):
    return BackgroundJob.objects.create(
        kind=kind, owner=owner, state="running", worker_id=worker, started_at=ago(started), **fields
    )


def heartbeat(worker: str, *, seen: float) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(worker_id=worker, host="may-1", pid=4242, last_seen=ago(seen))


# -- claiming --------------------------------------------------------------------------------------


def test_a_job_enqueued_twice_runs_once(world):
    ran.clear()
    job = BackgroundJob.objects.create(kind="tests.claims.count", owner=world.officer)
    run_job.enqueue(job.pk)
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    assert ran == [job.pk] and job.state == "done"


def test_the_second_claim_of_a_job_fails(world):
    job = BackgroundJob.objects.create(kind="tests.claims.count", owner=world.officer)
    assert claim_job(job.pk) is True
    assert claim_job(job.pk) is False
    job.refresh_from_db()
    assert job.state == "running" and job.started_at is not None


def test_a_failed_or_done_job_is_not_run_again(world):
    ran.clear()
    for state in ("failed", "done", "running"):
        job = BackgroundJob.objects.create(kind="tests.claims.count", owner=world.officer, state=state)
        execute_job(job.pk)
        job.refresh_from_db()
        assert job.state == state
    assert ran == []


# -- the sweep -------------------------------------------------------------------------------------


def test_sweep_fails_the_job_of_a_dead_worker_and_removes_its_upload(world):
    heartbeat("dead", seen=60)
    job = running_job(world.officer, worker="dead", kind="tests.claims.upload")
    job.input_file.save("du-lieu.xlsx", ContentFile(b"PK cccd"), save=True)
    name = job.input_file.name
    assert workers.sweep() == [job.pk]
    job.refresh_from_db()
    assert job.state == "failed" and job.message.startswith("Tiến trình xử lý đã dừng đột ngột")
    assert job.finished_at is not None and not job.input_file and not default_storage.exists(name)


def test_sweep_leaves_live_recent_and_finished_jobs_alone(world):
    heartbeat("alive", seen=1)
    live = running_job(world.officer, worker="alive")
    just_claimed = running_job(world.officer, worker="not-yet-beating", started=0.5)
    done = BackgroundJob.objects.create(kind="tests.claims.count", owner=world.officer, state="done")
    queued = BackgroundJob.objects.create(kind="tests.claims.count", owner=world.officer)
    assert workers.sweep() == []
    states = {j.pk: j.state for j in BackgroundJob.objects.all()}
    assert states == {live.pk: "running", just_claimed.pk: "running", done.pk: "done", queued.pk: "queued"}


def test_sweep_fails_a_job_whose_worker_row_is_gone_or_unknown(world):
    unknown = running_job(world.officer, worker="never-seen")
    before_upgrade = BackgroundJob.objects.create(kind="tests.claims.count", owner=world.officer, state="running")
    BackgroundJob.objects.filter(pk=before_upgrade.pk).update(updated_at=ago(60))
    just_written = BackgroundJob.objects.create(kind="tests.claims.count", owner=world.officer, state="running")
    assert sorted(workers.sweep()) == sorted([unknown.pk, before_upgrade.pk])
    assert BackgroundJob.objects.get(pk=just_written.pk).state == "running"


def test_sweep_of_one_job_leaves_the_others(world):
    first, second = running_job(world.officer, worker="x"), running_job(world.officer, worker="x")
    assert workers.sweep(job_ids=[second.pk]) == [second.pk]
    first.refresh_from_db()
    assert first.state == "running"


def test_the_status_page_marks_a_dead_workers_job_failed_and_offers_to_run_it_again(world, as_officer):
    job = running_job(world.officer, worker="dead", params={"year": 2026})
    page = as_officer.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Tiến trình xử lý đã dừng đột ngột" in page and "Chạy lại" in page
    assert reverse("core:job_rerun", args=[job.pk]) in page


def test_the_status_page_of_a_live_job_keeps_polling(world, as_officer):
    heartbeat("alive", seen=0)
    job = running_job(world.officer, worker="alive")
    page = as_officer.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "hx-get" in page and "Chạy lại" not in page


def test_beat_keeps_one_row_per_worker_with_host_pid_and_job(world):
    workers.beat("w-1")
    workers.beat("w-1")
    row = WorkerHeartbeat.objects.get()
    assert (row.worker_id, row.pid > 0, bool(row.host), row.job_id) == ("w-1", True, True, None)
    assert timezone.now() - row.last_seen < dt.timedelta(seconds=5)


def test_a_worker_sweeps_when_it_starts_and_removes_its_row_when_it_stops(world):
    job = running_job(world.officer, worker="dead")
    with workers.beating(worker_id="w-2"):
        assert WorkerHeartbeat.objects.filter(worker_id="w-2").exists()
        job.refresh_from_db()
        assert job.state == "failed"
    assert not WorkerHeartbeat.objects.filter(worker_id="w-2").exists()


# -- running a failed job again --------------------------------------------------------------------


def failed_job(owner, **fields):
    return BackgroundJob.objects.create(
        kind="tests.claims.count", owner=owner, state="failed", params={"filters": {"q": "lan"}}, **fields
    )


def test_rerun_starts_a_new_job_with_the_same_params_once_and_audits_it(
    world, as_officer, django_capture_on_commit_callbacks
):
    ran.clear()
    old = failed_job(world.officer)
    url = reverse("core:job_rerun", args=[old.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_officer.post(url, HTTP_HX_REQUEST="true")
    new = BackgroundJob.objects.exclude(pk=old.pk).get()
    assert response.status_code == 200 and f'id="job-{new.pk}"' in response.content.decode()
    assert (new.kind, new.params, new.owner, new.state, new.result) == (
        old.kind, old.params, world.officer, "done", {"params": old.params},
    )  # fmt: skip
    assert ran == [new.pk]
    entry = AuditEntry.objects.get(action="core.job.rerun")
    assert (entry.actor, entry.object_id, entry.data) == (world.officer, str(new.pk), {"failed_job_id": old.pk})
    again = as_officer.post(url, HTTP_HX_REQUEST="true")  # a second click: the same new job, nothing more
    assert f'id="job-{new.pk}"' in again.content.decode()
    assert BackgroundJob.objects.count() == 2 and AuditEntry.objects.filter(action="core.job.rerun").count() == 1


def test_rerun_without_htmx_goes_back_to_the_page(world, as_officer):
    old = failed_job(world.officer)
    response = as_officer.post(reverse("core:job_rerun", args=[old.pk]), HTTP_REFERER="http://testserver/dang-vien/")
    assert response.status_code == 302 and response["Location"] == "http://testserver/dang-vien/"
    elsewhere = failed_job(world.officer)
    response = as_officer.post(reverse("core:job_rerun", args=[elsewhere.pk]), HTTP_REFERER="https://evil.example/")
    assert response["Location"] == reverse("core:home")


def test_rerun_refused_for_others_jobs_unfailed_jobs_and_uploads(world, as_officer, as_outsider):
    old = failed_job(world.officer)
    assert as_outsider.post(reverse("core:job_rerun", args=[old.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(old.pk)).exists()
    running = running_job(world.officer, worker="x", started=0)
    assert as_officer.post(reverse("core:job_rerun", args=[running.pk])).status_code == 404
    upload = BackgroundJob.objects.create(kind="tests.claims.upload", owner=world.officer, state="failed")
    page = as_officer.get(reverse("core:job", args=[upload.pk])).content.decode()
    assert "Chạy lại" not in page
    refused = as_officer.post(reverse("core:job_rerun", args=[upload.pk]), HTTP_HX_REQUEST="true")
    assert refused.status_code == 409 and "tải tệp lên lại" in refused.content.decode()
    assert BackgroundJob.objects.count() == 3 and not AuditEntry.objects.filter(action="core.job.rerun").exists()


def test_rerun_needs_a_post(world, as_officer):
    old = failed_job(world.officer)
    assert as_officer.get(reverse("core:job_rerun", args=[old.pk])).status_code == 405


def test_start_job_kinds_know_whether_they_rerun(world):
    job = start_job(kind="tests.claims.upload", owner=world.officer)
    job.state = "failed"
    assert job.can_rerun is False
    job.kind = "tests.claims.count"
    assert job.can_rerun is True
