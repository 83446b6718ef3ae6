"""Background jobs of the planning app: ids in, call the KPI computation.

Also keeps the current year's stored cell-life figures fresh: `refresh_cell_life_soon` (connected in `apps.py` to
the meetings app's `quarters_changed` signal and to the saving and deleting of a task) queues, once the change
commits, `kpi.refresh_cell_life` over the tree of the change, when its figures are stored (the nightly
`recompute_kpis --cell-life` stores them first). A refresh requested before the stored figures were last computed
is skipped, so a burst of attendance saves costs one refresh, not one each.

Also keeps the stored admission rate fresh: `refresh_admission_rate` (connected in `apps.py` to the admissions
app's `admissions_counted_changed` signal) queues, once the decision's transaction commits, a recompute of the
admission-rate figures of each year concerned over the candidate's whole tree (`kpi.recompute_admission_rate`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job
from dangbo.core.models import BackgroundJob
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .kpi import recompute_admission_rate, recompute_year, refresh_cell_life
from .models import CellLifeFigure

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


@task()
def recompute_admission_rate_task(year: int, organization_id: int) -> None:
    """Recompute one year's stored admission-rate figures under one organization (gone: nothing to do)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is not None:
        recompute_admission_rate(year=year, organization=organization)


def refresh_admission_rate(sender: Any, *, candidate: Any, years: list[int], **kwargs: Any) -> None:
    """After a decision is recorded, withdrawn or corrected: once committed, recompute the years concerned over
    the top organization of the candidate's tree (the admission rate rolls up to every ancestor). `robust`: a
    failure to queue is logged and never fails the recorded step (the next whole recompute catches up)."""
    root_id = int(candidate.path[:PATH_SEGMENT_WIDTH])
    for year in years:
        transaction.on_commit(partial(recompute_admission_rate_task.enqueue, year, root_id), robust=True)


@task()
def refresh_cell_life_task(year: int, organization_id: int, requested_at: str) -> None:
    """Refresh the stored cell-life figures of `year` under one organization, unless they were computed after
    `requested_at` (ISO time) already."""
    organization = Organization.objects.filter(pk=organization_id).first()
    stored = CellLifeFigure.objects.filter(year=year, organization_id=organization_id)
    if organization is None or not stored.exists() or stored.filter(computed_at__gte=requested_at).exists():
        return  # gone, never stored (nothing to keep fresh), or refreshed since
    refresh_cell_life(year=year, organization=organization)


def refresh_cell_life_soon(sender: Any, *, path: str = "", year: int | None = None, instance: Any = None,
                           **kwargs: Any) -> None:  # fmt: skip
    """After compliance rows (`path`, `year`) or a task (`instance`) changed in the current year: once committed,
    queue a refresh of the stored figures of the top organization of that tree (no query here: the task checks
    whether there are any). `robust`: a failure to queue never fails the change (the nightly refresh catches up)."""
    if instance is not None:
        path, year = instance.path, instance.year
    if not path or year != timezone.localdate().year:
        return
    root_id = int(path[:PATH_SEGMENT_WIDTH])
    requested = timezone.now().isoformat()
    transaction.on_commit(partial(refresh_cell_life_task.enqueue, year, root_id, requested), robust=True)
