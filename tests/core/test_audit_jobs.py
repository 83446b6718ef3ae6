import pytest

from dangbo.core.audit import diff, log_action
from dangbo.core.jobs import execute_job, register_job, start_job, store_output
from dangbo.core.models import AuditEntry, BackgroundJob


@register_job("tests.count")
def _count_job(job, progress):
    progress.set_total(3)
    for i in range(1, 4):
        progress.advance(i)
    return {"counted": 3}


@register_job("tests.fail")
def _failing_job(job, progress):
    raise ValueError("hỏng")


def test_diff_keeps_only_changed_keys():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})


def test_log_action_records_actor_and_values(world):
    entry = log_action(
        "tests.thing.updated", actor=world.officer, object_type="thing", object_id=7, before={"x": 1}, after={"x": 2}
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor, stored.object_id, stored.before, stored.after) == (world.officer, "7", {"x": 1}, {"x": 2})


def test_job_runs_on_commit_and_reports_progress(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind="tests.count", owner=world.officer)
    job.refresh_from_db()
    assert (job.state, job.total, job.done, job.percent, job.result) == ("done", 3, 3, 100, {"counted": 3})


def test_job_failure_is_recorded_not_lost(world):
    job = BackgroundJob.objects.create(kind="tests.fail", owner=world.officer)
    execute_job(job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and "hỏng" in job.message and job.finished_at is not None


def test_job_status_page_only_for_owner(world, as_officer, as_outsider):
    job = BackgroundJob.objects.create(kind="tests.count", owner=world.officer, total=10, done=5)
    ok = as_officer.get(f"/tac-vu/{job.pk}/")
    assert ok.status_code == 200 and b"5/10" in ok.content.replace(b" ", b"")
    assert as_outsider.get(f"/tac-vu/{job.pk}/").status_code == 404


def test_start_job_refuses_unknown_kind(world):
    with pytest.raises(ValueError):
        start_job(kind="tests.nope", owner=world.officer)
    assert BackgroundJob.objects.count() == 0


def test_job_download_only_for_owner_and_logged(world, as_officer, as_outsider):
    from django.core.files.base import ContentFile

    job = BackgroundJob.objects.create(kind="tests.count", owner=world.officer, state="done")
    job.output_file.save("ket-qua.xlsx", ContentFile(b"PK-data"))
    assert as_outsider.get(f"/tac-vu/{job.pk}/tai-ve/").status_code == 404
    response = as_officer.get(f"/tac-vu/{job.pk}/tai-ve/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"PK-data"
    assert (
        AuditEntry.objects.filter(action="core.job.downloaded", actor=world.officer, object_id=str(job.pk)).count() == 1
    )


@register_job("tests.write")
def _writing_job(job, progress):
    store_output(job, "danh-sach.xlsx", f"PK-{job.params['n']}".encode())
    return {}


def test_two_jobs_writing_the_same_name_both_download_under_it(world, as_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        jobs = [start_job(kind="tests.write", owner=world.officer, params={"n": n}) for n in (1, 2)]
    for job in jobs:
        job.refresh_from_db()
        assert job.state == "done" and job.download_name == "danh-sach.xlsx"
        response = as_officer.get(f"/tac-vu/{job.pk}/tai-ve/")
        assert response["Content-Disposition"] == 'attachment; filename="danh-sach.xlsx"'
        assert b"".join(response.streaming_content) == f"PK-{job.params['n']}".encode()
    assert jobs[0].output_file.name != jobs[1].output_file.name


def test_job_download_refused_while_running(world, as_officer):
    job = BackgroundJob.objects.create(kind="tests.count", owner=world.officer, state="running")
    assert as_officer.get(f"/tac-vu/{job.pk}/tai-ve/").status_code == 404
