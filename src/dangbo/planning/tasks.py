"""Background jobs of the planning app: ids in, call the KPI computation."""

from __future__ import annotations

from typing import Any

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization

from .kpi import recompute_year

JOB_KIND = "planning.kpi.recompute"


@register_job(JOB_KIND)
def recompute_kpis_job(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Recompute one year's KPI values under one organization; params {"year", "organization_id"}.

    The job runs only inside its owner's scope.
    """
    year = int(job.params["year"])
    organization = Organization.objects.filter(pk=job.params["organization_id"]).first()
    if organization is None:
        raise DomainError("Không tìm thấy tổ chức đảng cần tính lại chỉ tiêu.")
    if not scope_for(job.owner).covers_path(Right.VIEW_ORGS, organization.path):
        raise DomainError("Bạn không có quyền tính lại chỉ tiêu của tổ chức đảng này.")
    progress.set_total(1)
    result = recompute_year(year=year, organization=organization)
    progress.advance(1)
    return {"year": result.year, "organization_id": result.organization_id, "rows": result.rows,
            "grassroots": result.grassroots}  # fmt: skip
