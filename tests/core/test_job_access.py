"""Another user's job id on the progress or download address answers 404 like a missing job, and the attempt is
logged (`core.access.denied`); the owner's own requests are not."""

from __future__ import annotations

from django.core.files.base import ContentFile

from dangbo.core.models import AuditEntry, BackgroundJob

from . import test_audit_jobs  # noqa: F401  (registers the "tests.count" job kind)


def denied() -> list[tuple[object, str, str]]:
    return [(e.actor, e.object_type, e.object_id) for e in AuditEntry.objects.filter(action="core.access.denied")]


def test_job_status_of_another_user_is_404_and_logged(world, as_officer, as_outsider):
    job = BackgroundJob.objects.create(kind="tests.count", owner=world.officer)
    assert as_outsider.get(f"/tac-vu/{job.pk}/").status_code == 404
    assert denied() == [(world.outsider, "job", str(job.pk))]
    assert as_officer.get(f"/tac-vu/{job.pk}/").status_code == 200
    assert len(denied()) == 1


def test_job_download_of_another_user_is_404_logged_and_not_counted_as_download(world, as_outsider):
    job = BackgroundJob.objects.create(kind="tests.count", owner=world.officer, state="done")
    job.output_file.save("ket-qua.xlsx", ContentFile(b"PK-data"))
    assert as_outsider.get(f"/tac-vu/{job.pk}/tai-ve/").status_code == 404
    assert denied() == [(world.outsider, "job", str(job.pk))]
    assert not AuditEntry.objects.filter(action="core.job.downloaded").exists()


def test_job_unknown_or_own_running_job_is_404_without_log(world, as_officer):
    running = BackgroundJob.objects.create(kind="tests.count", owner=world.officer, state="running")
    assert as_officer.get(f"/tac-vu/{running.pk}/tai-ve/").status_code == 404
    assert as_officer.get("/tac-vu/999999/").status_code == 404
    assert denied() == []


def test_job_member_persona_cannot_see_officers_job(world, as_member):
    job = BackgroundJob.objects.create(kind="tests.count", owner=world.officer)
    assert as_member.get(f"/tac-vu/{job.pk}/").status_code == 404
    assert denied() == [(world.member_user, "job", str(job.pk))]
