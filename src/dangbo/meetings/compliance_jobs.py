"""The background recompute of the compliance rows: a job a user starts from the compliance page (progress
and result on the job page), and a task for code that only needs it done (ids in, call `compliance.recompute`).
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job, start_job
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization

from .compliance import recompute

JOB_KIND = "meetings.compliance.recompute"


def start_recompute(*, actor: Any, organization: Organization, year: int, quarter: int | None) -> BackgroundJob:
    """Queue the recompute of `organization`'s subtree for one quarter (or every quarter of the year begun)."""
    return start_job(kind=JOB_KIND, owner=actor,
                     params={"year": year, "quarter": quarter, "organization_id": organization.pk})  # fmt: skip


@register_job(JOB_KIND)
def recompute_job(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """params {"year", "quarter" (or null), "organization_id"}; runs only inside its owner's scope."""
    organization = Organization.objects.filter(pk=job.params["organization_id"]).first()
    if organization is None:
        raise DomainError("Không tìm thấy tổ chức đảng cần tính lại số liệu sinh hoạt.")
    if not scope_for(job.owner).covers_path(Right.VIEW_CELL_LIFE, organization.path):
        raise DomainError("Bạn không có quyền tính lại số liệu sinh hoạt của tổ chức đảng này.")
    progress.set_total(1)
    result = recompute(year=int(job.params["year"]), quarter=job.params.get("quarter"), root=organization)
    progress.advance(1)
    return {"year": result.year, "quarters": result.quarters, "rows": result.rows,
            "organization_id": organization.pk}  # fmt: skip


@task()
def recompute_task(year: int, quarter: int | None, organization_id: int) -> None:
    """Recompute one subtree's rows (the organization gone: nothing to do)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is not None:
        recompute(year=year, quarter=quarter, root=organization)
