"""The background job "reporting.year_report": ids in, the report service writes the file."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization

from .services import JOB_KIND, STEPS, DocumentParams, generate_year_report


@register_job(JOB_KIND)
def run_year_report(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Params {"organization_id", "year", "format", "document"}. Steps: rebuild the owner's scope now (a right
    lost since the job was queued does not leak the figures); write the report into the job's output file,
    with progress at each step."""
    organization = Organization.objects.filter(pk=job.params.get("organization_id")).first()
    if organization is None:
        raise DomainError(_("Không tìm thấy tổ chức đảng của báo cáo."))
    progress.set_total(STEPS)

    def on_step(done: int, message: str) -> None:
        job.done = done
        BackgroundJob.objects.filter(pk=job.pk).update(done=done, message=message)

    def store(filename: str, content: bytes) -> None:
        job.output_file.save(filename, ContentFile(content), save=False)
        BackgroundJob.objects.filter(pk=job.pk).update(output_file=job.output_file.name)

    generated = generate_year_report(
        actor=job.owner,
        scope=scope_for(job.owner),
        organization=organization,
        year=int(job.params["year"]),
        fmt=str(job.params.get("format", "")),
        params=DocumentParams.from_params(job.params.get("document") or {}),
        today=timezone.localdate(),
        store=store,
        on_step=on_step,
        job_id=job.pk,
    )
    message = _("Đã tạo báo cáo năm %(year)s của %(name)s.") % {"year": job.params["year"], "name": organization.name}
    BackgroundJob.objects.filter(pk=job.pk).update(message=message)
    return {"file": generated.filename, "bytes": len(generated.content), "below_target": generated.report.below_total}
