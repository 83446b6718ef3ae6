"""The background job that stores a year's screening signals for a subtree: ids in, call `signals.refresh`."""

from __future__ import annotations

from typing import Any

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization

from .signals import refresh

JOB_KIND = "screening.signals.refresh"


@register_job(JOB_KIND)
def refresh_signals_job(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Recompute one year's signals under one organization; params {"year", "organization_id"}. The job runs
    only inside its owner's screening scope."""
    year = int(job.params["year"])
    organization = Organization.objects.filter(pk=job.params["organization_id"]).first()
    if organization is None:
        raise DomainError("Không tìm thấy tổ chức đảng cần tính dấu hiệu.")
    if not scope_for(job.owner).covers_path(Right.VIEW_SCREENING, organization.path):
        raise DomainError("Bạn không có quyền tính dấu hiệu rà soát của tổ chức đảng này.")
    result = refresh(year, organization, progress=progress)
    return {"year": result.year, "organization_id": result.root_id, "hits": result.hits,
            "dues_available": result.dues_available, "as_of": result.as_of.isoformat()}  # fmt: skip
