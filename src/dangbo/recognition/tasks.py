"""The background job that computes the stored badge list of an award date again (`stored_lists.store`): the
"Tính lại" button of the list above the grassroots level."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import Organization

from .stored_lists import StoredList, list_for, store, tree_root

STORE_JOB_KIND = "recognition.badge_list.store"


@register_job(STORE_JOB_KIND)
def store_badge_list_job(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Params {"award_date", "organization_id"}: the list of the organization's tree, stored again; the result
    counts the rows under the organization. The job runs only inside its owner's scope."""
    award_date = dt.date.fromisoformat(job.params["award_date"])
    unit = Organization.objects.filter(pk=job.params["organization_id"]).first()
    if unit is None:
        raise DomainError("Không tìm thấy tổ chức đảng cần tính danh sách Huy hiệu Đảng.")
    if not scope_for(job.owner).covers_path(Right.VIEW_MEMBERS, unit.path):
        raise DomainError("Bạn không có quyền tính danh sách Huy hiệu Đảng của tổ chức đảng này.")
    store(root=tree_root(unit), award_date=award_date, progress=progress)
    listed = list_for(unit, award_date)
    counts = listed.counts()
    computed_at = listed.computed_at.isoformat() if isinstance(listed, StoredList) else None
    return {"award_date": award_date.isoformat(), "organization_id": unit.pk, "rows": sum(counts.values()),
            "computed_at": computed_at}  # fmt: skip
