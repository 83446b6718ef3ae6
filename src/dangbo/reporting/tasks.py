"""The background jobs "reporting.year_report" and "reporting.plan_review": ids in, the service writes the file."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job, store_output
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization
from dangbo.planning.models import Plan

from . import review_services
from .services import JOB_KIND, STEPS, DocumentParams, generate_year_report


def _on_step(job: BackgroundJob) -> Callable[[int, str], None]:
    def on_step(done: int, message: str) -> None:
        job.done = done
        BackgroundJob.objects.filter(pk=job.pk).update(done=done, message=message)

    return on_step


@register_job(JOB_KIND)
def run_year_report(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Params {"organization_id", "year", "format", "document"}. Steps: rebuild the owner's scope now (a right
    lost since the job was queued does not leak the figures); write the report into the job's output file,
    with progress at each step."""
    organization = Organization.objects.filter(pk=job.params.get("organization_id")).first()
    if organization is None:
        raise DomainError(_("Không tìm thấy tổ chức đảng của báo cáo."))
    progress.set_total(STEPS)
    generated = generate_year_report(
        actor=job.owner,
        scope=scope_for(job.owner),
        organization=organization,
        year=int(job.params["year"]),
        fmt=str(job.params.get("format", "")),
        params=DocumentParams.from_params(job.params.get("document") or {}),
        today=timezone.localdate(),
        store=partial(store_output, job),
        on_step=_on_step(job),
        job_id=job.pk,
    )
    message = _("Đã tạo báo cáo năm %(year)s của %(name)s.") % {"year": job.params["year"], "name": organization.name}
    BackgroundJob.objects.filter(pk=job.pk).update(message=message)
    return {"file": generated.filename, "bytes": len(generated.content), "below_target": generated.report.below_total}


@register_job(review_services.JOB_KIND)
def run_plan_review(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Params {"plan_id", "kind", "organization_id", "year", "format", "document"}. Steps: rebuild the owner's
    scope now; write the review into the job's output file, with progress at each step."""
    plan = Plan.objects.select_related("issuer").filter(pk=job.params.get("plan_id")).first()
    organization = Organization.objects.filter(pk=job.params.get("organization_id")).first()
    if plan is None or organization is None:
        raise DomainError(_("Không tìm thấy kế hoạch hoặc tổ chức đảng của báo cáo."))
    progress.set_total(review_services.STEPS)
    asked = review_services.ReviewRequest(
        plan=plan, kind=str(job.params.get("kind", "")), organization=organization, end_year=int(job.params["year"]),
        fmt=str(job.params.get("format", "")),
    )  # fmt: skip
    generated = review_services.generate_plan_review(
        actor=job.owner, scope=scope_for(job.owner), asked=asked,
        params=DocumentParams.from_params(job.params.get("document") or {}), today=timezone.localdate(),
        store=partial(store_output, job), on_step=_on_step(job), job_id=job.pk,
    )  # fmt: skip
    message = _("Đã tạo báo cáo %(kind)s Kế hoạch %(plan)s của %(name)s.") % {
        "kind": generated.review.kind_label.lower(), "plan": plan.document_number, "name": organization.name,
    }  # fmt: skip
    BackgroundJob.objects.filter(pk=job.pk).update(message=message)
    return {
        "file": generated.filename,
        "bytes": len(generated.content),
        "tasks_overdue": generated.review.overdue_count,
    }
