"""Closing a quarter: a grassroots committee (or a committee above it) locks a quarter's meetings for its
subtree, after which no meeting or attendance of that quarter changes there (the meeting services refuse it),
and the compliance figures are final. Unlocking removes that committee's own lock; a lock set above it stays.

Locking first recomputes the subtree's `CellQuarter` rows of the quarter, so what is locked is what the
pages show. Both writes are audited (`meetings.quarter.locked` / `meetings.quarter.unlocked`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .compliance import quarter_span, recompute
from .models import QuarterLock

# "Cấp ủy cơ sở trở lên": the organizations whose committee may close a quarter.
LOCKING_KINDS = (OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


def locks_over(organization: Organization, year: int, quarter: int) -> list[QuarterLock]:
    """The locks of the quarter on the organization or any organization above it, nearest last."""
    return list(
        QuarterLock.objects.filter(path__in=organization.ancestor_paths(), year=year, quarter=quarter)
        .select_related("organization", "locked_by")
        .order_by("path")
    )


def _label(year: int, quarter: int) -> str:
    return f"quý {quarter}/{year}"


def _audit(action: str, *, actor: Any, lock: QuarterLock, organization: Organization, lock_id: int) -> None:
    log_action(
        f"meetings.quarter.{action}",
        actor=actor,
        object_type="quarter_lock",
        object_id=lock_id,
        object_repr=f"Số liệu sinh hoạt {_label(lock.year, lock.quarter)} của {organization.name}",
        scope_path=organization.path,
        data={"organization_id": organization.pk, "year": lock.year, "quarter": lock.quarter},
    )


@transaction.atomic
def lock_quarter(
    *, actor: Any, organization: Organization, year: int, quarter: int, today: dt.date | None = None
) -> QuarterLock:
    """Lock `quarter` of `year` for `organization`'s subtree.

    Steps: refuse an organization below the grassroots level, a quarter out of 1–4, a quarter not ended yet,
    a quarter already locked here or above; recompute the subtree's rows of the quarter; record the lock; audit.
    """
    today = today or timezone.localdate()
    if organization.kind not in LOCKING_KINDS:
        raise DomainError("Chỉ cấp ủy cơ sở trở lên mới khóa số liệu sinh hoạt theo quý.", field="organization")
    if not 1 <= quarter <= 4:
        raise DomainError("Quý phải từ 1 đến 4.", field="quarter")
    if organization.dissolved_on is not None:
        raise DomainError(f"{organization.name} đã giải thể: không khóa số liệu được nữa.", field="organization")
    _first, last = quarter_span(year, quarter)
    if last >= today:
        raise DomainError(
            f"Quý {quarter}/{year} chưa kết thúc (hết ngày {last:%d/%m/%Y}): chỉ khóa được quý đã kết thúc.",
            field="quarter",
        )
    existing = locks_over(organization, year, quarter)
    if existing:
        by = existing[0].organization
        raise DomainError(f"Số liệu sinh hoạt {_label(year, quarter)} đã được {by.name} khóa.", field="quarter")
    recompute(year=year, quarter=quarter, root=organization, today=today)
    lock = QuarterLock.objects.create(
        organization=organization, path=organization.path, year=year, quarter=quarter,
        locked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    _audit("locked", actor=actor, lock=lock, organization=organization, lock_id=lock.pk)
    return lock


@transaction.atomic
def unlock_quarter(*, actor: Any, organization: Organization, year: int, quarter: int) -> None:
    """Remove `organization`'s own lock of the quarter (a lock set above it is that committee's to remove)."""
    lock = QuarterLock.objects.select_for_update().filter(organization=organization, year=year, quarter=quarter).first()
    if lock is None:
        above = [lk for lk in locks_over(organization, year, quarter) if lk.organization_id != organization.pk]
        if above:
            raise DomainError(
                f"Số liệu sinh hoạt {_label(year, quarter)} do {above[0].organization.name} khóa: chỉ cấp đó "
                "mở khóa được.",
                field="quarter",
            )
        raise DomainError(f"Số liệu sinh hoạt {_label(year, quarter)} chưa bị khóa.", field="quarter")
    lock_id = lock.pk
    lock.delete()
    _audit("unlocked", actor=actor, lock=lock, organization=organization, lock_id=lock_id)
