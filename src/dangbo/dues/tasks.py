"""The background job that computes the ledger's months for a subtree: ids in, call `compute.compute_months`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization

from .compute import compute_months

JOB_KIND = "dues.months.compute"


@register_job(JOB_KIND)
def compute_months_job(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Compute the months under one organization; params {"organization_id", "months": ["2026-02-01", …]}. The
    job runs only inside its owner's finance scope."""
    organization = Organization.objects.filter(pk=job.params["organization_id"]).first()
    if organization is None:
        raise DomainError("Không tìm thấy tổ chức đảng cần tính sổ đảng phí.")
    scope = scope_for(job.owner)
    if not (scope.covers_path(Right.MANAGE_FINANCE, organization.path)
            or scope.covers_path(Right.RECORD_DUES, organization.path)):  # fmt: skip
        raise DomainError("Bạn không có quyền tính sổ đảng phí của tổ chức đảng này.")
    months = [dt.date.fromisoformat(m) for m in job.params["months"]]
    result = compute_months(root=organization, months=months, progress=progress)
    return {"organization_id": organization.pk, "months": result.months, "rows": result.rows,
            "removed": result.removed, "cells": result.cells}  # fmt: skip
